import type { Block, ListBlock, Run, Tone } from '../../../shared/domain/document.ts';
import { xmlAttr, xmlText } from './xml.ts';

/**
 * The body of document.xml (WordprocessingML) for the document model's blocks, written as text.
 *
 * Why not the `docx` library's Paragraph/Table objects: for a 100-page plan they build a few
 * million small objects and spend ~85 % of the export in its generic XML serialiser and the
 * garbage collector (profiled: 0.9–1.4 s). The library still writes the package around the body
 * (styles with the East Asian fonts, settings, header and footer, section, numbering, relations);
 * this module writes only the paragraphs and tables, in the same markup the library produced
 * before (checked by the same mammoth / XML / LibreOffice tests), in about a tenth of the time.
 *
 * Element order inside w:pPr, w:rPr, w:tblPr and w:tcPr follows the schema (ECMA-376 Part 1).
 */

export interface BodyLayout {
  /** Text width in twips (page width minus margins): tables span it, the TOC's right tab sits at it. */
  textWidth: number;
  headingFont: string;
}

interface RunStyle {
  bold?: boolean | undefined;
  italic?: boolean | undefined;
  size?: number | undefined;
  font?: string | undefined;
}

function rPr(s: RunStyle): string {
  let x = '';
  if (s.font) {
    const f = xmlAttr(s.font);
    x += `<w:rFonts w:ascii="${f}" w:cs="${f}" w:eastAsia="${f}" w:hAnsi="${f}"/>`;
  }
  if (s.bold) x += '<w:b/><w:bCs/>';
  if (s.italic) x += '<w:i/><w:iCs/>';
  if (s.size) x += `<w:sz w:val="${s.size}"/><w:szCs w:val="${s.size}"/>`;
  return x ? `<w:rPr>${x}</w:rPr>` : '';
}

/** One run; tabs and line breaks inside the text become w:tab and w:br. */
function run(text: string, style: RunStyle = {}): string {
  let inner = '';
  for (const part of text.split(/(\t|\r?\n)/)) {
    if (part === '') continue;
    if (part === '\t') inner += '<w:tab/>';
    else if (part === '\n' || part === '\r\n') inner += '<w:br/>';
    else inner += `<w:t xml:space="preserve">${xmlText(part)}</w:t>`;
  }
  return `<w:r>${rPr(style)}${inner}</w:r>`;
}

function runs(rs: readonly Run[], style: RunStyle = {}): string {
  let x = '';
  for (const r of rs) x += run(r.text, { ...style, bold: r.bold || style.bold, italic: r.italic || style.italic });
  return x;
}

interface ParaStyle {
  style?: string;
  tabs?: string;
  spacing?: { before?: number; after?: number; line?: number };
  indent?: { left: number; hanging?: number };
  align?: 'left' | 'center' | 'right' | undefined;
}

function pPr(p: ParaStyle): string {
  let x = '';
  if (p.style) x += `<w:pStyle w:val="${p.style}"/>`;
  if (p.tabs) x += `<w:tabs>${p.tabs}</w:tabs>`;
  if (p.spacing) {
    const s = p.spacing;
    x += `<w:spacing${s.after !== undefined ? ` w:after="${s.after}"` : ''}${s.before !== undefined ? ` w:before="${s.before}"` : ''}${s.line !== undefined ? ` w:line="${s.line}" w:lineRule="auto"` : ''}/>`;
  }
  if (p.indent) x += `<w:ind w:left="${p.indent.left}"${p.indent.hanging !== undefined ? ` w:hanging="${p.indent.hanging}"` : ''}/>`;
  if (p.align) x += `<w:jc w:val="${p.align}"/>`;
  return x ? `<w:pPr>${x}</w:pPr>` : '';
}

function para(p: ParaStyle, content: string): string {
  return `<w:p>${pPr(p)}${content}</w:p>`;
}

const TONE: Record<Tone, { size?: number; heading?: boolean; spacing?: number }> = {
  normal: {},
  note: { size: 18 },
  title: { size: 56, heading: true, spacing: 240 },
  subtitle: { size: 28, spacing: 120 },
};

const CELL_BORDER = '<w:tcBorders><w:top w:val="single" w:color="808080" w:sz="4"/><w:left w:val="single" w:color="808080" w:sz="4"/><w:bottom w:val="single" w:color="808080" w:sz="4"/><w:right w:val="single" w:color="808080" w:sz="4"/></w:tcBorders>';
const CELL_MARGIN = '<w:tcMar><w:top w:type="dxa" w:w="40"/><w:left w:type="dxa" w:w="80"/><w:bottom w:type="dxa" w:w="40"/><w:right w:type="dxa" w:w="80"/></w:tcMar>';
const TABLE_BORDERS =
  '<w:tblBorders><w:top w:val="single" w:color="auto" w:sz="4"/><w:left w:val="single" w:color="auto" w:sz="4"/><w:bottom w:val="single" w:color="auto" w:sz="4"/><w:right w:val="single" w:color="auto" w:sz="4"/><w:insideH w:val="single" w:color="auto" w:sz="4"/><w:insideV w:val="single" w:color="auto" w:sz="4"/></w:tblBorders>';

/** Display width of a text in half-width units (a CJK character counts 2), its longest line. */
function textUnits(s: string): number {
  let best = 0;
  let cur = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) {
      if (cur > best) best = cur;
      cur = 0;
    } else cur += c < 0x2e80 || (c >= 0xff61 && c <= 0xff9f) ? 1 : 2;
  }
  return cur > best ? cur : best;
}

/**
 * Column widths in twips summing to the text width: each column's share follows its longest text
 * (header included), clamped so a short column stays readable and a long one wraps.
 */
export function columnWidths(b: Extract<Block, { type: 'table' }>, textWidth: number): number[] {
  const n = Math.max(1, b.header.length);
  const weight = Array.from({ length: n }, (_, i) => {
    let w = textUnits(b.header[i] ?? '');
    const rows = b.rows.length > 200 ? b.rows.slice(0, 200) : b.rows;
    for (const r of rows) {
      const u = textUnits(r[i] ?? '');
      if (u > w) w = u;
    }
    if (b.totals) w = Math.max(w, textUnits(b.totals[i] ?? ''));
    return Math.min(40, Math.max(6, w));
  });
  const sum = weight.reduce((a, x) => a + x, 0);
  const out = weight.map((w) => Math.floor((textWidth * w) / sum));
  out[n - 1]! += textWidth - out.reduce((a, x) => a + x, 0);
  return out;
}

function tableXml(b: Extract<Block, { type: 'table' }>, layout: BodyLayout): string {
  const widths = columnWidths(b, layout.textWidth);
  const tcPrOf = (colW: number, shade?: string) => `<w:tcPr><w:tcW w:type="dxa" w:w="${colW}"/>${CELL_BORDER}${shade ? `<w:shd w:fill="${shade}" w:color="auto" w:val="clear"/>` : ''}${CELL_MARGIN}</w:tcPr>`;
  const plain = widths.map((w) => tcPrOf(w));
  const cell = (text: string, tcPr: string, bold: boolean, align: 'left' | 'right' | 'center') => {
    let ps = '';
    for (const line of text.split('\n')) ps += para({ spacing: { after: 0, before: 0, line: 240 }, align }, run(line, { bold, size: 19 }));
    return `<w:tc>${tcPr}${ps}</w:tc>`;
  };
  const cols = b.header.length > 0 ? b.header : [''];
  let x = `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${layout.textWidth}"/>${TABLE_BORDERS}</w:tblPr><w:tblGrid>`;
  for (let i = 0; i < cols.length; i++) x += `<w:gridCol w:w="${widths[i]}"/>`;
  x += '</w:tblGrid>';
  x += '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>';
  cols.forEach((h, i) => (x += cell(h, tcPrOf(widths[i]!, 'D9E2F3'), true, 'center')));
  x += '</w:tr>';
  for (const r of b.rows) {
    x += '<w:tr><w:trPr><w:cantSplit/></w:trPr>';
    for (let i = 0; i < cols.length; i++) x += cell(r[i] ?? '', plain[i]!, false, b.align?.[i] ?? 'left');
    x += '</w:tr>';
  }
  if (b.totals) {
    x += '<w:tr><w:trPr><w:cantSplit/></w:trPr>';
    for (let i = 0; i < cols.length; i++) x += cell(b.totals[i] ?? '', tcPrOf(widths[i]!, 'F2F2F2'), true, b.align?.[i] ?? 'left');
    x += '</w:tr>';
  }
  return `${x}</w:tbl>`;
}

/** Indent of one list level, in twips. */
const LIST_INDENT = 420;

/** A list's items as indented paragraphs (the number or ・ hanging), nested lists one level further in. */
function listXml(b: ListBlock, depth: number, out: string[]): void {
  const left = LIST_INDENT * (depth + 1);
  const start = b.start ?? 1;
  b.items.forEach((item, i) => {
    const mark = b.ordered ? `${start + i}.` : '・';
    out.push(para({ tabs: `<w:tab w:val="left" w:pos="${left}"/>`, spacing: { after: 40 }, indent: { left, hanging: LIST_INDENT } }, run(`${mark}\t`) + runs(item)));
    const sub = b.sub?.[i];
    if (sub) listXml(sub, depth + 1, out);
  });
}

/** Sizes (half-points) of Markdown headings inside an answer (# … ######): never above the question's own heading. */
const SUBHEADING_SIZE = [22, 21, 21, 21, 21, 21] as const;

function headingText(b: Extract<Block, { type: 'heading' }>): string {
  return b.number ? `${b.number}　${b.text}` : b.text;
}

/**
 * A TOC field (\o "1-3" \h) already filled with the headings, so the document shows a contents
 * list before Word updates the field on open (settings: updateFields); page numbers come then.
 */
function tocXml(title: string, headings: readonly Extract<Block, { type: 'heading' }>[], layout: BodyLayout): string {
  const x = para({ spacing: { after: 240 }, align: 'center' }, run(title, { bold: true, size: 32, font: layout.headingFont }));
  const begin = '<w:r><w:fldChar w:fldCharType="begin"/><w:instrText xml:space="preserve">TOC \\h \\o &quot;1-3&quot;</w:instrText><w:fldChar w:fldCharType="separate"/></w:r>';
  const tabs = `<w:tab w:val="right" w:pos="${layout.textWidth}" w:leader="dot"/>`;
  let content = '<w:sdt><w:sdtPr><w:alias w:val="' + xmlAttr(title) + '"/><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>';
  if (headings.length === 0) content += para({}, begin);
  headings.forEach((h, i) => {
    const anchor = `_Toc${i + 1}`;
    const entry =
      `<w:hyperlink w:history="1" w:anchor="${anchor}">${run(headingText(h))}<w:r><w:tab/></w:r>` +
      `<w:r><w:fldChar w:fldCharType="begin"/><w:instrText xml:space="preserve">PAGEREF ${anchor} \\h</w:instrText><w:fldChar w:fldCharType="separate"/><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>`;
    content += para({ style: `TOC${h.level}`, tabs }, (i === 0 ? begin : '') + entry);
  });
  content += '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>';
  return x + content;
}

/** The body's XML (everything before w:sectPr). Bookmarks _Toc1, _Toc2, … mark the headings in order. */
export function bodyXml(blocks: readonly Block[], layout: BodyLayout): string {
  const headings = blocks.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading');
  const out: string[] = [];
  let heading = 0;
  for (const b of blocks) {
    switch (b.type) {
      case 'heading': {
        heading += 1;
        out.push(`<w:p>${pPr({ style: `Heading${b.level}` })}<w:bookmarkStart w:name="_Toc${heading}" w:id="${heading}"/>${run(headingText(b))}<w:bookmarkEnd w:id="${heading}"/></w:p>`);
        break;
      }
      case 'paragraph': {
        const t = TONE[b.tone ?? 'normal'];
        const spacing = t.spacing ? { after: t.spacing, before: t.spacing, line: 240 } : undefined;
        out.push(para({ ...(spacing ? { spacing } : {}), align: b.align ?? 'left' }, runs(b.runs, { size: t.size, font: t.heading ? layout.headingFont : undefined })));
        break;
      }
      case 'list':
        listXml(b, 0, out);
        break;
      case 'subheading':
        // Bold, in the heading font, kept with what follows; not a Word heading (no number, not in the TOC).
        out.push(`<w:p><w:pPr><w:keepNext/><w:spacing w:after="60" w:before="120"/></w:pPr>${runs(b.runs, { bold: true, font: layout.headingFont, size: SUBHEADING_SIZE[b.level - 1] })}</w:p>`);
        break;
      case 'table':
        out.push(tableXml(b, layout), para({ spacing: { after: 0 } }, ''));
        break;
      case 'pageBreak':
        out.push('<w:p><w:r><w:br w:type="page"/></w:r></w:p>');
        break;
      case 'toc':
        out.push(tocXml(b.title, headings, layout));
        break;
    }
  }
  return out.join('');
}
