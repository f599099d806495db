import path from 'node:path';
import { readZip, type ZipEntry } from './zip.ts';

/**
 * A municipality's own Word document (様式) as the reference for the plan, as pandoc's
 * --reference-doc works: the package keeps our body, and takes from the reference
 * - word/styles.xml (fonts, sizes, spacing of 標準 and the headings; its own style ids, e.g. the
 *   "1" that Japanese Word gives 見出し 1, found by the style's name), our heading and TOC styles
 *   added where the reference has none;
 * - word/numbering.xml, word/theme/theme1.xml, word/fontTable.xml;
 * - the page size and margins (w:pgSz, w:pgMar of its last section);
 * - its default header and footer, with the images they show.
 * Anything else of the reference (its text, comments, custom XML) is not taken.
 */

export interface ReferenceLayout {
  /** Page size and margins as XML elements for our w:sectPr. */
  pgSz: string | null;
  pgMar: string | null;
  /** Text width in twips (page width minus left and right margins and gutter). */
  textWidth: number | null;
  /** The East Asian font of the reference's heading 1 (for the few runs we set in the heading font). */
  headingFont: string | null;
}

export interface Reference {
  entries: Map<string, ZipEntry>;
  layout: ReferenceLayout;
  /** Our style id → the reference's, by style name (heading 1 → "1"). */
  styleIds: Map<string, string>;
}

const text = (e: ZipEntry | undefined) => (e ? Buffer.from(e.data).toString('utf8') : null);
const attr = (el: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(el)?.[1] ?? null;

export function readReference(bytes: Uint8Array): Reference {
  const entries = new Map(readZip(bytes).map((e) => [e.name, e]));
  const doc = text(entries.get('word/document.xml')) ?? '';
  const sects = doc.match(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g) ?? [];
  const sect = sects.at(-1) ?? '';
  const pgSz = /<w:pgSz\b[^>]*\/>/.exec(sect)?.[0] ?? null;
  const pgMar = /<w:pgMar\b[^>]*\/>/.exec(sect)?.[0] ?? null;
  const tw = (v: string | null) => (v === null ? null : Number(v));
  const w = pgSz ? tw(attr(pgSz, 'w:w')) : null;
  const l = pgMar ? tw(attr(pgMar, 'w:left')) : null;
  const r = pgMar ? tw(attr(pgMar, 'w:right')) : null;
  const g = pgMar ? (tw(attr(pgMar, 'w:gutter')) ?? 0) : 0;
  const textWidth = w && l !== null && r !== null && w - l - r - g > 1000 ? w - l - r - g : null;
  const styles = text(entries.get('word/styles.xml')) ?? '';
  const styleIds = new Map<string, string>();
  let headingFont: string | null = null;
  for (const m of styles.matchAll(/<w:style\b[^>]*>[\s\S]*?<\/w:style>/g)) {
    const el = m[0];
    const id = attr(el, 'w:styleId');
    const name = /<w:name w:val="([^"]*)"/.exec(el)?.[1]?.toLowerCase() ?? '';
    if (!id) continue;
    const h = /^heading ([1-3])$/.exec(name);
    const t = /^toc ([1-3])$/.exec(name);
    if (h) styleIds.set(`Heading${h[1]}`, id);
    if (t) styleIds.set(`TOC${t[1]}`, id);
    if (name === 'title') styleIds.set('Title', id);
    if (h?.[1] === '1') headingFont = attr(/<w:rFonts\b[^>]*>/.exec(el)?.[0] ?? '', 'w:eastAsia');
  }
  return { entries, layout: { pgSz, pgMar, textWidth, headingFont }, styleIds };
}

/** Our styles the reference lacks (by id), appended to its styles.xml. */
function mergeStyles(refStyles: string, ours: string, ref: Reference): string {
  const add: string[] = [];
  for (const id of ['Heading1', 'Heading2', 'Heading3', 'TOC1', 'TOC2', 'TOC3', 'Title']) {
    if (ref.styleIds.has(id)) continue;
    const m = new RegExp(`<w:style\\b[^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(ours);
    if (m && !refStyles.includes(`w:styleId="${id}"`)) add.push(m[0]);
  }
  if (add.length === 0) return refStyles;
  const end = refStyles.lastIndexOf('</w:styles>');
  return end < 0 ? refStyles : refStyles.slice(0, end) + add.join('') + refStyles.slice(end);
}

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  emf: 'image/x-emf',
  wmf: 'image/x-wmf',
  svg: 'image/svg+xml',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

function relsName(part: string): string {
  return `${path.posix.dirname(part)}/_rels/${path.posix.basename(part)}.rels`;
}

/** The part a document relationship (by type) or a header/footer reference points at. */
function relTarget(rels: string | null, id: string): string | null {
  if (!rels) return null;
  const m = new RegExp(`<Relationship\\b[^>]*Id="${id}"[^>]*>`).exec(rels);
  const t = m ? attr(m[0], 'Target') : null;
  return t ? (t.startsWith('/') ? t.slice(1) : path.posix.normalize(`word/${t}`)) : null;
}

/**
 * Our package's parts with the reference's styles, numbering, theme, fonts, page setup and default
 * header/footer put in. `parts` are changed in place (replaced entries); new parts (images) added.
 */
export function applyReference(parts: ZipEntry[], ref: Reference): ZipEntry[] {
  const byName = new Map(parts.map((e, i) => [e.name, i]));
  const put = (name: string, data: string | Uint8Array) => {
    const e = { name, data: typeof data === 'string' ? new Uint8Array(Buffer.from(data, 'utf8')) : data };
    const i = byName.get(name);
    if (i === undefined) {
      byName.set(name, parts.length);
      parts.push(e);
    } else parts[i] = e;
  };
  const get = (name: string) => {
    const i = byName.get(name);
    return i === undefined ? null : Buffer.from(parts[i]!.data).toString('utf8');
  };
  const refStyles = text(ref.entries.get('word/styles.xml'));
  if (refStyles) put('word/styles.xml', mergeStyles(refStyles, get('word/styles.xml') ?? '', ref));
  for (const name of ['word/numbering.xml', 'word/theme/theme1.xml', 'word/fontTable.xml']) {
    const e = ref.entries.get(name);
    if (e && byName.has(name)) put(name, e.data);
  }
  // fontTable.xml of the reference may embed fonts: its relations and the font parts come too.
  const ftRels = ref.entries.get('word/_rels/fontTable.xml.rels');
  if (ftRels && ref.entries.has('word/fontTable.xml')) {
    put('word/_rels/fontTable.xml.rels', ftRels.data);
    for (const m of Buffer.from(ftRels.data).toString('utf8').matchAll(/Target="([^"]+)"/g)) {
      const target = path.posix.normalize(`word/${m[1]}`);
      const f = ref.entries.get(target);
      if (f) put(target, f.data);
    }
  }

  let doc = get('word/document.xml') ?? '';
  const ourRels = get('word/_rels/document.xml.rels');
  const refDoc = text(ref.entries.get('word/document.xml')) ?? '';
  const refRels = text(ref.entries.get('word/_rels/document.xml.rels'));
  const refSect = (refDoc.match(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g) ?? []).at(-1) ?? '';
  const ourSect = (doc.match(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g) ?? []).at(-1) ?? '';
  let sect = ourSect;
  if (ref.layout.pgSz) sect = sect.replace(/<w:pgSz\b[^>]*\/>/, () => ref.layout.pgSz!);
  if (ref.layout.pgMar) sect = sect.replace(/<w:pgMar\b[^>]*\/>/, () => ref.layout.pgMar!);

  // Default header and footer: the reference's content in our part, its images with it.
  const types = new Set<string>();
  for (const kind of ['header', 'footer'] as const) {
    const refId = new RegExp(`<w:${kind}Reference\\b[^>]*w:type="default"[^>]*>`).exec(refSect)?.[0];
    const ourId = new RegExp(`<w:${kind}Reference\\b[^>]*w:type="default"[^>]*>`).exec(ourSect)?.[0];
    const src = refId ? relTarget(refRels, attr(refId, 'r:id') ?? '') : null;
    const dst = ourId ? relTarget(ourRels, attr(ourId, 'r:id') ?? '') : null;
    const xml = src ? text(ref.entries.get(src)) : null;
    if (!src || !dst || !xml) continue;
    put(dst, xml);
    const rels = text(ref.entries.get(relsName(src)));
    put(relsName(dst), rels ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>');
    for (const m of (rels ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
      if (attr(m[0], 'TargetMode') === 'External') continue;
      const t = attr(m[0], 'Target');
      if (!t) continue;
      const target = t.startsWith('/') ? t.slice(1) : path.posix.normalize(`${path.posix.dirname(src)}/${t}`);
      const e = ref.entries.get(target);
      if (e) {
        put(target, e.data);
        types.add(target.split('.').pop()!.toLowerCase());
      }
    }
  }
  doc = doc.replace(ourSect, () => sect);
  // Our paragraphs name our style ids; the reference's ids for the same styles take their place.
  for (const [ours, theirs] of ref.styleIds) if (ours !== theirs) doc = doc.split(`<w:pStyle w:val="${ours}"/>`).join(`<w:pStyle w:val="${theirs}"/>`);
  put('word/document.xml', doc);

  // Content types for the images that came with the header/footer and the embedded fonts.
  let ct = get('[Content_Types].xml') ?? '';
  const fontParts = parts.filter((p) => /^word\/fonts\//.test(p.name)).map((p) => p.name.split('.').pop()!.toLowerCase());
  for (const ext of new Set([...types, ...fontParts])) {
    if (new RegExp(`Extension="${ext}"`, 'i').test(ct)) continue;
    const type = IMAGE_TYPES[ext] ?? (ext === 'odttf' ? 'application/vnd.openxmlformats-officedocument.obfuscatedFont' : 'application/octet-stream');
    ct = ct.replace('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">', (m) => `${m}<Default Extension="${ext}" ContentType="${type}"/>`);
  }
  put('[Content_Types].xml', ct);
  return parts;
}
