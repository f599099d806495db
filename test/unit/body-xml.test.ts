import { describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import { bodyXml } from '../../electron/core/docs/body-xml.ts';
import { xmlText } from '../../electron/core/docs/xml.ts';
import { renderDocx } from '../../electron/core/docs/docx.ts';
import { readZip } from '../../electron/core/docs/zip.ts';
import { numberHeadings, type Block, type DocModel } from '../../shared/domain/document.ts';

const NASTY = 'a&b <c> "d" \u0001\u0008\u000B\uFFFF e\uD800f 👩‍💻 \tタブ';

function model(blocks: Block[]): DocModel {
  return {
    kind: 'plan',
    title: '計画書',
    header: '見出し',
    cover: { title: '計画書', subtitle: '', client: 'テスト町', date: '令和7年6月2日', author: '', organization: '' },
    meta: { creator: 'Bansō', description: '', created: '2025-06-02T00:00:00Z', modified: '2025-06-02T00:00:00Z' },
    blocks: numberHeadings(blocks),
  };
}

describe('body XML writer', () => {
  it('escapes markup, drops characters XML forbids (and lone surrogates), keeps emoji', () => {
    const x = xmlText(NASTY);
    expect(x).toBe('a&amp;b &lt;c&gt; "d"  ef 👩‍💻 \tタブ');
  });

  it('writes headings with bookmarks, a filled TOC field, lists, tables with a repeated header row', () => {
    const xml = bodyXml(
      numberHeadings([
        { type: 'toc', title: '目次' },
        { type: 'heading', level: 1, number: '', text: '現状' },
        { type: 'list', ordered: true, items: [[{ text: '一つ目' }], [{ text: '二つ目', bold: true }]] },
        { type: 'table', header: ['項目', '金額'], rows: [['機器', '1,000円']], totals: ['合計', '1,000円'], align: ['left', 'right'] },
      ]),
      { textWidth: 9072, headingFont: '游ゴシック' },
    );
    expect(xml).toContain('<w:pStyle w:val="Heading1"/></w:pPr><w:bookmarkStart w:name="_Toc1" w:id="1"/>');
    expect(xml).toContain('TOC \\h \\o &quot;1-3&quot;');
    expect(xml).toContain('<w:hyperlink w:history="1" w:anchor="_Toc1">');
    expect(xml).toContain('<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>');
    expect(xml).toContain('<w:t xml:space="preserve">2.</w:t><w:tab/>');
    expect(xml).toContain('<w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">二つ目</w:t>');
    expect(xml.match(/<w:tc>/g)).toHaveLength(6);
  });

  it('gives a document Word and mammoth can read, whatever the text holds', async () => {
    const bytes = await renderDocx(
      model([
        { type: 'heading', level: 1, number: '', text: NASTY },
        { type: 'paragraph', runs: [{ text: `行1\n行2 ${NASTY}` }] },
        { type: 'table', header: ['列'], rows: [[NASTY]] },
      ]),
    );
    const doc = Buffer.from(readZip(bytes).find((e) => e.name === 'word/document.xml')!.data).toString('utf8');
    expect(doc).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(doc).not.toContain('BANSO-BODY');
    const text = (await mammoth.extractRawText({ buffer: bytes })).value;
    expect(text).toContain('a&b <c> "d"  ef 👩‍💻');
    expect(doc).toContain('<w:t xml:space="preserve">行1</w:t><w:br/><w:t xml:space="preserve">行2 ');
    expect(text).toMatch(/行1\s*行2/);
  });
});
