import { ApiError } from '../../api/client.ts';
import { useContract } from '../../api/query.ts';
import { useLog } from './store.ts';

/** What 支援記録 shows, from the query cache: every engagement (the picker), the chosen one and its entries. */
export function useLogData() {
  const engagementId = useLog((s) => s.engagementId);
  const id = engagementId ?? '';
  const options = useContract('engagements.list', {});
  const engagement = useContract('engagements.get', { id }, { enabled: id !== '' });
  // The form starts from an entry of this list: only a read since the page was shown counts.
  const entries = useContract('log.list', { engagementId: id }, { enabled: id !== '', fresh: true });
  const failed = engagement.error ?? entries.error;
  return {
    engagementId,
    options: options.data?.items ?? [],
    optionsStatus: options.isPending ? 'loading' : options.isError ? 'error' : 'ready',
    engagement: engagement.data ?? null,
    entries: entries.data?.items ?? [],
    entriesStatus: !engagementId ? 'idle' : entries.data ? 'ready' : failed ? 'error' : 'loading',
    error: failed
      ? failed instanceof ApiError && failed.code === 'not_found'
        ? 'この案件は見つかりません。削除された可能性があります。'
        : failed.message
      : null,
  } as const;
}
