import { Alert, Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The foot of a form in a modal: what the core refused that belongs to no field, then キャンセル and
 * the submit button (type="submit": Enter in a field submits, never the Enter of an IME conversion).
 */
export function ModalActions({
  general,
  busy,
  onCancel,
  submitLabel,
  submitTestId,
  submitIcon,
  onSubmit,
  children,
}: {
  general: string | null;
  busy: boolean;
  onCancel: () => void;
  submitLabel: string;
  submitTestId: string;
  submitIcon?: ReactNode;
  /** For a modal without a <form>: what the button does. */
  onSubmit?: () => void;
  /** A note shown between the message and the buttons. */
  children?: ReactNode;
}) {
  return (
    <>
      {general ? (
        <Alert color="red" py={6} role="alert">
          {general}
        </Alert>
      ) : null}
      {children}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onCancel} disabled={busy}>
          キャンセル
        </Button>
        <Button type={onSubmit ? 'button' : 'submit'} leftSection={submitIcon} loading={busy} data-testid={submitTestId} onClick={onSubmit}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
