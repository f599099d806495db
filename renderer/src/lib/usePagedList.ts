import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client.ts';

export interface ListPage<T> {
  items: T[];
  hasMore: boolean;
}

/**
 * A newest-first list read a page at a time (the change histories): the first page whenever
 * `key` changes, then `more()` adds the items older than the last one shown. `load` is read when
 * `key` changes, so `key` must name everything it depends on.
 */
export function usePagedList<T extends { id: number }>(key: string, load: (beforeId: number | undefined) => Promise<ListPage<T>>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let live = true;
    load(undefined).then(
      (r) => {
        if (!live) return;
        setItems(r.items);
        setHasMore(r.hasMore);
        setError(null);
      },
      (e: unknown) => {
        if (live) setError(errorMessage(e));
      },
    );
    return () => {
      live = false;
    };
    // Only `key`: it names everything `load` depends on (a new `load` is made on every render).
  }, [key]);

  const more = async () => {
    const last = items?.[items.length - 1];
    if (!last) return;
    setLoadingMore(true);
    try {
      const r = await load(last.id);
      setItems((cur) => [...(cur ?? []), ...r.items]);
      setHasMore(r.hasMore);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoadingMore(false);
    }
  };

  return { items, hasMore, error, loadingMore, more };
}
