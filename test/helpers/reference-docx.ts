import { writeZip } from '../../electron/core/docs/zip.ts';

/**
 * A reference document as a Japanese Word writes it (様式 of a municipality): 標準 with style id
 * "a", 見出し 1 with id "1" (Word's Japanese ids), BIZ UD fonts, 12 pt body, 16 pt headings, wider
 * margins (上 35 mm, 左右 30 mm), a header with the town's 様式 number and a logo image in its
 * relationships, a footer with its own text, a numbering part.
 */

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

export const REFERENCE = {
  bodyFont: 'BIZ UD明朝 Medium',
  headingFont: 'BIZ UDゴシック',
  bodySize: 24,
  headingSize: 32,
  margin: { top: 1985, bottom: 1701, left: 1701, right: 1701 },
  headerText: '神山町 様式第1号',
  footerText: '神山町役場 総務課',
};

export function referenceDocx(): Buffer {
  const R = REFERENCE;
  const xml = (s: string) => new Uint8Array(Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`, 'utf8'));
  const fonts = (f: string) => `<w:rFonts w:ascii="${f}" w:eastAsia="${f}" w:hAnsi="${f}" w:cs="${f}"/>`;
  return writeZip([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
          '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>',
      ),
    },
    { name: '_rels/.rels', data: xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>') },
    {
      name: 'word/_rels/document.xml.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>' +
          '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>',
      ),
    },
    {
      name: 'word/document.xml',
      data: xml(
        `<w:document ${W}><w:body><w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>様式の見出し</w:t></w:r></w:p><w:p><w:r><w:t>この文書の本文は取り込まれません。</w:t></w:r></w:p>` +
          `<w:sectPr><w:headerReference w:type="default" r:id="rId7"/><w:footerReference w:type="default" r:id="rId8"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="${R.margin.top}" w:right="${R.margin.right}" w:bottom="${R.margin.bottom}" w:left="${R.margin.left}" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="360"/></w:sectPr></w:body></w:document>`,
      ),
    },
    {
      name: 'word/styles.xml',
      data: xml(
        `<w:styles ${W}><w:docDefaults><w:rPrDefault><w:rPr>${fonts(R.bodyFont)}<w:kern w:val="2"/><w:sz w:val="${R.bodySize}"/><w:szCs w:val="${R.bodySize}"/><w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>` +
          '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>' +
          `<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>${fonts(R.headingFont)}<w:color w:val="1F4E79"/><w:sz w:val="${R.headingSize}"/><w:szCs w:val="${R.headingSize}"/></w:rPr></w:style>` +
          `<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr>${fonts(R.headingFont)}<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
          '<w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style></w:styles>',
      ),
    },
    {
      name: 'word/numbering.xml',
      data: xml(`<w:numbering ${W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`),
    },
    { name: 'word/header1.xml', data: xml(`<w:hdr ${W}><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>${R.headerText}</w:t></w:r></w:p></w:hdr>`) },
    { name: 'word/_rels/header1.xml.rels', data: xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>') },
    { name: 'word/media/image1.png', data: new Uint8Array(PNG) },
    { name: 'word/footer1.xml', data: xml(`<w:ftr ${W}><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>${R.footerText}</w:t></w:r></w:p></w:ftr>`) },
  ]);
}
