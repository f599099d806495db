import type { ButtonProps } from '@mantine/core';
import { IconFileTypeDocx } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { paths, type DocKind } from '../routes.ts';
import { SaveFirstButton } from './SaveFirstButton.tsx';

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
  return (
    <SaveFirstButton leftSection={<IconFileTypeDocx size={14} />} data-testid="open-documents" {...props} before={beforeOpen} action={() => navigate(paths.documents(engagementId, doc))}>
      文書を書き出す
    </SaveFirstButton>
  );
}
