import type { SnippetPart } from '../../../../shared/contract/index.ts';

/** Text pieces from the search, with the matching ones in <mark>. */
export function Highlight({ parts, fallback }: { parts: readonly SnippetPart[]; fallback?: string }) {
  if (parts.length === 0) return <>{fallback ?? ''}</>;
  return (
    <>
      {parts.map((p, i) =>
        p.hit ? (
          <mark key={i} className="banso-case-mark">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
