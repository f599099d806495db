import { Button, type ButtonProps } from '@mantine/core';
import { IconFileTypeDocx } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { paths, type DocKind } from '../routes.ts';

/**
 * 「文書を書き出す」: opens the preview of the engagement's document. `beforeOpen` saves what the
 * page still holds (autosaved answers), so the document shows the latest text.
 */
export function ExportDocButton({
  engagementId,
  doc = 'plan',
  beforeOpen,
  ...props
}: { engagementId: string; doc?: DocKind; beforeOpen?: () => Promise<unknown> } & Omit<ButtonProps, 'children' | 'onClick'>) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="light"
      leftSection={<IconFileTypeDocx size={14} />}
      loading={busy}
      data-testid="open-documents"
      {...props}
      onClick={() => {
        setBusy(true);
        void (async () => {
          try {
            await beforeOpen?.();
          } catch {
            // A failed save shows on its own form; the document opens with what is saved.
          }
          void navigate(paths.documents(engagementId, doc));
        })();
      }}
    >
      文書を書き出す
    </Button>
  );
}
