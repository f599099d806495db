import { keepPreviousData, QueryClient, queryOptions, useInfiniteQuery, useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { MethodInput, MethodOutput } from '../../../shared/contract/index.ts';
import { isConnectionError, send } from './client.ts';
import { invalidatedBy, type ReadMethod, type WriteMethod } from './invalidation.ts';

/**
 * Server state through one query cache (TanStack Query). Every read is a query keyed
 * [method, input]; every write goes through write() / useWrite(), which invalidates what the write
 * changes (api/invalidation.ts). Superseded reads are cancelled (the signal aborts the HTTP
 * request in browser mode). Writes are never retried; a read is retried only when no answer came.
 */

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // An answer of the core is final; only a lost connection is worth a second try.
      retry: (failures, error) => failures < 2 && isConnectionError(error),
      refetchOnWindowFocus: false,
      // A page shown again reads its data again (another window or the CLI may have changed it).
      staleTime: 0,
      gcTime: 5 * 60_000,
    },
    mutations: { retry: false },
  },
});

export type QueryKeyOf<M extends ReadMethod> = readonly [M, MethodInput<M>];

export function keyOf<M extends ReadMethod>(method: M, input: MethodInput<M>): QueryKeyOf<M> {
  return [method, input] as const;
}

/** The query of one read: its key and how to fetch it. */
export function contractQuery<M extends ReadMethod>(method: M, input: MethodInput<M>) {
  return queryOptions({
    queryKey: keyOf(method, input),
    queryFn: ({ signal }) => send(method, input, { signal }),
  });
}

export interface ReadOptions {
  /** false: do not fetch (yet). */
  enabled?: boolean;
  /** Keep showing the last answer while the next one (another input) loads. */
  keepPrevious?: boolean;
  /** Fetch again every n ms while shown. */
  refetchInterval?: number;
  /** Retry also answers of the core (default: only a lost connection). */
  retry?: boolean;
  /**
   * Only an answer fetched since the page was shown counts (data is undefined until then): for
   * data a form starts from, so a page shown again never edits what the cache held before.
   */
  fresh?: boolean;
}

/** When the page on screen was shown (layout/Frame.tsx calls pageShown() when the path changes). */
let pageShownAt = 0;
export function pageShown(): void {
  pageShownAt = Date.now();
}

/** Read one method of the contract from the cache (fetching when needed). */
export function useContract<M extends ReadMethod>(method: M, input: MethodInput<M>, options: ReadOptions = {}) {
  const { keepPrevious, fresh, ...rest } = options;
  const extra: Partial<UseQueryOptions<MethodOutput<M>, Error, MethodOutput<M>, QueryKeyOf<M>>> = { ...rest };
  if (keepPrevious) extra.placeholderData = keepPreviousData;
  const q = useQuery({ ...contractQuery(method, input), ...extra });
  if (fresh && q.dataUpdatedAt < pageShownAt) return { ...q, data: undefined };
  return q;
}

type PagedMethod = 'history.list' | 'plan.history';
/** Rows per page of a paged list. */
export const PAGE_ROWS = 100;

/**
 * A newest-first list read a page at a time (the change histories): the first page, then more()
 * adds the items older than the last one shown. Invalidated like any read of the method.
 */
export interface Pages<T> {
  items: T[] | null;
  hasMore: boolean;
  error: string | null;
  loadingMore: boolean;
  more: () => Promise<unknown>;
}

export function useContractPages<M extends PagedMethod>(method: M, input: Omit<MethodInput<M>, 'limit' | 'beforeId'>): Pages<MethodOutput<M>['items'][number]> {
  const q = useInfiniteQuery({
    queryKey: [method, input, 'pages'] as const,
    queryFn: ({ pageParam, signal }) =>
      send(method, { ...input, limit: PAGE_ROWS, ...(pageParam === undefined ? {} : { beforeId: pageParam }) } as MethodInput<M>, { signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last: MethodOutput<M>) => (last.hasMore ? last.items[last.items.length - 1]?.id : undefined),
  });
  return {
    items: q.data ? q.data.pages.flatMap((p) => p.items as MethodOutput<M>['items']) : null,
    hasMore: q.hasNextPage,
    error: q.error ? q.error.message : null,
    loadingMore: q.isFetchingNextPage,
    more: () => q.fetchNextPage(),
  };
}

/** The answer of a read: from the cache when a fresh one is there, otherwise fetched (outside React). */
export function read<M extends ReadMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  return queryClient.fetchQuery(contractQuery(method, input));
}

/** A read fetched again whatever the cache holds (after a conflict, for the newest version). */
export function readFresh<M extends ReadMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  return queryClient.fetchQuery({ ...contractQuery(method, input), staleTime: 0 });
}

/** A one-off call that changes nothing and is not cached (a file to save, a preview, a check). */
export function ask<M extends Exclude<Parameters<typeof send>[0], ReadMethod | WriteMethod>>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  return send(method, input);
}

/** Change a cached answer in place (a saved record shown in its list before the list is read again). */
export function setCached<M extends ReadMethod>(method: M, input: MethodInput<M>, update: (cur: MethodOutput<M> | undefined) => MethodOutput<M> | undefined): void {
  queryClient.setQueryData<MethodOutput<M>>(keyOf(method, input), update);
}

/** Mark stale every cached read a write changes. */
export async function invalidateAfter(method: WriteMethod): Promise<void> {
  const reads = invalidatedBy(method);
  if (reads === 'all') {
    await queryClient.invalidateQueries();
    return;
  }
  const set = new Set<string>(reads);
  await queryClient.invalidateQueries({ predicate: (q) => set.has(String(q.queryKey[0])) });
}

/**
 * Write through the contract: on success the reads it changes are invalidated (not awaited: the
 * caller has the write's answer at once, the shown lists follow).
 */
export async function write<M extends WriteMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const out = await send(method, input);
  void invalidateAfter(method);
  return out;
}

/** write(), resolving only once the reads it changes that are shown have been fetched again. */
export async function writeAndRefresh<M extends WriteMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const out = await send(method, input);
  await invalidateAfter(method);
  return out;
}

/** A write as a mutation (pending state for buttons); never retried. */
export function useWrite<M extends WriteMethod>(method: M) {
  return useMutation({ mutationFn: (input: MethodInput<M>) => write(method, input), retry: false });
}
