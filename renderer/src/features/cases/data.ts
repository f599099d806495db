import { useQueries } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CaseHit, CaseSearchResult } from '../../../../shared/contract/index.ts';
import { ApiError } from '../../api/client.ts';
import { contractQuery, useContract } from '../../api/query.ts';
import { EMPTY_FILTERS, PAGE_SIZE, searchInput, useCases, type SearchParams } from './store.ts';

/**
 * The case search from the query cache: pages of PAGE_SIZE rows keyed by the search and offset.
 * A new search keeps the last answer on screen until its first page comes; a superseded request
 * is cancelled by the cache. Pages out of view are dropped after a minute (gcTime).
 */

const PAGE_GC_MS = 60_000;

export function useCaseSearchParams(): SearchParams {
  return useCases(useShallow((s) => ({ query: s.query, filters: s.filters, sort: s.sort })));
}

export type SearchStatus = 'loading' | 'ready' | 'error';

/** The first page of the committed search: total, terms, time, and whether it is the answer to it yet. */
export function useFirstPage() {
  const params = useCaseSearchParams();
  const q = useContract('cases.search', searchInput(params, 0), { keepPrevious: true });
  const status: SearchStatus = q.isError ? 'error' : !q.data || q.isPlaceholderData ? 'loading' : 'ready';
  return { params, result: q.data ?? null, status, error: q.error?.message ?? null, refetch: q.refetch, updatedAt: q.dataUpdatedAt };
}

/**
 * Once per answer to the committed search: the cursor goes to the first row of a new search (or
 * stays within a refreshed one) and the facet counts are asked for after a pause. Used once, by the page.
 */
export function useSearchFollowUp(): void {
  const { params, result, status, updatedAt } = useFirstPage();
  const resultsShown = useCases((s) => s.resultsShown);
  const last = useRef<string | null>(null);
  const key = JSON.stringify(params);
  useEffect(() => {
    if (status !== 'ready' || !result) return;
    const { cursor } = useCases.getState();
    if (last.current !== key) useCases.setState({ cursor: result.total > 0 ? 0 : -1 });
    else useCases.setState({ cursor: Math.min(cursor, result.total - 1) });
    last.current = key;
    resultsShown(params);
    // updatedAt: a refreshed answer (after a write) counts too.
  }, [status, updatedAt, key]);
}

/** The pages in view (first..last), besides the first page; loaded once the first page is the answer. */
export function useResultPages(params: SearchParams, firstPage: number, lastPage: number, enabled: boolean): Map<number, CaseHit[]> {
  const pages: number[] = [];
  for (let p = Math.max(1, firstPage); p <= lastPage; p++) pages.push(p);
  const results = useQueries({
    queries: pages.map((p) => ({ ...contractQuery('cases.search', searchInput(params, p)), gcTime: PAGE_GC_MS, enabled })),
  });
  const out = new Map<number, CaseHit[]>();
  results.forEach((r, i) => {
    if (r.data) out.set(pages[i]!, (r.data as CaseSearchResult).items);
  });
  return out;
}

/** The row at an index, if its page is loaded. */
export function hitAt(first: CaseHit[] | undefined, pages: ReadonlyMap<number, CaseHit[]>, index: number): CaseHit | undefined {
  const page = Math.floor(index / PAGE_SIZE);
  return (page === 0 ? first : pages.get(page))?.[index % PAGE_SIZE];
}

/** The facet counts asked for (the last ones stay shown while the next ones come). */
export function useFacets() {
  const wanted = useCases((s) => s.facets);
  const q = useContract('cases.facets', wanted ?? { query: '', filters: EMPTY_FILTERS }, { enabled: wanted !== null, keepPrevious: true });
  // The query the counts on screen were made for.
  const shown = useRef<string | null>(null);
  if (wanted && q.data && !q.isPlaceholderData) shown.current = wanted.query;
  return {
    facets: q.data ?? null,
    query: shown.current,
    loading: q.isFetching,
    error: q.error && !(q.error instanceof DOMException) ? q.error.message : null,
  };
}

/** The case open in the detail pane. */
export function useOpenCase() {
  const id = useCases((s) => s.openId);
  const q = useContract('cases.get', { id: id ?? '' }, { enabled: id !== null });
  const error =
    q.error instanceof ApiError && q.error.code === 'not_found' ? 'この事例は見つかりません。削除された可能性があります。' : (q.error?.message ?? null);
  return {
    id,
    case: id !== null && q.data && q.data.id === id ? q.data : null,
    status: id === null ? 'idle' : q.data ? 'ready' : q.isError ? 'error' : 'loading',
    error,
  } as const;
}
