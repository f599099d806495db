import { describe, expect, it } from 'vitest';
import { parseXmlStrict } from '../helpers/xml.ts';

/**
 * The DOCX tests are only as strict as the parser they read parts with: this proves that
 * test/helpers/xml.ts refuses each kind of malformed XML that lenient parsers let through.
 */

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

describe('strict XML parsing of DOCX parts', () => {
  it('accepts a well-formed part and gives the text of its elements', () => {
    const p = parseXmlStrict(`${DECL}<w:p ${W}><w:t>a &amp; b &lt;c&gt; ]]&gt; 😀 &#x41;</w:t><w:t>2</w:t></w:p>`, 'ok.xml');
    expect(p.textOf('w:t')).toEqual(['a & b <c> ]]> 😀 A', '2']);
  });

  const bad: [string, string | Uint8Array][] = [
    ['a bare &', `<a>&</a>`],
    ['a bare <', `<a>x<y</a>`],
    [']]> in text', `<a>]]></a>`],
    ['an undefined entity', `<a>&nbsp;</a>`],
    ['a NUL', `<a>\u0000</a>`],
    ['a C0 control', `<a>\u0001</a>`],
    ['a character reference to a control', `<a>&#1;</a>`],
    ['U+FFFF', `<a>\uFFFF</a>`],
    ['a lone surrogate', `<a>\uD800</a>`],
    ['mismatched tags', `<a><b></a></b>`],
    ['an unclosed element', `<a>`],
    ['two roots', `<a/><b/>`],
    ['a duplicate attribute', `<a x="1" x="2"/>`],
    ['an unescaped quote in an attribute', `<a x="1"2"/>`],
    ['an undeclared prefix', `<w:p/>`],
    ['a declaration after the start', `<a/>${DECL}`],
  ];
  for (const [what, xml] of bad) {
    it(`refuses ${what}`, () => {
      expect(() => parseXmlStrict(typeof xml === 'string' ? `${DECL}${xml}` : xml, 'bad.xml')).toThrow(/bad\.xml/);
    });
  }

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseXmlStrict(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]), 'bytes.xml')).toThrow(/not UTF-8/);
  });
});
