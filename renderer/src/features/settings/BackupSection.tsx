import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconDatabaseExport } from '@tabler/icons-react';
import { useState } from 'react';
import type { BackupInfo } from '../../../../shared/contract/backup.ts';
import { BACKUP_KIND_LABELS } from '../../../../shared/contract/backup.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import type { BackupVerify } from '../../../../shared/contract/backup.ts';
import { errorMessage } from '../../api/client.ts';
import { ask, useContract, write } from '../../api/query.ts';
import { notify, notifyFailure } from '../../lib/notify.tsx';
import { Loading } from '../../components/Loading.tsx';

const DATE_TIME = new Intl.DateTimeFormat('ja-JP', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

function when(b: BackupInfo): string {
  return DATE_TIME.format(new Date(b.createdAt));
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

type VerifyState = { state: 'running' } | { state: 'done'; result: BackupVerify } | { state: 'error'; message: string };

const KIND_COLORS: Record<BackupInfo['kind'], string> = { auto: 'gray', manual: 'blue', 'pre-migration': 'grape', 'pre-restore': 'orange' };

/** Settings → バックアップ: the list of backups, 今すぐバックアップ, 検証 and 復元 (with a confirmation). */
export function BackupSection() {
  const backups = useContract('backup.list', {});
  const list = backups.data ?? null;
  const loadStatus = backups.status;
  const loadError = backups.error?.message ?? null;
  const load = () => void backups.refetch();
  const [creating, setCreating] = useState(false);
  /** Verification results per backup name. */
  const [verify, setVerify] = useState<Record<string, VerifyState>>({});
  const [confirm, setConfirm] = useState<BackupInfo | null>(null);

  const create = async () => {
    if (creating) return;
    setCreating(true);
    try {
      const b = await write('backup.create', {});
      notify({ tone: 'ok', text: `バックアップしました（${b.name}）。` });
    } catch (e) {
      notifyFailure('バックアップできませんでした', e);
    } finally {
      setCreating(false);
    }
  };
  const check = async (name: string) => {
    setVerify((v) => ({ ...v, [name]: { state: 'running' } }));
    try {
      const result = await ask('backup.verify', { name });
      setVerify((v) => ({ ...v, [name]: { state: 'done', result } }));
    } catch (e) {
      setVerify((v) => ({ ...v, [name]: { state: 'error', message: errorMessage(e) } }));
    }
  };
  const restore = async (name: string) => {
    try {
      return await write('backup.restore', { name });
    } catch (e) {
      notifyFailure('復元できませんでした', e);
      return null;
    }
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="settings-backup" data-testid="settings-backup">
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <Title order={2} size="h4" id="settings-backup">
          バックアップ
        </Title>
        <Button
          size="xs"
          leftSection={<IconDatabaseExport size={14} />}
          loading={creating}
          onClick={() => {
            void create();
          }}
          data-testid="backup-create"
        >
          今すぐバックアップ
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mb={6}>
        起動時、データが変わっていれば30分ごと、データベースの更新前に自動でバックアップします（SQLite のオンラインバックアップ）。
        古いものは自動で整理します（最新10件と、直近7日間の各日の最新1件を残します。手動のバックアップは消しません）。
      </Text>
      {list ? (
        <Text size="xs" c="dimmed" mb="xs" style={{ wordBreak: 'break-all' }} data-testid="backup-dir">
          保存先: {list.dir}
        </Text>
      ) : null}
      {loadStatus === 'error' ? (
        <Alert color="gray" mb="xs" data-testid="backup-load-error">
          <Text size="sm">{loadError}</Text>
          <Button
            mt="xs"
            size="xs"
            variant="default"
            onClick={load}
          >
            もう一度読み込む
          </Button>
        </Alert>
      ) : null}
      {!list && loadStatus !== 'error' ? (
        <Loading />
      ) : null}
      {list && list.items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="backup-empty">
          バックアップはまだありません。
        </Text>
      ) : null}
      {list && list.items.length > 0 ? (
        <Table striped highlightOnHover verticalSpacing={4} fz="sm" data-testid="backup-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>日時</Table.Th>
              <Table.Th>種類</Table.Th>
              <Table.Th>スキーマ</Table.Th>
              <Table.Th ta="right">サイズ</Table.Th>
              <Table.Th>検証</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((b) => {
              const v = verify[b.name];
              return (
                <Table.Tr key={b.name} data-testid="backup-row" data-name={b.name}>
                  <Table.Td title={b.name}>{when(b)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={KIND_COLORS[b.kind]} size="sm">
                      {BACKUP_KIND_LABELS[b.kind]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>v{b.schemaVersion}</Table.Td>
                  <Table.Td ta="right">{size(b.size)}</Table.Td>
                  <Table.Td data-testid="backup-verify-result">
                    {v?.state === 'done' ? (
                      <Tooltip label={v.result.message} multiline w={320}>
                        <Badge color={v.result.ok ? 'green' : 'red'} variant="light" size="sm">
                          {v.result.ok ? '正常' : '異常'}
                        </Badge>
                      </Tooltip>
                    ) : v?.state === 'error' ? (
                      <Text size="xs" c="red">
                        {v.message}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="default"
                        loading={v?.state === 'running'}
                        onClick={() => {
                          void check(b.name);
                        }}
                        data-testid="backup-verify"
                      >
                        検証
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="default"
                        onClick={() => {
                          setConfirm(b);
                        }}
                        data-testid="backup-restore"
                      >
                        復元
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : null}
      <ConfirmModal
        opened={confirm !== null}
        title="バックアップから復元しますか？"
        confirmLabel="復元する"
        danger
        testId="backup-restore-confirm"
        onCancel={() => {
          setConfirm(null);
        }}
        onConfirm={async () => {
          if (!confirm) return;
          const r = await restore(confirm.name);
          setConfirm(null);
          // Every page reads its data again from the restored database.
          if (r) window.location.reload();
        }}
      >
        {confirm ? (
          <Stack gap="xs">
            <Text size="sm">
              {when(confirm)} の{BACKUP_KIND_LABELS[confirm.kind]}バックアップで、いまのデータをすべて置き換えます。
            </Text>
            <Text size="sm">
              復元する前に、いまの状態を「{BACKUP_KIND_LABELS['pre-restore']}」のバックアップとして自動で保存します。復元したあとでも、そのバックアップからいつでも元に戻せます。
            </Text>
          </Stack>
        ) : null}
      </ConfirmModal>
    </Paper>
  );
}
