import { SaxesParser } from 'saxes';
import { readZip } from '../../electron/core/docs/zip.ts';

/**
 * Reading DOCX parts back with a conforming XML 1.0 + Namespaces parser (saxes, the parser jsdom
 * uses). It refuses what Word refuses and what lenient parsers let through: a bare `&` or `<`,
 * `]]>` in text, undefined entities, mismatched or unclosed tags, a second root, an undeclared
 * prefix, and every character XML 1.0 does not allow (C0 controls, NUL, U+FFFE/U+FFFF, lone
 * surrogates). Bytes that are not UTF-8 are refused before parsing.
 */

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface ParsedXml {
  /** The text content of every element, by qualified name, in document order. */
  textOf(qname: string): string[];
  /** All character data of the part, concatenated. */
  allText: string;
}

/** Parses one XML document strictly; throws with the part name, position and saxes' reason. */
export function parseXmlStrict(bytes: Uint8Array | string, name: string): ParsedXml {
  let xml: string;
  try {
    xml = typeof bytes === 'string' ? bytes : UTF8.decode(bytes);
  } catch {
    throw new Error(`${name}: not UTF-8`);
  }
  const parser = new SaxesParser({ xmlns: true, fileName: name });
  const errors: string[] = [];
  const texts = new Map<string, string[]>();
  const stack: { name: string; text: string }[] = [];
  let all = '';
  parser.on('error', (err) => {
    errors.push(err.message);
  });
  parser.on('opentag', (tag) => stack.push({ name: tag.name, text: '' }));
  parser.on('text', (t) => {
    all += t;
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    all += t;
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    const el = stack.pop()!;
    let list = texts.get(el.name);
    if (!list) texts.set(el.name, (list = []));
    list.push(el.text);
    const parent = stack.at(-1);
    if (parent) parent.text += el.text;
  });
  parser.write(xml).close();
  if (errors.length > 0) throw new Error(`${name}: not well-formed XML: ${errors.slice(0, 3).join(' | ')}`);
  return { textOf: (q) => texts.get(q) ?? [], allText: all };
}

/**
 * Every entry of a DOCX package parsed strictly. Every entry must be an XML part (.xml or .rels):
 * the app writes no images or other binary parts, so nothing is skipped unchecked.
 */
export function parseDocxParts(docx: Uint8Array): Map<string, ParsedXml> {
  const out = new Map<string, ParsedXml>();
  for (const e of readZip(docx)) {
    if (!/\.(xml|rels)$/.test(e.name)) throw new Error(`${e.name}: unexpected non-XML part`);
    out.set(e.name, parseXmlStrict(e.data, e.name));
  }
  return out;
}
