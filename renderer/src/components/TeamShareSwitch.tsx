import { Switch, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useContract, write } from '../api/query.ts';
import { notify, notifyFailure } from '../lib/notify.tsx';

/**
 * 「チームと共有」 of an engagement (team sync): shown once the hub is set up. Sharing sends the
 * engagement with its log and plan at the next sync (contacts and notes only to its advisors);
 * un-sharing stops sending and says what stays on the hub.
 */
export function TeamShareSwitch({ engagementId }: { engagementId: string }) {
  const status = useContract('sync.status', {}).data;
  const [busy, setBusy] = useState(false);
  if (!status || !status.configured) return null;
  const shared = status.shared.includes(engagementId);
  const toggle = async () => {
    setBusy(true);
    try {
      if (shared) {
        const r = await write('sync.unshare', { engagementId });
        notify({ tone: 'ok', text: r.message });
      } else {
        await write('sync.share', { engagementId });
        notify({ tone: 'ok', text: 'チームと共有にしました。次の同期で送ります（担当者の連絡先とメモは、この案件の担当者だけが読めます）。' });
      }
    } catch (e) {
      notifyFailure(shared ? '共有をやめられませんでした' : '共有にできませんでした', e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip label="チームのハブと、この案件を送受信します" withArrow>
      <Switch size="xs" label="チームと共有" checked={shared} disabled={busy} onChange={() => void toggle()} data-testid="team-share" style={{ flex: 'none', alignSelf: 'center' }} />
    </Tooltip>
  );
}
