import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import type { SaveFileResult } from '../../../shared/save-file.ts';
import { errorMessage } from '../api/client.ts';

/**
 * The one notification system (@mantine/notifications, one <Notifications> in App.tsx): short
 * messages at the bottom right for every save, export, import, delete and undo, on every page.
 * One notice at a time (the newest replaces the one shown), so a quick second action never
 * stacks up messages. An action (元に戻す) is a button inside the notice.
 *
 * Markup: data-testid="notice", data-tone="ok|warning|error"; the action button "notice-action".
 */

export type Tone = 'ok' | 'warning' | 'error';

export interface Notice {
  tone: Tone;
  text: string;
  /** Offered with the message (元に戻す); the notice then stays longer. */
  action?: { label: string; run: () => Promise<void> | void };
}

const ID = 'banso-notice';
const NOTICE_MS = 6_000;
const ACTION_MS = 10_000;
const ERROR_MS = 10_000;

const COLOR: Record<Tone, string> = { ok: 'teal', warning: 'orange', error: 'red' };
const ICON: Record<Tone, React.ReactNode> = {
  ok: <IconCheck size={16} />,
  warning: <IconAlertTriangle size={16} />,
  error: <IconAlertCircle size={16} />,
};

let shown = false;
let timer: ReturnType<typeof setTimeout> | null = null;

function clearTimer(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
}

/** Show a notice (replacing the one shown), or close it with null. */
export function notify(notice: Notice | null): void {
  clearTimer();
  if (!notice) {
    if (shown) notifications.hide(ID);
    shown = false;
    return;
  }
  const { action } = notice;
  const message = (
    <Group gap={8} wrap="nowrap" justify="space-between">
      <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
        {notice.text}
      </Text>
      {action ? (
        <Button
          variant="light"
          size="xs"
          data-testid="notice-action"
          style={{ flex: 'none' }}
          onClick={() => {
            notify(null);
            void Promise.resolve(action.run());
          }}
        >
          {action.label}
        </Button>
      ) : null}
    </Group>
  );
  const data = {
    id: ID,
    message,
    color: COLOR[notice.tone],
    icon: ICON[notice.tone],
    // Our own timer (below), restarted by every notice that replaces this one.
    autoClose: false as const,
    withBorder: true,
    closeButtonProps: { 'aria-label': '閉じる' },
    role: notice.tone === 'error' ? 'alert' : 'status',
    'data-testid': 'notice',
    'data-tone': notice.tone,
    onClose: () => {
      shown = false;
      clearTimer();
    },
  };
  if (shown) notifications.update(data);
  else notifications.show(data);
  shown = true;
  timer = setTimeout(
    () => {
      timer = null;
      notify(null);
    },
    action ? ACTION_MS : notice.tone === 'error' ? ERROR_MS : NOTICE_MS,
  );
}

/** 「削除できませんでした: <why>」: what failed, then the core's Japanese reason. */
export function notifyFailure(failed: string, e: unknown): void {
  notify({ tone: 'error', text: `${failed}: ${errorMessage(e)}` });
}

/** A short Japanese line for where a saved file went. */
export function savedMessage(file: { fileName: string }, result: SaveFileResult): string {
  return result.where ? `保存しました: ${result.where}` : `ダウンロードしました（${file.fileName}）`;
}

/**
 * The feedback of every export: where the file went (nothing when the save dialog was cancelled).
 * `detail` adds what was written (「3件の記録」).
 */
export function notifyExported(file: { fileName: string }, result: SaveFileResult, detail?: string): string | null {
  if (!result.saved) return null;
  const text = `${savedMessage(file, result)}${detail ? `（${detail}）` : ''}`;
  notify({ tone: 'ok', text });
  return text;
}

/**
 * The feedback of every import: what came in, and a warning (not a plain success) when some of it
 * did not (conflicts waiting, rows skipped).
 */
export function notifyImported(summary: string, problems: { count: number; what: string } | null): Tone {
  const tone: Tone = problems && problems.count > 0 ? 'warning' : 'ok';
  notify({ tone, text: tone === 'warning' ? `${summary}（${problems!.what}）` : summary });
  return tone;
}
