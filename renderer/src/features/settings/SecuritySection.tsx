import { Alert, Button, Checkbox, Code, Group, Modal, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconLock, IconLockOpen } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { KEY_SOURCE_LABELS, type SecurityStatus } from '../../../../shared/contract/security.ts';
import { errorMessage } from '../../api/client.ts';
import { ask, useContract, write } from '../../api/query.ts';
import { notify } from '../../lib/notify.tsx';

/**
 * 設定 → セキュリティ: whether the data folder is encrypted at rest. A plain folder shows
 * 「暗号化されていません」 with one action; an encrypted one says how it opens and offers a new
 * passphrase, a new data key and a new recovery key. A recovery key is shown once, and the dialog
 * closes only on 「印刷・保存しました」.
 */
export function SecuritySection() {
  const status = useContract('security.status', {});
  const s = status.data;
  const [dialog, setDialog] = useState<null | 'enable' | 'passphrase' | 'rekey' | 'recovery'>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="settings-security" data-testid="settings-security">
      <Title order={2} size="h4" id="settings-security" mb="xs">
        セキュリティ
      </Title>
      {!s ? (
        <Text size="sm" c="dimmed">
          {status.error ? errorMessage(status.error) : '読み込み中…'}
        </Text>
      ) : s.encrypted ? (
        <Stack gap="xs">
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconLock size={16} color="var(--mantine-color-teal-7)" style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm" data-testid="security-state">
              データは暗号化されています（AEGIS-256）。バックアップも同じ鍵で暗号化されます。
            </Text>
          </Group>
          <Text size="xs" c="dimmed" data-testid="security-methods">
            開き方: {s.methods.map((m) => KEY_SOURCE_LABELS[m]).join('・')}
            {s.keySource ? `（今回は${KEY_SOURCE_LABELS[s.keySource]}で開きました）` : ''}
          </Text>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setDialog('passphrase')} data-testid="security-change-passphrase">
              {s.methods.includes('passphrase') ? 'パスフレーズを変更' : 'パスフレーズを設定'}
            </Button>
            <Button size="xs" variant="default" onClick={() => setDialog('recovery')} data-testid="security-renew-recovery">
              回復キーを作り直す
            </Button>
            <Button size="xs" variant="default" onClick={() => setDialog('rekey')} data-testid="security-rekey">
              データの鍵を新しくする
            </Button>
          </Group>
        </Stack>
      ) : (
        <Alert color="orange" icon={<IconLockOpen size={18} />} title="暗号化されていません" data-testid="security-plain">
          <Text size="sm">
            支援先の連絡先やメモがそのままの形でディスクに保存されています。ノートパソコンの紛失やフォルダーのコピーに備えて、暗号化してください。
          </Text>
          <Button size="xs" mt="xs" leftSection={<IconLock size={14} />} onClick={() => setDialog('enable')} data-testid="security-enable">
            暗号化する
          </Button>
        </Alert>
      )}

      {s ? (
        <SecretDialog
          status={s}
          kind={dialog}
          onClose={() => setDialog(null)}
          onRecoveryKey={(k) => {
            setDialog(null);
            setRecoveryKey(k);
          }}
        />
      ) : null}
      <RecoveryKeyModal recoveryKey={recoveryKey} onConfirmed={() => setRecoveryKey(null)} />
    </Paper>
  );
}

const TITLES = { enable: 'データを暗号化する', passphrase: 'パスフレーズを変更する', rekey: 'データの鍵を新しくする', recovery: '回復キーを作り直す' } as const;

function SecretDialog({
  status,
  kind,
  onClose,
  onRecoveryKey,
}: {
  status: SecurityStatus;
  kind: null | keyof typeof TITLES;
  onClose: () => void;
  onRecoveryKey: (key: string) => void;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setCurrent('');
    setNext('');
    setAgain('');
    setError(null);
  }, [kind]);
  if (!kind) return null;
  // The OS key store opens the folder without the passphrase; otherwise the current one is asked.
  const needsCurrent = kind !== 'enable' && status.keySource !== 'os';
  const needsNew = kind === 'passphrase' || (kind === 'enable' && !status.keyStore.available);
  const mayAddNew = kind === 'enable' && status.keyStore.available;
  const submit = async () => {
    setError(null);
    if ((needsNew || (mayAddNew && next)) && next !== again) {
      setError('確認のために入力したパスフレーズが一致しません。');
      return;
    }
    setBusy(true);
    try {
      const cur = needsCurrent ? current : undefined;
      if (kind === 'enable') {
        const r = await write('security.enable', next ? { passphrase: next } : {});
        notify({ tone: 'ok', text: `暗号化しました（バックアップ ${r.backupsConverted} 件も暗号化）。` });
        onRecoveryKey(r.recoveryKey);
      } else if (kind === 'passphrase') {
        await write('security.changePassphrase', { ...(cur ? { current: cur } : {}), next });
        notify({ tone: 'ok', text: 'パスフレーズを変更しました。' });
        onClose();
      } else if (kind === 'rekey') {
        await write('security.rekey', cur ? { current: cur } : {});
        notify({ tone: 'ok', text: 'データの鍵を新しくしました。' });
        onClose();
      } else {
        const r = await write('security.renewRecoveryKey', cur ? { current: cur } : {});
        onRecoveryKey(r.recoveryKey);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={busy ? () => undefined : onClose} title={TITLES[kind]} size="md" centered data-testid={`security-dialog-${kind}`}>
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          {kind === 'enable' ? (
            <Text size="sm">
              {status.keyStore.available
                ? 'データの鍵は OS の鍵ストアで守られ、このユーザーでログインしていればパスフレーズなしで開けます。パスフレーズも決めておくと、別の方法でも開けます。'
                : 'この環境では OS の鍵ストアが使えないため、起動のたびにパスフレーズを入力します。先にバックアップを取り、既存のバックアップも暗号化します。'}
            </Text>
          ) : null}
          {kind === 'rekey' ? <Text size="sm">データベースとすべてのバックアップを新しい鍵で暗号化し直します。パスフレーズと回復キーはそのまま使えます。</Text> : null}
          {kind === 'recovery' ? <Text size="sm">新しい回復キーを作ります。いまの回復キーは使えなくなります。</Text> : null}
          {needsCurrent ? (
            <PasswordInput label="いまのパスフレーズ（または回復キー）" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" data-testid="security-current" data-autofocus />
          ) : null}
          {needsNew || mayAddNew ? (
            <>
              <PasswordInput
                label={mayAddNew ? 'パスフレーズ（任意、8 文字以上）' : '新しいパスフレーズ（8 文字以上）'}
                value={next}
                onChange={(e) => setNext(e.currentTarget.value)}
                autoComplete="new-password"
                data-testid="security-new"
              />
              <PasswordInput label="もう一度" value={again} onChange={(e) => setAgain(e.currentTarget.value)} autoComplete="new-password" data-testid="security-new-again" />
            </>
          ) : null}
          {error ? (
            <Alert color="red" data-testid="security-error">
              {error}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose} disabled={busy}>
              キャンセル
            </Button>
            <Button type="submit" loading={busy} data-testid="security-submit">
              {kind === 'enable' ? '暗号化する' : kind === 'passphrase' ? '変更する' : kind === 'rekey' ? '新しくする' : '作り直す'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A recovery key, shown once: it closes only when the user says it was printed or saved. */
export function RecoveryKeyModal({ recoveryKey, onConfirmed }: { recoveryKey: string | null; onConfirmed: () => void }) {
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [recoveryKey]);
  if (recoveryKey === null) return null;
  return (
    <Modal opened onClose={() => undefined} withCloseButton={false} closeOnEscape={false} closeOnClickOutside={false} title="回復キー" size="md" centered data-testid="recovery-key">
      <Stack gap="sm">
        <Text size="sm">
          パスフレーズを忘れたときや、OS の鍵ストアが失われたとき（OS の再インストール、別のパソコンへの移行）に、データを開ける唯一の手段です。
          <b>この画面でしか表示しません。</b>印刷するか、パスワード管理ソフトに保存してください。
        </Text>
        {/* Two lines of four groups: readable aloud, and fits when printed. */}
        <Code block fz="lg" ta="center" style={{ letterSpacing: '0.08em', whiteSpace: 'pre' }} data-testid="recovery-key-value">
          {recoveryKey.split('-').slice(0, 4).join('-')}
          {'-\n'}
          {recoveryKey.split('-').slice(4).join('-')}
        </Code>
        <Group justify="space-between">
          <Button variant="default" size="xs" onClick={() => window.print()}>
            印刷する
          </Button>
          <Checkbox label="印刷・保存しました" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} data-testid="recovery-key-saved" />
        </Group>
        <Group justify="flex-end">
          <Button
            disabled={!saved}
            data-testid="recovery-key-done"
            onClick={() => {
              void ask('security.confirmRecoveryKey', {}).catch(() => undefined);
              onConfirmed();
            }}
          >
            閉じる
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
