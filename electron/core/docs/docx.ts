import {
  AlignmentType,
  Document,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx';
import type { DocModel } from '../../../shared/domain/document.ts';
import { bodyXml } from './body-xml.ts';
import { xmlChars } from './xml.ts';
import { applyReference, readReference } from './reference.ts';
import { readZip, writeZip, type ZipEntry } from './zip.ts';

/**
 * DocModel → DOCX bytes: the `docx` library writes the package (styles, settings, header, footer,
 * section) and body-xml.ts the body's paragraphs and tables. A4 portrait, 明朝 body and ゴシック headings set as
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

/** W3CDTF without milliseconds, from the model's fixed time stamp. */
function w3c(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '2000-01-01T00:00:00Z' : `${d.toISOString().slice(0, 19)}Z`;
}

function buildDocument(m: DocModel): Document {
  const headingStyle = (id: string, name: string, size: number, before: number, indentLeft = 0) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: gothic, size, bold: true, language: lang },
    paragraph: { spacing: { before, after: 120 }, keepNext: true, keepLines: true, ...(indentLeft ? { indent: { left: indentLeft } } : {}) },
  });
  // The library escapes markup in what it writes but keeps characters XML forbids: clean them here.
  const creator = xmlChars(m.meta.creator);
  return new Document({
    creator,
    lastModifiedBy: creator,
    title: xmlChars(m.title),
    description: xmlChars(m.meta.description),
    // No updateFields: Word would ask on every open. The 目次 is written already filled
    // (body-xml.ts); its page numbers come when the reader updates the field (F9 / 目次の更新).
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
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: xmlChars(m.header), size: 18, font: gothic, color: '595959' })] })] }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        footers: {
          default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'], size: 18 })] })] }),
          first: new Footer({ children: [new Paragraph({ children: [] })] }),
        },
        // The body is written by body-xml.ts and put in place of this paragraph (see renderDocx).
        children: [new Paragraph({ children: [new TextRun(BODY_MARKER)] })],
      },
    ],
  });
}

const BODY_MARKER = 'BANSO-BODY-4f7c1e';
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;

/** The library's document.xml with its placeholder body replaced by the model's blocks. */
function withBody(xml: string, m: DocModel, layout: { textWidth: number; headingFont: string } = { textWidth: TEXT_WIDTH, headingFont: HEADING_FONT }): string {
  const open = xml.indexOf('<w:body>');
  const sect = xml.lastIndexOf('<w:sectPr');
  if (open < 0 || sect < open || !xml.slice(open, sect).includes(BODY_MARKER)) throw new Error('docx: the document skeleton has an unexpected shape');
  return xml.slice(0, open + '<w:body>'.length) + bodyXml(m.blocks, layout) + xml.slice(sect);
}

interface DocxCompiler {
  compile(file: Document, prettify: undefined, overrides: { path: string; data: string }[]): Map<string, string | Uint8Array>;
}

/**
 * The package's parts as the library writes them, before it zips them. `Packer.compiler` is the
 * library's own compiler (the step `Packer.toBuffer` runs before zipping with a JS deflate);
 * zipping once ourselves with zlib and fixed time stamps saves a deflate, an inflate and a
 * second deflate (about a third of the export time). If a library update removes it, we fall
 * back to `Packer.toBuffer` and unzip.
 */
async function packageParts(doc: Document, overrides: { path: string; data: string }[]): Promise<ZipEntry[]> {
  const compiler = (Packer as unknown as { compiler?: DocxCompiler }).compiler;
  if (compiler && typeof compiler.compile === 'function') {
    return [...compiler.compile(doc, undefined, overrides)].map(([name, data]) => ({
      name,
      data: typeof data === 'string' ? new Uint8Array(Buffer.from(data, 'utf8')) : data,
    }));
  }
  return readZip(await Packer.toBuffer(doc, false, overrides));
}

/** The DOCX bytes of a document model. Deterministic: the same model gives the same bytes. */
export interface RenderOptions {
  /** The municipality's .docx (様式): its styles, page size and margins, fonts, header/footer and numbering are taken. */
  reference?: Uint8Array;
}

export async function renderDocx(m: DocModel, opts: RenderOptions = {}): Promise<Buffer> {
  const ref = opts.reference ? readReference(opts.reference) : null;
  // With a reference, tables span its text width and the heading-font runs take its heading font
  // (or none, so the style decides).
  const layout = ref ? { textWidth: ref.layout.textWidth ?? TEXT_WIDTH, headingFont: ref.layout.headingFont ?? '' } : undefined;
  const doc = buildDocument(m);
  const parts = await packageParts(doc, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
  const stamp = w3c(m.meta.created);
  const modified = w3c(m.meta.modified);
  const entries = parts.map((e) => {
    if (e.name === 'word/document.xml') return { name: e.name, data: new Uint8Array(Buffer.from(withBody(Buffer.from(e.data).toString('utf8'), m, layout), 'utf8')) };
    if (e.name !== 'docProps/core.xml') return e;
    // Only the time stamps are rewritten (the library writes the clock's); the names are the
    // library's, escaped. Function replacements: a replacement string would expand `$`-patterns.
    const xml = Buffer.from(e.data)
      .toString('utf8')
      .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, (_m, open: string, close: string) => open + stamp + close)
      .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, (_m, open: string, close: string) => open + modified + close);
    return { name: e.name, data: new Uint8Array(Buffer.from(xml, 'utf8')) };
  });
  if (ref) applyReference(entries, ref);
  // [Content_Types].xml first, as Word writes it; the rest in the library's order.
  entries.sort((a, b) => Number(b.name === '[Content_Types].xml') - Number(a.name === '[Content_Types].xml'));
  return writeZip(entries);
}
