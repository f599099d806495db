import { Alert, Group, Loader, Text, type GroupProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** 「読み込み中…」 with a small spinner: one look for every list and panel that is still loading. */
export function Loading({ label = '読み込み中…', ...props }: GroupProps & Record<`data-${string}`, string> & { label?: string }) {
  return (
    <Group gap="xs" {...props}>
      <Loader size="xs" />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}

/**
 * A panel whose data has not come yet: the error (data-status="error") or 「読み込み中…」
 * (data-status="loading"), both under `testId`; null once the data is there (the panel draws it).
 */
export function LoadState({ ready, error, testId, label }: { ready: boolean; error: string | null; testId: string; label?: string }): ReactNode {
  if (ready) return null;
  if (error) {
    return (
      <Alert color="gray" data-testid={testId} data-status="error">
        {error}
      </Alert>
    );
  }
  return <Loading data-testid={testId} data-status="loading" {...(label ? { label } : {})} />;
}
