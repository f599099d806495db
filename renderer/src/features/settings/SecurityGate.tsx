import { Button, Center, Paper, PasswordInput, Stack, Text, Title, Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import { ask, queryClient } from '../../api/query.ts';
import { RecoveryKeyModal } from './SecuritySection.tsx';

type Gate = { state: 'checking' } | { state: 'locked'; message: string } | { state: 'open'; recoveryKey: string | null };

/**
 * Before the app: an encrypted data folder that the OS key store did not open asks for the
 * passphrase (or the recovery key) here; a recovery key made at this start (a new folder, encrypted
 * by default) is shown once over the app.
 */
export function SecurityGate({ children }: { children: ReactNode }) {
  const [gate, setGate] = useState<Gate>({ state: 'checking' });
  const check = () =>
    ask('security.pendingRecoveryKey', {}).then(
      (r) => setGate({ state: 'open', recoveryKey: r.recoveryKey }),
      (e: unknown) => setGate(e instanceof ApiError && e.code === 'locked' ? { state: 'locked', message: e.message } : { state: 'open', recoveryKey: null }),
    );
  useEffect(() => {
    void check();
  }, []);
  if (gate.state === 'checking') return null;
  if (gate.state === 'locked')
    return (
      <UnlockScreen
        onUnlocked={() => {
          queryClient.clear();
          void check();
        }}
      />
    );
  return (
    <>
      {children}
      <RecoveryKeyModal recoveryKey={gate.recoveryKey} onConfirmed={() => setGate({ state: 'open', recoveryKey: null })} />
    </>
  );
}

function UnlockScreen({ onUnlocked }: { onUnlocked: () => void }) {
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Center h="100vh" bg="gray.0">
      <Paper withBorder p="lg" w={420} data-testid="unlock-screen">
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            if (!secret || busy) return;
            setBusy(true);
            setError(null);
            ask('security.unlock', { secret })
              .then(() => {
                setSecret('');
                onUnlocked();
              })
              .catch((e: unknown) => setError(errorMessage(e)))
              .finally(() => setBusy(false));
          }}
        >
          <Stack gap="sm">
            <Title order={1} size="h3">
              <IconLock size={20} style={{ verticalAlign: '-3px', marginRight: 6 }} />
              データはロックされています
            </Title>
            <Text size="sm">このデータフォルダーは暗号化されています。パスフレーズ、または回復キー（4 文字ずつ 8 組）を入力してください。</Text>
            <PasswordInput label="パスフレーズまたは回復キー" value={secret} onChange={(e) => setSecret(e.currentTarget.value)} autoComplete="current-password" data-autofocus data-testid="unlock-secret" />
            {error ? (
              <Alert color="red" data-testid="unlock-error">
                {error}
              </Alert>
            ) : null}
            <Button type="submit" loading={busy} disabled={!secret} data-testid="unlock-submit">
              開く
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
