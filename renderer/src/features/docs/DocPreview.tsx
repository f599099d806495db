import type { ReactNode } from 'react';
import type { Block, DocModel, Run } from '../../../../shared/domain/document.ts';

/**
 * The document model as HTML, shaped like the DOCX (electron/core/docs/docx.ts) renders it: A4
 * sheets split at the model's page breaks, 明朝 body and ゴシック headings, the heading numbers
 * the model gives, tables with a shaded header row and a bold 合計 row, the page header on every
 * sheet but the cover. Where Word itself breaks pages and fills in the TOC's page numbers, the
 * preview shows one sheet per explicit break and the TOC as a list of the headings.
 */

export type HeadingBlock = Extract<Block, { type: 'heading' }>;

/** Anchor id of the i-th block when it is a heading (for the outline). */
export const headingId = (i: number) => `doc-h-${String(i)}`;

/** Every heading with its block index, in order. */
export function headingsOf(model: DocModel): { index: number; block: HeadingBlock }[] {
  const out: { index: number; block: HeadingBlock }[] = [];
  model.blocks.forEach((b, index) => {
    if (b.type === 'heading') out.push({ index, block: b });
  });
  return out;
}

export const headingText = (b: HeadingBlock) => (b.number ? `${b.number}　${b.text}` : b.text);

/** Block indexes per sheet: the model's page breaks end a sheet. */
function sheetsOf(blocks: readonly Block[]): number[][] {
  const sheets: number[][] = [[]];
  blocks.forEach((b, i) => {
    if (b.type === 'pageBreak') sheets.push([]);
    else sheets[sheets.length - 1]!.push(i);
  });
  return sheets.filter((s, i) => s.length > 0 || i === 0);
}

function runsOf(runs: readonly Run[]): ReactNode {
  if (runs.every((r) => r.text === '')) return '\u00A0';
  return runs.map((r, i) => (r.bold ? <strong key={i}>{r.text}</strong> : <span key={i}>{r.text}</span>));
}

function Table({ b }: { b: Extract<Block, { type: 'table' }> }) {
  const align = (i: number) => b.align?.[i] ?? 'left';
  return (
    <table className="banso-doc-table">
      <thead>
        <tr>
          {b.header.map((h, i) => (
            <th key={i} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {b.rows.map((r, ri) => (
          <tr key={ri}>
            {b.header.map((_, i) => (
              <td key={i} style={{ textAlign: align(i) }}>
                {r[i] ?? ''}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {b.totals && (
        <tfoot>
          <tr className="banso-doc-totals">
            {b.header.map((_, i) => (
              <td key={i} style={{ textAlign: align(i) }}>
                {b.totals?.[i] ?? ''}
              </td>
            ))}
          </tr>
        </tfoot>
      )}
    </table>
  );
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

function BlockView({ b, index, model }: { b: Block; index: number; model: DocModel }) {
  switch (b.type) {
    case 'heading': {
      const Tag = b.level === 1 ? 'h2' : b.level === 2 ? 'h3' : 'h4';
      return (
        <Tag id={headingId(index)} className={`banso-doc-h${String(b.level)}`}>
          {b.number ? (
            <>
              <span className="banso-doc-num">{b.number}</span>
              {'\u3000'}
            </>
          ) : null}
          {b.text}
        </Tag>
      );
    }
    case 'paragraph':
      return (
        <p className={`banso-doc-p banso-doc-tone-${b.tone ?? 'normal'}`} style={b.align && b.align !== 'left' ? { textAlign: b.align } : undefined}>
          {runsOf(b.runs)}
        </p>
      );
    case 'list': {
      const items = b.items.map((item, i) => <li key={i}>{runsOf(item)}</li>);
      return b.ordered ? <ol className="banso-doc-list">{items}</ol> : <ul className="banso-doc-list">{items}</ul>;
    }
    case 'table':
      return <Table b={b} />;
    case 'toc':
      return <Toc title={b.title} model={model} />;
    case 'pageBreak':
      return null;
  }
}

/** The sheets of a document. */
export function DocPreview({ model }: { model: DocModel }) {
  const sheets = sheetsOf(model.blocks);
  return (
    <div className="banso-doc-sheets" data-testid="doc-sheets" data-kind={model.kind}>
      {sheets.map((indexes, si) => {
        const cover = si === 0;
        return (
          <article
            key={si}
            className={`banso-doc-sheet${cover ? ' banso-doc-cover' : ''}`}
            data-testid={cover ? 'doc-cover' : 'doc-sheet'}
            aria-label={cover ? '表紙' : `${String(si + 1)}枚目`}
          >
            {!cover && <div className="banso-doc-header">{model.header}</div>}
            {indexes.map((i) => (
              <BlockView key={i} b={model.blocks[i]!} index={i} model={model} />
            ))}
          </article>
        );
      })}
    </div>
  );
}
