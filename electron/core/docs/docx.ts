import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Block, DocModel, Run, Tone } from '../../../shared/domain/document.ts';
import { readZip, writeZip } from './zip.ts';

/**
 * DocModel → DOCX bytes with the `docx` library: A4 portrait, 明朝 body and ゴシック headings set as
 * East Asian fonts in the styles, language ja-JP, title in the header and page numbers in the
 * footer, a TOC field Word updates on open, tables with a repeated header row. The package is then
 * repacked with fixed time stamps (zip entries and core properties) so the same model gives the
 * same bytes.
 */

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const A4 = { width: 11906, height: 16838 } as const;
const MARGIN = { top: 1701, bottom: 1417, left: 1417, right: 1417, header: 851, footer: 850 } as const;

export const BODY_FONT = '游明朝';
export const BODY_FONT_ALT = 'ＭＳ 明朝';
export const HEADING_FONT = '游ゴシック';
export const HEADING_FONT_ALT = 'ＭＳ ゴシック';

const mincho = { ascii: BODY_FONT, hAnsi: BODY_FONT, eastAsia: BODY_FONT, cs: BODY_FONT };
const gothic = { ascii: HEADING_FONT, hAnsi: HEADING_FONT, eastAsia: HEADING_FONT, cs: HEADING_FONT };
const lang = { value: 'ja-JP', eastAsia: 'ja-JP' };

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function runs(rs: readonly Run[], extra: { size?: number; bold?: boolean; font?: typeof gothic } = {}): TextRun[] {
  return rs.map((r) => new TextRun({ text: r.text, ...(r.bold || extra.bold ? { bold: true } : {}), ...(extra.size ? { size: extra.size } : {}), ...(extra.font ? { font: extra.font } : {}) }));
}

const TONE: Record<Tone, { size?: number; font?: typeof gothic; spacingAfter?: number }> = {
  normal: {},
  note: { size: 18 },
  title: { size: 56, font: gothic, spacingAfter: 240 },
  subtitle: { size: 28, spacingAfter: 120 },
};

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '808080' } as const;
const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };

function cell(text: string, opts: { bold?: boolean; shade?: string; align?: 'left' | 'right' | 'center' }): TableCell {
  const lines = text.split('\n');
  return new TableCell({
    borders,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(opts.shade ? { shading: { type: ShadingType.CLEAR, fill: opts.shade, color: 'auto' } } : {}),
    children: lines.map((l) => new Paragraph({ alignment: ALIGN[opts.align ?? 'left'], spacing: { before: 0, after: 0 }, children: [new TextRun({ text: l, ...(opts.bold ? { bold: true } : {}), size: 19 })] })),
  });
}

function table(b: Extract<Block, { type: 'table' }>): Table {
  const n = Math.max(1, b.header.length);
  const width = A4.width - MARGIN.left - MARGIN.right;
  const colW = Math.floor(width / n);
  const rows = [
    new TableRow({ tableHeader: true, cantSplit: true, children: b.header.map((h) => cell(h, { bold: true, shade: 'D9E2F3', align: 'center' })) }),
    ...b.rows.map((r) => new TableRow({ cantSplit: true, children: b.header.map((_, i) => cell(r[i] ?? '', { align: b.align?.[i] ?? 'left' })) })),
  ];
  if (b.totals) rows.push(new TableRow({ cantSplit: true, children: b.header.map((_, i) => cell(b.totals![i] ?? '', { bold: true, shade: 'F2F2F2', align: b.align?.[i] ?? 'left' })) }));
  return new Table({ width: { size: width, type: WidthType.DXA }, columnWidths: b.header.map(() => colW), rows });
}

const HEADING = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

function blockChildren(b: Block): (Paragraph | Table | TableOfContents)[] {
  switch (b.type) {
    case 'heading':
      return [new Paragraph({ heading: HEADING[b.level], children: [new TextRun(b.number ? `${b.number}　${b.text}` : b.text)] })];
    case 'paragraph': {
      const t = TONE[b.tone ?? 'normal'];
      return [
        new Paragraph({
          alignment: ALIGN[b.align ?? 'left'],
          // Cover lines get single line spacing: 1.5 lines of a 28 pt title overlap the line above in LibreOffice.
          ...(t.spacingAfter ? { spacing: { before: t.spacingAfter, after: t.spacingAfter, line: 240, lineRule: LineRuleType.AUTO } } : {}),
          children: runs(b.runs, { ...(t.size ? { size: t.size } : {}), ...(t.font ? { font: t.font } : {}) }),
        }),
      ];
    }
    case 'list':
      return b.items.map(
        (item, i) =>
          new Paragraph({
            indent: { left: 420, hanging: 420 },
            spacing: { after: 40 },
            children: [new TextRun(b.ordered ? `${i + 1}.\t` : '・\t'), ...runs(item)],
            tabStops: [{ type: 'left', position: 420 }],
          }),
      );
    case 'table':
      return [table(b), new Paragraph({ spacing: { after: 0 }, children: [] })];
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
    case 'toc':
      return [
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: b.title, bold: true, size: 32, font: gothic })] }),
        new TableOfContents(b.title, { hyperlink: true, headingStyleRange: '1-3' }),
      ];
  }
}

function fontTableXml(): string {
  const font = (name: string, alt: string, family: string, pitch: string) =>
    `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:panose1 w:val="02020400000000000000"/><w:charset w:val="80"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    font(BODY_FONT, BODY_FONT_ALT, 'roman', 'variable') +
    font(BODY_FONT_ALT, BODY_FONT, 'roman', 'fixed') +
    font(HEADING_FONT, HEADING_FONT_ALT, 'modern', 'variable') +
    font(HEADING_FONT_ALT, HEADING_FONT, 'modern', 'fixed') +
    '</w:fonts>'
  );
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** W3CDTF without milliseconds, from the model's fixed time stamp. */
function w3c(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '2000-01-01T00:00:00Z' : `${d.toISOString().slice(0, 19)}Z`;
}

function buildDocument(m: DocModel): Document {
  const children = m.blocks.flatMap(blockChildren);
  const headingStyle = (id: string, name: string, size: number, before: number, indentLeft = 0) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: gothic, size, bold: true, language: lang },
    paragraph: { spacing: { before, after: 120 }, keepNext: true, keepLines: true, ...(indentLeft ? { indent: { left: indentLeft } } : {}) },
  });
  return new Document({
    creator: m.meta.creator,
    lastModifiedBy: m.meta.creator,
    title: m.title,
    description: m.meta.description,
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: mincho, size: 21, language: lang }, paragraph: { spacing: { line: 360, lineRule: LineRuleType.AUTO, after: 80 } } },
        heading1: { run: { font: gothic, size: 28, bold: true, language: lang }, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true, keepLines: true } },
        heading2: { run: { font: gothic, size: 24, bold: true, language: lang }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true } },
        heading3: { run: { font: gothic, size: 21, bold: true, language: lang }, paragraph: { spacing: { before: 160, after: 80 }, keepNext: true, keepLines: true, indent: { left: 210 } } },
      },
      paragraphStyles: [headingStyle('Title', 'Title', 56, 0)],
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: { width: A4.width, height: A4.height }, margin: MARGIN },
        },
        headers: {
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: m.header, size: 18, font: gothic, color: '595959' })] })] }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        footers: {
          default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'], size: 18 })] })] }),
          first: new Footer({ children: [new Paragraph({ children: [] })] }),
        },
        children,
      },
    ],
  });
}

/**
 * The library numbers TOC bookmarks with a process-wide counter (the second export of the same
 * model would get _Toc5 instead of _Toc1): renumber them in order of appearance.
 */
function renumberBookmarks(xml: string): string {
  const ids = new Map<string, string>();
  const id = (n: string) => {
    let v = ids.get(n);
    if (v === undefined) ids.set(n, (v = String(ids.size + 1)));
    return v;
  };
  return xml.replace(/_Toc(\d+)/g, (_m, n: string) => `_Toc${id(n)}`).replace(/(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(\d+)"/g, (_m, pre: string, n: string) => `${pre}${id(n)}"`);
}

/** The DOCX bytes of a document model. Deterministic: the same model gives the same bytes. */
export async function renderDocx(m: DocModel): Promise<Buffer> {
  const doc = buildDocument(m);
  const packed = await Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
  const stamp = w3c(m.meta.created);
  const modified = w3c(m.meta.modified);
  const entries = readZip(packed).map((e) => {
    if (e.name === 'word/document.xml') return { name: e.name, data: new Uint8Array(Buffer.from(renumberBookmarks(Buffer.from(e.data).toString('utf8')), 'utf8')) };
    if (e.name !== 'docProps/core.xml') return e;
    const xml = Buffer.from(e.data)
      .toString('utf8')
      .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
      .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${modified}$2`)
      .replace(/(<dc:creator>)[^<]*(<\/dc:creator>)/, `$1${xmlEscape(m.meta.creator)}$2`);
    return { name: e.name, data: new Uint8Array(Buffer.from(xml, 'utf8')) };
  });
  // [Content_Types].xml first, as Word writes it; the rest in the library's order.
  entries.sort((a, b) => Number(b.name === '[Content_Types].xml') - Number(a.name === '[Content_Types].xml'));
  return writeZip(entries);
}
