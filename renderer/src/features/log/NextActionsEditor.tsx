import { ActionIcon, Box, Button, Checkbox, Group, Input, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import type { KeyboardEvent } from 'react';
import { isPlainEnter } from '../../lib/ime.ts';
import type { Autosave } from '../../lib/autosave.ts';
import { newActionRow, type ActionRow, type LogDraft } from './logDraft.ts';
import { DateField } from '../../components/DateField.tsx';

function focusTask(id: string) {
  requestAnimationFrame(() => {
    document.querySelector<HTMLInputElement>(`[data-testid="action-row"][data-id="${id}"] [data-testid="action-task"]`)?.focus();
  });
}

/**
 * 次のアクション: task, owner, due date, done. Enter in a task adds the next row (never the
 * Enter that confirms an IME conversion).
 */
export function NextActionsEditor({ form }: { form: Autosave<LogDraft> }) {
  const rows = form.draft.nextActions;
  const set = (next: ActionRow[], immediate = false) => {
    form.edit('nextActions', next, { immediate });
  };
  const add = (after?: number) => {
    const row = newActionRow();
    const next = [...rows];
    next.splice(after === undefined ? rows.length : after + 1, 0, row);
    set(next);
    focusTask(row.id);
  };
  const patch = (i: number, p: Partial<ActionRow>, immediate = false) => {
    set(
      rows.map((r, j) => (j === i ? { ...r, ...p } : r)),
      immediate,
    );
  };
  const onTaskKey = (i: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (!isPlainEnter(e)) return;
    e.preventDefault();
    if (rows[i]?.task.trim()) add(i);
  };

  return (
    <Box data-testid="next-actions" data-count={rows.length}>
      <Group justify="space-between" gap={4} mb={2}>
        <Input.Label size="xs">次のアクション</Input.Label>
        <Button variant="subtle" size="compact-xs" leftSection={<IconPlus size={12} />} data-testid="action-add" onClick={() => add()}>
          行を追加
        </Button>
      </Group>
      {form.errors.nextActions ? (
        <Text size="xs" c="red.9">
          {form.errors.nextActions}
        </Text>
      ) : null}
      {rows.length === 0 ? (
        <Text size="xs" c="dimmed">
          次にやること（担当・期限つき）を残すと、ホームに期限順で表示されます。
        </Text>
      ) : (
        <Box className="banso-eng-rows" style={{ gridTemplateColumns: '22px minmax(0, 3fr) minmax(0, 1.2fr) 140px 22px' }}>
          <span />
          <Text size="xs" c="dimmed">
            やること
          </Text>
          <Text size="xs" c="dimmed">
            担当
          </Text>
          <Text size="xs" c="dimmed">
            期限
          </Text>
          <span />
          {rows.map((r, i) => (
            <Box key={r.id} data-testid="action-row" data-id={r.id} data-done={r.done || undefined} style={{ display: 'contents' }}>
              <Checkbox
                mt={6}
                size="xs"
                aria-label="完了"
                checked={r.done}
                data-testid="action-done"
                onChange={(e) => patch(i, { done: e.currentTarget.checked }, true)}
              />
              <TextInput
                size="xs"
                aria-label={`やること（${i + 1}行目）`}
                placeholder="例: 庁内の課題一覧を共有する"
                value={r.task}
                error={form.errors[`nextActions.${i}.task`]}
                data-testid="action-task"
                autoComplete="off"
                styles={r.done ? { input: { textDecoration: 'line-through', color: 'var(--mantine-color-dimmed)' } } : undefined}
                onChange={(e) => patch(i, { task: e.currentTarget.value })}
                onCompositionStart={() => form.setComposing(true)}
                onCompositionEnd={() => form.setComposing(false)}
                onKeyDown={onTaskKey(i)}
              />
              <TextInput
                size="xs"
                aria-label={`担当（${i + 1}行目）`}
                placeholder="担当"
                value={r.owner}
                error={form.errors[`nextActions.${i}.owner`]}
                data-testid="action-owner"
                autoComplete="off"
                onChange={(e) => patch(i, { owner: e.currentTarget.value })}
                onCompositionStart={() => form.setComposing(true)}
                onCompositionEnd={() => form.setComposing(false)}
                onKeyDown={(e) => {
                  if (isPlainEnter(e)) {
                    e.preventDefault();
                    void form.flush();
                  }
                }}
              />
              <DateField
                size="xs"
                aria-label={`期限（${i + 1}行目）`}
                placeholder="期限"
                value={r.due}
                error={form.errors[`nextActions.${i}.due`]}
                data-testid="action-due"
                onChange={(x) => patch(i, { due: x })}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                mt={4}
                aria-label={`${i + 1}行目を削除`}
                data-testid="action-remove"
                onClick={() => set(rows.filter((_, j) => j !== i))}
              >
                <IconX size={14} />
              </ActionIcon>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}
