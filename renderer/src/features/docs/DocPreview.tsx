import type { Block, DocModel } from '../../../../shared/domain/document.ts';
import { BlockView, headingId, headingText, type HeadingBlock } from '../../components/DocBlocks.tsx';

export { headingId, headingText };

/**
 * The document model as HTML, shaped like the DOCX (electron/core/docs/docx.ts) renders it: A4
 * sheets split at the model's page breaks, 明朝 body and ゴシック headings, the heading numbers
 * the model gives, tables with a shaded header row and a bold 合計 row, the page header on every
 * sheet but the cover. Where Word itself breaks pages and fills in the TOC's page numbers, the
 * preview shows one sheet per explicit break and the TOC as a list of the headings.
 */

/** Every heading with its block index, in order. */
export function headingsOf(model: DocModel): { index: number; block: HeadingBlock }[] {
  const out: { index: number; block: HeadingBlock }[] = [];
  model.blocks.forEach((b, index) => {
    if (b.type === 'heading') out.push({ index, block: b });
  });
  return out;
}

/** Block indexes per sheet: the model's page breaks end a sheet. */
function sheetsOf(blocks: readonly Block[]): number[][] {
  const sheets: number[][] = [[]];
  blocks.forEach((b, i) => {
    if (b.type === 'pageBreak') sheets.push([]);
    else sheets[sheets.length - 1]!.push(i);
  });
  return sheets.filter((s, i) => s.length > 0 || i === 0);
}

function Toc({ title, model }: { title: string; model: DocModel }) {
  const headings = headingsOf(model);
  return (
    <nav className="banso-doc-toc" aria-label={title} data-testid="doc-toc">
      <p className="banso-doc-toc-title">{title}</p>
      <ol>
        {headings.map(({ index, block }) => (
          <li key={index} className={`banso-doc-toc-l${String(block.level)}`}>
            <a
              href={`#${headingId(index)}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(headingId(index))?.scrollIntoView({ block: 'start' });
              }}
            >
              {headingText(block)}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The sheets of a document. */
export function DocPreview({ model }: { model: DocModel }) {
  const sheets = sheetsOf(model.blocks);
  // A short report (one visit) has no cover: its first sheet is a page like the others.
  const hasCover = model.blocks.some((b) => b.type === 'toc');
  return (
    <div className="banso-doc-sheets" data-testid="doc-sheets" data-kind={model.kind}>
      {sheets.map((indexes, si) => {
        const cover = si === 0 && hasCover;
        return (
          <article
            key={si}
            className={`banso-doc-sheet${cover ? ' banso-doc-cover' : ''}`}
            data-testid={cover ? 'doc-cover' : 'doc-sheet'}
            aria-label={cover ? '表紙' : `${String(si + 1)}枚目`}
          >
            {!cover && <div className="banso-doc-header">{model.header}</div>}
            {indexes.map((i) => (
              <BlockView key={i} b={model.blocks[i]!} index={i} toc={(title) => <Toc title={title} model={model} />} />
            ))}
          </article>
        );
      })}
    </div>
  );
}
