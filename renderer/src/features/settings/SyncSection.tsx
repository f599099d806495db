import { Alert, Badge, Button, DataList, Group, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCloudUpload, IconPlugConnected } from '@tabler/icons-react';
import { useState } from 'react';
import { z } from 'zod';
import { syncMethods, type SyncStatus } from '../../../../shared/contract/sync.ts';
import { ask, invalidateAfter, useContract, write } from '../../api/query.ts';
import { InfoItem } from '../../components/InfoItem.tsx';
import { LoadState } from '../../components/Loading.tsx';
import { notify, notifyFailure } from '../../lib/notify.tsx';
import { formatDate } from '../../../../shared/domain/wareki.ts';
import { useSettings } from '../../lib/appInfo.ts';

export const SYNC_STATE_LABEL: Record<SyncStatus['state'], string> = {
  synced: '同期済み',
  pending: '未送信あり',
  offline: 'オフライン',
  unconfigured: '未設定',
};

const SSL_MODES = [
  { value: 'verify-full', label: 'verify-full（証明書とホスト名を確認・推奨）' },
  { value: 'verify-ca', label: 'verify-ca（証明書のみ確認）' },
  { value: 'require', label: 'require（暗号化のみ）' },
  { value: 'disable', label: 'disable（暗号化しない・同じ端末のみ）' },
] as const;

/** The form follows the contract's own schema (no copied rules). */
const ConfigureSchema = syncMethods['sync.configure'].input.extend({ password: z.string().max(500) });

/** 設定 → チーム同期: hub address, role, TLS, password, test connection, last sync, pending changes, conflicts. */
export function SyncSection() {
  const status = useContract('sync.status', {});
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="settings-sync" data-testid="settings-sync">
      <Title order={2} size="h4" id="settings-sync" mb={4}>
        チーム同期
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        チームの PostgreSQL（ハブ）と、好事例ライブラリと「チームと共有」にした案件を送受信します。ネットワークがなくても、この端末のデータでそのまま作業できます。
      </Text>
      {status.data ? <SyncForm status={status.data} /> : <LoadState ready={false} error={status.error?.message ?? null} testId="sync-status-loading" />}
    </Paper>
  );
}

function when(iso: string | null, style: 'wareki' | 'seireki'): string {
  if (!iso) return 'まだありません';
  const d = new Date(iso);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return `${formatDate(iso.slice(0, 10), style)} ${hm}`;
}

function SyncForm({ status }: { status: SyncStatus }) {
  const settings = useSettings();
  const style = settings.data?.dateStyle === 'seireki' ? 'seireki' : 'wareki';
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      url: status.url ?? '',
      role: status.role ?? '',
      sslmode: (status.sslmode ?? 'verify-full') as z.infer<typeof ConfigureSchema>['sslmode'],
      caFile: status.caFile ?? '',
      password: '',
    },
    validate: (values) => {
      const r = ConfigureSchema.safeParse({ ...values, caFile: values.caFile || undefined });
      if (r.success) return {};
      return Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
    },
  });
  const [busy, setBusy] = useState<'save' | 'test' | 'sync' | null>(null);
  const [tested, setTested] = useState<{ ok: boolean; message: string } | null>(null);

  const save = form.onSubmit(async (v) => {
    setBusy('save');
    try {
      await write('sync.configure', { url: v.url, role: v.role, ...(v.sslmode ? { sslmode: v.sslmode } : {}), ...(v.caFile ? { caFile: v.caFile } : {}), ...(v.password ? { password: v.password } : {}) });
      form.setFieldValue('password', '');
      notify({ tone: 'ok', text: 'チーム同期の設定を保存しました。パスワードは設定ファイルには書かれません。' });
    } catch (e) {
      notifyFailure('チーム同期の設定を保存できませんでした', e);
    } finally {
      setBusy(null);
    }
  });
  const test = async () => {
    setBusy('test');
    try {
      setTested(await ask('sync.test', {}));
    } catch (e) {
      notifyFailure('接続を試せませんでした', e);
    } finally {
      setBusy(null);
    }
  };
  const syncNow = async () => {
    setBusy('sync');
    try {
      const r = await write('sync.now', {});
      notify({
        tone: r.conflicts > 0 ? 'warning' : 'ok',
        text: `同期しました: 送信 ${r.pushed}件、受信 ${r.pulled}件${r.conflicts > 0 ? `、競合 ${r.conflicts}件（受け渡し・同期 で決めてください）` : ''}。`,
      });
    } catch (e) {
      notifyFailure('同期できませんでした', e);
      // A failed sync records its error and the next retry: show them (and the status line's オフライン).
      void invalidateAfter('sync.configure');
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="xs">
      <DataList labelWidth="8em">
        <InfoItem label="状態" testId="sync-state">
          <Badge variant="light" color={status.state === 'synced' ? 'teal' : status.state === 'offline' ? 'orange' : 'gray'} data-state={status.state}>
            {SYNC_STATE_LABEL[status.state]}
          </Badge>
        </InfoItem>
        <InfoItem label="最終同期" testId="sync-last">
          {when(status.lastSyncAt, style)}
        </InfoItem>
        <InfoItem label="未送信" testId="sync-pending">
          {status.pending.toLocaleString('ja-JP')}件
        </InfoItem>
        <InfoItem label="競合" testId="sync-conflicts">
          {status.conflicts.toLocaleString('ja-JP')}件
        </InfoItem>
      </DataList>
      {status.lastError ? (
        <Alert color="orange" variant="light" p="xs" data-testid="sync-error">
          <Text size="sm">{status.lastError}</Text>
        </Alert>
      ) : null}
      <form onSubmit={save} noValidate>
        <Stack gap={6}>
          <TextInput label="ハブのアドレス" placeholder="postgresql://hub.example.lg.jp:5432/banso" {...form.getInputProps('url')} data-testid="sync-url" />
          <Group grow align="flex-start">
            <TextInput label="ロール（自分のユーザー名）" {...form.getInputProps('role')} data-testid="sync-role" />
            <PasswordInput
              label="パスワード"
              description={status.hasPassword ? '保存済み（変えるときだけ入力）' : 'OS の鍵保管庫に保存します'}
              {...form.getInputProps('password')}
              data-testid="sync-password"
            />
          </Group>
          <Group grow align="flex-start">
            <Select label="TLS" data={SSL_MODES.map((m) => ({ value: m.value, label: m.label }))} allowDeselect={false} {...form.getInputProps('sslmode')} data-testid="sync-sslmode" />
            <TextInput label="CA ファイル（PEM）" placeholder="/path/to/ca.pem" {...form.getInputProps('caFile')} />
          </Group>
          <Group gap="xs">
            <Button type="submit" size="xs" loading={busy === 'save'} data-testid="sync-save">
              保存
            </Button>
            <Button size="xs" variant="default" leftSection={<IconPlugConnected size={14} />} loading={busy === 'test'} disabled={!status.configured} onClick={() => void test()} data-testid="sync-test">
              接続を試す
            </Button>
            <Button size="xs" variant="default" leftSection={<IconCloudUpload size={14} />} loading={busy === 'sync'} disabled={!status.configured} onClick={() => void syncNow()} data-testid="sync-now">
              いま同期
            </Button>
            {tested ? (
              <Text size="xs" c={tested.ok ? 'teal.8' : 'orange.8'} data-testid="sync-test-result">
                {tested.message}
              </Text>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
