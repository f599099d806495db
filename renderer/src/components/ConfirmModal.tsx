import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';

interface ConfirmModalProps {
  opened: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  testId: string;
  onConfirm: () => Promise<void> | void;
  onCancel: () => void;
}

/** A small yes/no question. The confirm button waits for the action to finish. */
export function ConfirmModal({ opened, title, children, confirmLabel, danger, testId, onConfirm, onCancel }: ConfirmModalProps) {
  const [busy, setBusy] = useState(false);
  return (
    <Modal opened={opened} onClose={busy ? () => undefined : onCancel} title={title} size="sm" data-testid={testId} centered>
      <Stack gap="md">
        {children ? <div>{typeof children === 'string' ? <Text size="sm">{children}</Text> : children}</div> : null}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel} disabled={busy} data-testid={`${testId}-cancel`}>
            キャンセル
          </Button>
          <Button
            color={danger ? 'red' : undefined}
            loading={busy}
            data-autofocus
            data-testid={`${testId}-confirm`}
            onClick={() => {
              setBusy(true);
              void Promise.resolve(onConfirm()).finally(() => {
                setBusy(false);
              });
            }}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
