import { Button, type ButtonProps } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import { notifyFailure } from '../lib/notify.tsx';
import { exportAndSave } from '../features/bundles/store.ts';

/**
 * 「受け渡し用に書き出す」: the engagement as a hand-off bundle (client, log, plan, attached cases).
 * `beforeExport` saves what the form still holds, so the file has the latest text.
 */
export function BundleExportButton({
  engagementId,
  beforeExport,
  ...props
}: { engagementId: string; beforeExport?: () => Promise<unknown> } & Omit<ButtonProps, 'children' | 'onClick'>) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="light"
      leftSection={<IconFileExport size={14} />}
      loading={busy}
      data-testid="engagement-export-bundle"
      {...props}
      onClick={() => {
        setBusy(true);
        void (async () => {
          try {
            await beforeExport?.();
          } catch {
            // A failed save shows on its own form; the file has what is saved.
          }
          try {
            await exportAndSave({ engagementId });
          } catch (e) {
            notifyFailure('書き出せませんでした', e);
          } finally {
            setBusy(false);
          }
        })();
      }}
    >
      受け渡し用に書き出す
    </Button>
  );
}
