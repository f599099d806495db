import { Group, Loader, Text } from '@mantine/core';
import { IconAlertCircle, IconCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** Where an autosaving form stands. */
export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/** 保存中… / 保存済み / 保存できませんでした for every autosaving form (data-testid="save-state", data-state). */
export function SaveIndicator({ state, error }: { state: SaveState; error?: string | null }) {
  let content: ReactNode;
  switch (state) {
    case 'saving':
      content = (
        <>
          <Loader size={11} />
          <Text span size="xs" c="dimmed">
            保存中…
          </Text>
        </>
      );
      break;
    case 'saved':
      content = (
        <>
          <IconCheck size={13} color="var(--mantine-color-teal-7)" />
          <Text span size="xs" c="teal.9">
            保存済み
          </Text>
        </>
      );
      break;
    case 'error':
      content = (
        <>
          <IconAlertCircle size={13} color="var(--mantine-color-red-7)" />
          <Text span size="xs" c="red.9" title={error ?? undefined}>
            保存できませんでした
          </Text>
        </>
      );
      break;
    default:
      content = (
        <Text span size="xs" c="dimmed">
          自動で保存されます
        </Text>
      );
  }
  return (
    <Group gap={4} wrap="nowrap" data-testid="save-state" data-state={state} aria-live="polite" style={{ flex: 'none' }}>
      {content}
    </Group>
  );
}
