import { Button, type ButtonProps } from '@mantine/core';
import { useState, type ReactNode } from 'react';

/**
 * A button that first saves what the page still holds (`before`: autosaved edits), then acts — so
 * a document or a file has the latest text. A failed save shows on its own form; the action goes on
 * with what is saved.
 */
export function SaveFirstButton({
  before,
  action,
  children,
  ...props
}: { before?: (() => Promise<unknown>) | undefined; action: () => Promise<unknown> | void; children: ReactNode } & Omit<ButtonProps, 'children' | 'onClick'> &
  Record<`data-${string}`, string>) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="light"
      loading={busy}
      {...props}
      onClick={() => {
        setBusy(true);
        void (async () => {
          try {
            await before?.();
          } catch {
            // Shown on the form that failed to save.
          }
          try {
            await action();
          } finally {
            setBusy(false);
          }
        })();
      }}
    >
      {children}
    </Button>
  );
}
