import { Text } from '@mantine/core';
import { useContract } from '../api/query.ts';

/** The status line's sync state: 同期済み / 未送信 N件 / オフライン (nothing while sync is not set up). */
export function SyncBadge() {
  const s = useContract('sync.status', {}, { refetchInterval: 30_000 }).data;
  if (!s || s.state === 'unconfigured') return null;
  const text = s.state === 'offline' ? 'オフライン' : s.pending > 0 ? `未送信 ${s.pending.toLocaleString('ja-JP')}件` : '同期済み';
  return (
    <>
    <Text span size="xs" c="dimmed" style={{ flex: 'none' }} data-testid="status-sync" data-state={s.state} title={s.lastError ?? undefined}>
      {text}
      {s.conflicts > 0 ? `・競合 ${s.conflicts}件` : ''}
    </Text>
    <Text span size="xs" c="gray.4" aria-hidden>
      |
    </Text>
    </>
  );
}
