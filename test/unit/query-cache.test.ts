// The renderer's ambient types (window.banso, stylesheet imports), which the test project does not include.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../renderer/src/global.d.ts" />
import { QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contract, METHOD_NAMES } from '../../shared/contract/index.ts';

/**
 * The renderer's one query cache (renderer/src/api/query.ts) on a real QueryClient: reads keyed by
 * method and input, writes that invalidate what the table says, superseded reads cancelled, writes
 * never retried. Only the transport (send) is replaced: it records its calls and their signals.
 */

const calls: { method: string; input: unknown; signal: AbortSignal | undefined }[] = [];
let answer: (method: string, input: unknown) => Promise<unknown> = () => new Promise(() => {});

vi.mock('../../renderer/src/api/client.ts', () => ({
  send: (method: string, input: unknown, opts: { signal?: AbortSignal } = {}) => {
    calls.push({ method, input, signal: opts.signal });
    return answer(method, input);
  },
  isConnectionError: () => false,
}));

const { queryClient, contractQuery, write, keyOf } = await import('../../renderer/src/api/query.ts');
const { READ_METHODS, ONE_OFF_METHODS, WRITE_INVALIDATES } = await import('../../renderer/src/api/invalidation.ts');

afterEach(() => {
  queryClient.clear();
  calls.length = 0;
  answer = () => new Promise(() => {});
});

describe('the query cache', () => {
  it('classifies every contract method exactly once: a cached read, a one-off call or a write with its invalidations', () => {
    const classes = [...READ_METHODS, ...ONE_OFF_METHODS, ...Object.keys(WRITE_INVALIDATES)];
    expect([...classes].sort()).toEqual([...METHOD_NAMES].sort());
    expect(new Set(classes).size).toBe(classes.length);
    // The writes are exactly the methods the contract marks as changing data.
    expect(Object.keys(WRITE_INVALIDATES).sort()).toEqual(METHOD_NAMES.filter((m) => (contract[m] as { mutates?: boolean }).mutates).sort());
    // Every invalidated method is a cached read.
    for (const reads of Object.values(WRITE_INVALIDATES)) if (reads !== 'all') for (const r of reads) expect(READ_METHODS).toContain(r);
  });

  it('a write invalidates the reads of its row in the table and no others', async () => {
    answer = async (method) => (method === 'cases.update' ? { id: 'c1' } : { items: [] });
    queryClient.setQueryData(keyOf('cases.search', { query: '教育' }), { items: [] });
    queryClient.setQueryData(keyOf('cases.get', { id: 'c1' }), { id: 'c1' });
    queryClient.setQueryData(keyOf('templates.list', {}), { items: [] });
    await write('cases.update', { id: 'c1', patch: { title: 'x' } });
    await vi.waitFor(() => expect(queryClient.getQueryState(keyOf('cases.search', { query: '教育' }))?.isInvalidated).toBe(true));
    expect(queryClient.getQueryState(keyOf('cases.get', { id: 'c1' }))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(keyOf('templates.list', {}))?.isInvalidated).toBe(false);
  });

  it('a restore invalidates everything', async () => {
    answer = async () => ({ ok: true });
    queryClient.setQueryData(keyOf('templates.list', {}), { items: [] });
    queryClient.setQueryData(keyOf('settings.get', {}), { advisorName: '' });
    await write('backup.restore', { name: 'b' });
    await vi.waitFor(() => expect(queryClient.getQueryState(keyOf('templates.list', {}))?.isInvalidated).toBe(true));
    expect(queryClient.getQueryState(keyOf('settings.get', {}))?.isInvalidated).toBe(true);
  });

  it('a search superseded by the next keystroke is cancelled (its signal aborts the request)', async () => {
    const observer = new QueryObserver(queryClient, contractQuery('cases.search', { query: 'テレ' }));
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    observer.setOptions(contractQuery('cases.search', { query: 'テレワーク' }));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[0]!.input).toEqual({ query: 'テレ' });
    expect(calls[0]!.signal?.aborted).toBe(true);
    expect(calls[1]!.signal?.aborted).toBe(false);
    unsubscribe();
  });

  it('never retries a write, and a read only when no answer came', async () => {
    answer = async () => {
      throw new Error('refused');
    };
    await expect(write('settings.update', { advisorName: 'x' })).rejects.toThrow('refused');
    expect(calls.filter((c) => c.method === 'settings.update')).toHaveLength(1);
    await expect(queryClient.fetchQuery(contractQuery('settings.get', {}))).rejects.toThrow('refused');
    expect(calls.filter((c) => c.method === 'settings.get')).toHaveLength(1);
  });
});
