import './doc-blocks.css';

import type { ReactNode } from 'react';
import type { Block, ListBlock, Run } from '../../../shared/domain/document.ts';
import { parseMarkdown } from '../../../shared/domain/markdown.ts';

/**
 * The document model's blocks as HTML: the one renderer of the app for them, used by the document
 * preview (features/docs) and for every Markdown text shown in a pane (a case body, an anonymised
 * draft). Markdown goes through the same parser as the DOCX (shared/domain/markdown.ts), so the
 * app and Word show the same paragraphs, lists, tables and marks. Plain elements only (no HTML from
 * the text is ever interpreted).
 */

export type HeadingBlock = Extract<Block, { type: 'heading' }>;

/** Anchor id of the i-th block when it is a heading (for an outline). */
export const headingId = (i: number) => `doc-h-${String(i)}`;

export const headingText = (b: HeadingBlock) => (b.number ? `${b.number}　${b.text}` : b.text);

/** Text with its line breaks. */
function lines(text: string): ReactNode {
  if (!text.includes('\n')) return text;
  return text.split('\n').map((line, i) => (
    <span key={i}>
      {i > 0 ? <br /> : null}
      {line}
    </span>
  ));
}

export function RunsView({ runs }: { runs: readonly Run[] }): ReactNode {
  if (runs.every((r) => r.text === '')) return '\u00A0';
  return runs.map((r, i) => {
    let node: ReactNode = lines(r.text);
    if (r.italic) node = <em>{node}</em>;
    if (r.bold) node = <strong>{node}</strong>;
    return <span key={i}>{node}</span>;
  });
}

function ListView({ b }: { b: ListBlock }) {
  const items = b.items.map((item, i) => {
    const sub = b.sub?.[i];
    return (
      <li key={i}>
        <RunsView runs={item} />
        {sub ? <ListView b={sub} /> : null}
      </li>
    );
  });
  return b.ordered ? (
    <ol className="banso-doc-list" start={b.start}>
      {items}
    </ol>
  ) : (
    <ul className="banso-doc-list">{items}</ul>
  );
}

function TableView({ b }: { b: Extract<Block, { type: 'table' }> }) {
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

/** One block; `toc` draws a table of contents block (only documents have one). */
export function BlockView({ b, index, toc }: { b: Block; index: number; toc?: (title: string) => ReactNode }) {
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
    case 'subheading':
      return (
        <p className={`banso-doc-sub banso-doc-sub-${String(b.level)}`} role="heading" aria-level={Math.min(6, b.level + 3)}>
          <RunsView runs={b.runs} />
        </p>
      );
    case 'paragraph':
      return (
        <p className={`banso-doc-p banso-doc-tone-${b.tone ?? 'normal'}`} style={b.align && b.align !== 'left' ? { textAlign: b.align } : undefined}>
          <RunsView runs={b.runs} />
        </p>
      );
    case 'list':
      return <ListView b={b} />;
    case 'table':
      return <TableView b={b} />;
    case 'toc':
      return toc ? toc(b.title) : null;
    case 'pageBreak':
      return null;
  }
}

export function Blocks({ blocks }: { blocks: readonly Block[] }) {
  return (
    <>
      {blocks.map((b, i) => (
        <BlockView key={i} b={b} index={i} />
      ))}
    </>
  );
}

/** A Markdown text in a pane (a case body, an anonymised draft), as the document would show it. */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="banso-md" data-testid="markdown">
      <Blocks blocks={parseMarkdown(source)} />
    </div>
  );
}
