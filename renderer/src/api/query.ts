import { keepPreviousData, QueryClient, queryOptions, useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
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
}

/** Read one method of the contract from the cache (fetching when needed). */
export function useContract<M extends ReadMethod>(method: M, input: MethodInput<M>, options: ReadOptions = {}) {
  const { keepPrevious, ...rest } = options;
  const extra: Partial<UseQueryOptions<MethodOutput<M>, Error, MethodOutput<M>, QueryKeyOf<M>>> = { ...rest };
  if (keepPrevious) extra.placeholderData = keepPreviousData;
  return useQuery({ ...contractQuery(method, input), ...extra });
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

/** A write as a mutation (pending state for buttons); never retried. */
export function useWrite<M extends WriteMethod>(method: M) {
  return useMutation({ mutationFn: (input: MethodInput<M>) => write(method, input), retry: false });
}
