import type { ButtonProps } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { notifyFailure } from '../lib/notify.tsx';
import { SaveFirstButton } from './SaveFirstButton.tsx';
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
  return (
    <SaveFirstButton
      leftSection={<IconFileExport size={14} />}
      data-testid="engagement-export-bundle"
      {...props}
      before={beforeExport}
      action={async () => {
        try {
          await exportAndSave({ engagementId });
        } catch (e) {
          notifyFailure('書き出せませんでした', e);
        }
      }}
    >
      受け渡し用に書き出す
    </SaveFirstButton>
  );
}
