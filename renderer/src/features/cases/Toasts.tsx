import { Button, CloseButton, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconTrash } from '@tabler/icons-react';
import { STATUS_HEIGHT } from '../../layout/Frame.tsx';
import { useCases } from './store.ts';

/** Bottom-right messages: 「削除しました」 with 元に戻す, and short confirmations. */
export function Toasts() {
  const undo = useCases((s) => s.undo);
  const notice = useCases((s) => s.notice);
  const undoDelete = useCases((s) => s.undoDelete);
  const dismissUndo = useCases((s) => s.dismissUndo);
  const notify = useCases((s) => s.notify);
  if (!undo && !notice) return null;

  return (
    <Stack
      gap={6}
      style={{ position: 'fixed', right: 16, bottom: STATUS_HEIGHT + 12, zIndex: 300, width: 360 }}
      aria-live="polite"
    >
      {notice ? (
        <Paper withBorder shadow="sm" px="sm" py={6} data-testid="case-notice" data-tone={notice.tone}>
          <Group gap={8} wrap="nowrap">
            {notice.tone === 'error' ? (
              <IconAlertCircle size={16} color="var(--mantine-color-red-7)" style={{ flex: 'none' }} />
            ) : (
              <IconCheck size={16} color="var(--mantine-color-teal-7)" style={{ flex: 'none' }} />
            )}
            <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
              {notice.text}
            </Text>
            <CloseButton size="sm" aria-label="閉じる" onClick={() => notify(null)} />
          </Group>
        </Paper>
      ) : null}
      {undo ? (
        <Paper withBorder shadow="sm" px="sm" py={6} data-testid="case-undo-bar">
          <Group gap={8} wrap="nowrap">
            <IconTrash size={16} color="var(--mantine-color-gray-6)" style={{ flex: 'none' }} />
            <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm">削除しました</Text>
              <Text size="xs" c="dimmed" className="banso-case-line" title={undo.title}>
                {undo.title}
              </Text>
            </Stack>
            <Button variant="light" data-testid="case-undo" onClick={() => void undoDelete()}>
              元に戻す
            </Button>
            <CloseButton size="sm" aria-label="閉じる" onClick={dismissUndo} />
          </Group>
        </Paper>
      ) : null}
    </Stack>
  );
}
