// The renderer's ambient types (window.banso, stylesheet imports), which the test project does not include.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../renderer/src/assets.d.ts" />
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { bodyXml } from '../../electron/core/docs/body-xml.ts';
import { markdownBlocks } from '../../shared/domain/document.ts';
import { parseInline, parseMarkdown } from '../../shared/domain/markdown.ts';
import { Blocks } from '../../renderer/src/components/DocBlocks.tsx';

/**
 * One Markdown model (shared/domain/markdown.ts) for the app and the documents: the parser's
 * blocks, and a corpus rendered both ways — by the React preview (renderer/src/components/DocBlocks.tsx,
 * server-rendered to HTML) and by the DOCX writer (electron/core/docs/body-xml.ts) — read back
 * into the same block structure.
 */

describe('the Markdown parser', () => {
  it('paragraphs are separated by blank lines; a single line break stays inside the paragraph', () => {
    expect(parseMarkdown('一行目\n二行目\n\n次の段落')).toEqual([
      { type: 'paragraph', runs: [{ text: '一行目\n二行目' }] },
      { type: 'paragraph', runs: [{ text: '次の段落' }] },
    ]);
  });

  it('bold, italic, both, code, links as text, escapes; unmatched marks stay as typed', () => {
    expect(parseInline('**太字**と*斜体*と***両方***')).toEqual([
      { text: '太字', bold: true },
      { text: 'と' },
      { text: '斜体', italic: true },
      { text: 'と' },
      { text: '両方', bold: true, italic: true },
    ]);
    expect(parseInline('__太字__ と _斜体_')).toEqual([{ text: '太字', bold: true }, { text: ' と ' }, { text: '斜体', italic: true }]);
    expect(parseInline('[総務省](https://www.soumu.go.jp/) を参照')).toEqual([{ text: '総務省（https://www.soumu.go.jp/） を参照' }]);
    expect(parseInline('<https://example.jp/a>')).toEqual([{ text: 'https://example.jp/a' }]);
    expect(parseInline('\\*\\*そのまま\\*\\* \\*記号\\*')).toEqual([{ text: '**そのまま** *記号*' }]);
    expect(parseInline('2 * 3 = 6、**閉じない')).toEqual([{ text: '2 * 3 = 6、**閉じない' }]);
    expect(parseInline('snake_case_name')).toEqual([{ text: 'snake_case_name' }]);
    // Backticks are text: a typed `$\`` never swallows text or marks (no code spans).
    expect(parseInline('料金は$`で\n**太字**と`x`')).toEqual([{ text: '料金は$`で\n' }, { text: '太字', bold: true }, { text: 'と`x`' }]);
  });

  it('nested lists, numbered lists that start elsewhere, ・ bullets, continuation lines', () => {
    const b = parseMarkdown('- 交通\n  - 乗合タクシー\n  - 予約アプリ\n- 窓口\n    続きの行\n\n3. 三つ目\n4. 四つ目\n\n・中黒の項目');
    expect(b).toEqual([
      {
        type: 'list',
        ordered: false,
        items: [[{ text: '交通' }], [{ text: '窓口\n続きの行' }]],
        sub: [{ type: 'list', ordered: false, items: [[{ text: '乗合タクシー' }], [{ text: '予約アプリ' }]] }, null],
      },
      { type: 'list', ordered: true, start: 3, items: [[{ text: '三つ目' }], [{ text: '四つ目' }]] },
      { type: 'list', ordered: false, items: [[{ text: '中黒の項目' }]] },
    ]);
  });

  it('headings are unnumbered subheadings; tables keep their alignment', () => {
    expect(parseMarkdown('## 背景\n\n| 指標 | 値 |\n| --- | ---: |\n| 人口 | 9,800 |')).toEqual([
      { type: 'subheading', level: 2, runs: [{ text: '背景' }] },
      { type: 'table', header: ['指標', '値'], rows: [['人口', '9,800']], align: ['left', 'right'] },
    ]);
  });

  it('is the document model’s Markdown (markdownBlocks)', () => {
    const md = '- a\n  - b\n\n**c**';
    expect(markdownBlocks(md)).toEqual(parseMarkdown(md));
  });
});

// ------------------------------------------------------------------------------------------------
// Both renderers, read back into one structure.

interface Node {
  tag: string;
  attrs: string;
  children: (Node | string)[];
}

/** A tiny parser for the well-formed markup both renderers write (XHTML from React, WordprocessingML). */
function parseTree(xml: string): Node {
  const root: Node = { tag: '#root', attrs: '', children: [] };
  const stack = [root];
  const re = /<(\/?)([\w:]+)([^>]*?)(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      top.children.push(m[5].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&'));
    } else if (m[1]) stack.pop();
    else {
      const node: Node = { tag: m[2]!, attrs: m[3]!, children: [] };
      top.children.push(node);
      if (!m[4] && m[2] !== 'br') stack.push(node);
    }
  }
  return root;
}

const kids = (n: Node) => n.children.filter((c): c is Node => typeof c !== 'string');

interface Shape {
  kind: 'p' | 'sub' | 'li' | 'table';
  text?: string;
  bold?: string[];
  italic?: string[];
  depth?: number;
  mark?: string;
  rows?: string[][];
}

/** Text with line breaks as "\n", and the texts shown bold / italic. */
function textOf(n: Node, out: { text: string; bold: string[]; italic: string[] }, bold = false, italic = false): void {
  for (const c of n.children) {
    if (typeof c === 'string') {
      out.text += c;
      if (bold) out.bold.push(c);
      if (italic) out.italic.push(c);
    } else if (c.tag === 'br') out.text += '\n';
    else if (c.tag !== 'ul' && c.tag !== 'ol') textOf(c, out, bold || c.tag === 'strong', italic || c.tag === 'em');
  }
}

function htmlShapes(html: string): Shape[] {
  const out: Shape[] = [];
  const list = (n: Node, depth: number) => {
    const ordered = n.tag === 'ol';
    const start = Number(/start="(\d+)"/.exec(n.attrs)?.[1] ?? 1);
    kids(n).forEach((li, i) => {
      const t = { text: '', bold: [], italic: [] };
      textOf(li, t);
      out.push({ kind: 'li', depth, mark: ordered ? `${start + i}.` : '・', ...t });
      for (const sub of kids(li)) if (sub.tag === 'ul' || sub.tag === 'ol') list(sub, depth + 1);
    });
  };
  for (const n of kids(parseTree(html))) {
    if (n.tag === 'p') {
      const t = { text: '', bold: [] as string[], italic: [] as string[] };
      textOf(n, t);
      if (t.text === '\u00A0') t.text = '';
      out.push({ kind: n.attrs.includes('banso-doc-sub') ? 'sub' : 'p', ...t });
    } else if (n.tag === 'ul' || n.tag === 'ol') list(n, 0);
    else if (n.tag === 'table') {
      const rows: string[][] = [];
      const walk = (x: Node) => {
        for (const c of kids(x)) {
          if (c.tag === 'tr') rows.push(kids(c).map((cell) => { const t = { text: '', bold: [], italic: [] }; textOf(cell, t); return t.text; }));
          else walk(c);
        }
      };
      walk(n);
      out.push({ kind: 'table', rows });
    }
  }
  return out;
}

function runText(p: Node): { text: string; bold: string[]; italic: string[] } {
  const out = { text: '', bold: [] as string[], italic: [] as string[] };
  const walk = (n: Node) => {
    for (const c of kids(n)) {
      if (c.tag === 'w:r') {
        const rpr = kids(c).find((k) => k.tag === 'w:rPr');
        const bold = !!rpr && kids(rpr).some((k) => k.tag === 'w:b');
        const italic = !!rpr && kids(rpr).some((k) => k.tag === 'w:i');
        for (const k of kids(c)) {
          if (k.tag === 'w:t') {
            const t = k.children.join('');
            out.text += t;
            if (bold) out.bold.push(t);
            if (italic) out.italic.push(t);
          } else if (k.tag === 'w:br') out.text += '\n';
          else if (k.tag === 'w:tab') out.text += '\t';
        }
      } else walk(c);
    }
  };
  walk(p);
  return out;
}

function docxShapes(xml: string): Shape[] {
  const out: Shape[] = [];
  for (const n of kids(parseTree(`<body>${xml}</body>`)).flatMap(kids)) {
    if (n.tag === 'w:p') {
      const ppr = kids(n).find((k) => k.tag === 'w:pPr');
      const ind = ppr ? kids(ppr).find((k) => k.tag === 'w:ind') : undefined;
      const t = runText(n);
      if (ind && /w:hanging/.test(ind.attrs)) {
        const left = Number(/w:left="(\d+)"/.exec(ind.attrs)![1]);
        const [mark, ...rest] = t.text.split('\t');
        out.push({ kind: 'li', depth: left / 420 - 1, mark: mark!, text: rest.join('\t'), bold: t.bold, italic: t.italic });
      } else if (ppr && kids(ppr).some((k) => k.tag === 'w:keepNext')) {
        out.push({ kind: 'sub', text: t.text, bold: [], italic: t.italic });
      } else if (t.text !== '' || kids(n).some((k) => k.tag === 'w:r')) {
        out.push({ kind: 'p', ...t });
      }
    } else if (n.tag === 'w:tbl') {
      const rows = kids(n)
        .filter((r) => r.tag === 'w:tr')
        .map((r) => kids(r).filter((c) => c.tag === 'w:tc').map((c) => kids(c).filter((p) => p.tag === 'w:p').map((p) => runText(p).text).join('\n')));
      out.push({ kind: 'table', rows });
    }
  }
  return out;
}

const CORPUS = [
  '地域の現状を**三つの観点**で整理した。😀\n人口は*減り続けている*。',
  '- 公共交通の縮小\n  - 乗合タクシー\n    - 予約は電話でも\n  - デマンド交通\n- 窓口の**混雑**\n\n1. 調査\n2. 分析\n   1. 聞き取り\n   2. 統計',
  '## 背景\n\n県内全域の光回線を生かした。[総務省の事例集](https://www.soumu.go.jp/)を参照。\n\n### 成果\n\n- **進出企業**: 16社\n- _移住者_: 増加',
  '| 指標 | 現状 | 目標 |\n| --- | :---: | ---: |\n| 窓口待ち時間 | 40分 | 10分 |\n| **満足度** | 低い | 高い |',
  '5. 五番目から\n6. 六番目\n\n・中黒の箇条書き\n・二つ目\n\n`コード` と \\*記号\\* と ***両方***',
  // A real seed case body.
  '- **背景**: 徳島県は光ファイバ網を県内全域に整備しました。\n- **取組**: NPO「グリーンバレー」が移住を支援してきました。\n- **成果**: 平成30年8月時点で16社に達しています。',
];

describe('the same Markdown in the app and in the DOCX', () => {
  const layout = { textWidth: 9000, headingFont: '游ゴシック' };
  for (const [i, md] of CORPUS.entries()) {
    it(`corpus ${i + 1}: the preview and the DOCX have the same blocks, text, marks and list depths`, () => {
      const blocks = parseMarkdown(md);
      const html = htmlShapes(renderToStaticMarkup(createElement(Blocks, { blocks })));
      const docx = docxShapes(bodyXml(blocks, layout));
      // Subheadings are bold by their style in the DOCX, by their element in the app: compare their text.
      const norm = (shapes: Shape[]) => shapes.map((s) => (s.kind === 'sub' ? { ...s, bold: [] } : s));
      expect(norm(docx)).toEqual(norm(html));
      expect(html.length).toBeGreaterThan(0);
    });
  }

  it('the structure read back is the one written (nested depth, numbering start, alignment-free cells)', () => {
    const html = htmlShapes(renderToStaticMarkup(createElement(Blocks, { blocks: parseMarkdown(CORPUS[1]!) })));
    expect(html.map((s) => [s.kind, s.depth, s.mark, s.text])).toEqual([
      ['li', 0, '・', '公共交通の縮小'],
      ['li', 1, '・', '乗合タクシー'],
      ['li', 2, '・', '予約は電話でも'],
      ['li', 1, '・', 'デマンド交通'],
      ['li', 0, '・', '窓口の混雑'],
      ['li', 0, '1.', '調査'],
      ['li', 0, '2.', '分析'],
      ['li', 1, '1.', '聞き取り'],
      ['li', 1, '2.', '統計'],
    ]);
  });
});
