import { Button, CloseButton, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconCheck } from '@tabler/icons-react';
import { create } from 'zustand';
import { STATUS_HEIGHT } from '../../layout/Frame.tsx';

/**
 * Short messages at the bottom right for the 支援先・案件, 支援記録 and ホーム pages
 * (「削除しました」 with 元に戻す, 「書き出しました」, errors of one-off actions).
 */

export interface Notice {
  tone: 'info' | 'error';
  text: string;
  /** An action offered with the message (元に戻す). */
  action?: { label: string; run: () => Promise<void> | void };
}

const NOTICE_MS = 6_000;
const ACTION_MS = 10_000;
let timer: ReturnType<typeof setTimeout> | null = null;

interface NoticeState {
  notice: Notice | null;
  notify: (notice: Notice | null) => void;
}

export const useNotice = create<NoticeState>()((set) => ({
  notice: null,
  notify: (notice) => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    set({ notice });
    if (notice) {
      timer = setTimeout(
        () => {
          timer = null;
          set({ notice: null });
        },
        notice.action ? ACTION_MS : NOTICE_MS,
      );
    }
  },
}));

/** Shorthand outside React. */
export function notify(notice: Notice | null): void {
  useNotice.getState().notify(notice);
}

export function NoticeToast() {
  const notice = useNotice((s) => s.notice);
  const set = useNotice((s) => s.notify);
  if (!notice) return null;
  return (
    <Stack gap={6} style={{ position: 'fixed', right: 16, bottom: STATUS_HEIGHT + 12, zIndex: 300, width: 380 }} aria-live="polite">
      <Paper withBorder shadow="sm" px="sm" py={6} data-testid="notice" data-tone={notice.tone}>
        <Group gap={8} wrap="nowrap">
          {notice.tone === 'error' ? (
            <IconAlertCircle size={16} color="var(--mantine-color-red-7)" style={{ flex: 'none' }} />
          ) : (
            <IconCheck size={16} color="var(--mantine-color-teal-7)" style={{ flex: 'none' }} />
          )}
          <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
            {notice.text}
          </Text>
          {notice.action ? (
            <Button
              variant="light"
              data-testid="notice-action"
              onClick={() => {
                const run = notice.action?.run;
                set(null);
                if (run) void Promise.resolve(run());
              }}
            >
              {notice.action.label}
            </Button>
          ) : null}
          <CloseButton size="sm" aria-label="閉じる" onClick={() => set(null)} />
        </Group>
      </Paper>
    </Stack>
  );
}
