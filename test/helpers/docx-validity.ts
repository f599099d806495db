import path from 'node:path';
import { SaxesParser } from 'saxes';
import { readZip } from '../../electron/core/docs/zip.ts';

/**
 * Structural validity of a DOCX package, beyond well-formedness (test/helpers/xml.ts parses every
 * part strictly as well): the rules Word enforces when it opens a file and that a schema check
 * would catch —
 * - every part is well-formed XML (a conforming XML 1.0 + Namespaces parser, saxes);
 * - every w:tbl's w:tblGrid has as many w:gridCol as every row's cells span (w:gridSpan counted);
 * - every w:tc holds at least one w:p (a cell without a paragraph is a corrupt file to Word);
 * - the children of w:pPr and w:rPr come in the order of the schema (ECMA-376 Part 1, CT_PPrBase
 *   and CT_RPr sequences);
 * - every internal relationship's target is a part of the package, and every part has a content
 *   type ([Content_Types].xml Default or Override).
 * Throws one error listing the first problems found, with the part's name.
 */

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
}

export function parseTree(xml: string, name: string): XNode {
  const parser = new SaxesParser({ xmlns: false, fileName: name });
  const root: XNode = { name: '#root', attrs: {}, children: [] };
  const stack: XNode[] = [root];
  const errors: string[] = [];
  parser.on('error', (e) => errors.push(e.message));
  parser.on('opentag', (t) => {
    const n: XNode = { name: t.name, attrs: t.attributes as Record<string, string>, children: [] };
    stack.at(-1)!.children.push(n);
    stack.push(n);
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  if (errors.length > 0) throw new Error(`${name}: not well-formed XML: ${errors.slice(0, 3).join(' | ')}`);
  return root.children[0]!;
}

function* walk(n: XNode): Generator<XNode> {
  yield n;
  for (const c of n.children) yield* walk(c);
}

const PPR_ORDER = [
  'pStyle', 'keepNext', 'keepLines', 'pageBreakBefore', 'framePr', 'widowControl', 'numPr', 'suppressLineNumbers', 'pBdr', 'shd', 'tabs',
  'suppressAutoHyphens', 'kinsoku', 'wordWrap', 'overflowPunct', 'topLinePunct', 'autoSpaceDE', 'autoSpaceDN', 'bidi', 'adjustRightInd',
  'snapToGrid', 'spacing', 'ind', 'contextualSpacing', 'mirrorIndents', 'suppressOverlap', 'jc', 'textDirection', 'textAlignment',
  'textboxTightWrap', 'outlineLvl', 'divId', 'cnfStyle', 'rPr', 'sectPr', 'pPrChange',
].map((x) => `w:${x}`);
const RPR_ORDER = [
  'rStyle', 'rFonts', 'b', 'bCs', 'i', 'iCs', 'caps', 'smallCaps', 'strike', 'dstrike', 'outline', 'shadow', 'emboss', 'imprint', 'noProof',
  'snapToGrid', 'vanish', 'webHidden', 'color', 'spacing', 'w', 'kern', 'position', 'sz', 'szCs', 'highlight', 'u', 'effect', 'bdr', 'shd',
  'fitText', 'vertAlign', 'rtl', 'cs', 'em', 'lang', 'eastAsianLayout', 'specVanish', 'oMath', 'ins', 'del', 'moveFrom', 'moveTo', 'rPrChange',
].map((x) => `w:${x}`);

function orderProblem(n: XNode, order: readonly string[]): string | null {
  let last = -1;
  for (const c of n.children) {
    const i = order.indexOf(c.name);
    if (i < 0) return `unknown child ${c.name} in ${n.name}`;
    if (i < last) return `${c.name} after ${order[last]} in ${n.name}`;
    last = i;
  }
  return null;
}

export interface ValidityReport {
  parts: number;
  tables: number;
  cells: number;
  paragraphProps: number;
  runProps: number;
  relationships: number;
}

export function checkDocxValidity(docx: Uint8Array): ValidityReport {
  const entries = readZip(docx);
  const names = new Set(entries.map((e) => e.name));
  const problems: string[] = [];
  const rep: ValidityReport = { parts: 0, tables: 0, cells: 0, paragraphProps: 0, runProps: 0, relationships: 0 };
  const trees = new Map<string, XNode>();
  for (const e of entries) {
    if (!/\.(xml|rels)$/.test(e.name)) continue;
    trees.set(e.name, parseTree(new TextDecoder('utf-8', { fatal: true }).decode(e.data), e.name));
    rep.parts++;
  }
  const ct = trees.get('[Content_Types].xml');
  if (!ct) problems.push('[Content_Types].xml missing');
  const defaults = new Set(ct?.children.filter((c) => c.name === 'Default').map((c) => c.attrs.Extension!.toLowerCase()) ?? []);
  const overrides = new Set(ct?.children.filter((c) => c.name === 'Override').map((c) => c.attrs.PartName!.replace(/^\//, '')) ?? []);
  for (const n of names) {
    if (n === '[Content_Types].xml' || n.endsWith('/')) continue;
    const ext = n.split('.').pop()!.toLowerCase();
    if (!overrides.has(n) && !defaults.has(ext)) problems.push(`${n}: no content type`);
  }
  for (const o of overrides) if (!names.has(o)) problems.push(`[Content_Types].xml: override for a missing part ${o}`);

  for (const [name, tree] of trees) {
    if (name.endsWith('.rels')) {
      // word/_rels/document.xml.rels → targets relative to word/
      const base = path.posix.dirname(path.posix.dirname(name));
      for (const rel of tree.children) {
        if (rel.attrs.TargetMode === 'External') continue;
        rep.relationships++;
        const t = rel.attrs.Target ?? '';
        const target = t.startsWith('/') ? t.slice(1) : path.posix.normalize(path.posix.join(base === '.' ? '' : base, t));
        if (!names.has(target)) problems.push(`${name}: relationship ${rel.attrs.Id} → missing part ${target}`);
      }
      continue;
    }
    for (const n of walk(tree)) {
      if (n.name === 'w:tbl') {
        rep.tables++;
        const grid = n.children.find((c) => c.name === 'w:tblGrid');
        const cols = grid ? grid.children.filter((c) => c.name === 'w:gridCol').length : 0;
        if (!grid || cols === 0) problems.push(`${name}: a table without w:tblGrid columns`);
        n.children
          .filter((c) => c.name === 'w:tr')
          .forEach((tr, ri) => {
            let span = 0;
            for (const tc of tr.children.filter((c) => c.name === 'w:tc')) {
              const gs = tc.children.find((c) => c.name === 'w:tcPr')?.children.find((c) => c.name === 'w:gridSpan');
              span += gs ? Number(gs.attrs['w:val']) : 1;
            }
            if (span !== cols) problems.push(`${name}: table ${rep.tables} row ${ri + 1} spans ${span} cells, the grid has ${cols}`);
          });
      } else if (n.name === 'w:tc') {
        rep.cells++;
        if (!n.children.some((c) => c.name === 'w:p' || c.name === 'w:tbl')) problems.push(`${name}: a w:tc without a paragraph`);
        else if (n.children.at(-1)!.name !== 'w:p') problems.push(`${name}: a w:tc whose last child is not a w:p`);
      } else if (n.name === 'w:pPr') {
        rep.paragraphProps++;
        const p = orderProblem(n, PPR_ORDER);
        if (p) problems.push(`${name}: ${p}`);
      } else if (n.name === 'w:rPr') {
        rep.runProps++;
        const p = orderProblem(n, RPR_ORDER);
        if (p) problems.push(`${name}: ${p}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`DOCX is not valid (${problems.length} problems):\n${[...new Set(problems)].slice(0, 12).join('\n')}`);
  return rep;
}
