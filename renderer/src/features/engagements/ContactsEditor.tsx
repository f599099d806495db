import { ActionIcon, Box, Button, Group, Input, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import type { KeyboardEvent } from 'react';
import { isPlainEnter } from '../../lib/ime.ts';
import type { Autosave } from '../../lib/autosave.ts';
import { emptyContact, type ClientDraft, type ContactRow } from './clientDraft.ts';

const COLUMNS: { field: keyof Omit<ContactRow, 'key'>; label: string; placeholder: string }[] = [
  { field: 'name', label: '氏名', placeholder: '山田 花子' },
  { field: 'role', label: '役職', placeholder: '企画課 主査' },
  { field: 'email', label: 'メール', placeholder: 'name@example.jp' },
  { field: 'phone', label: '電話', placeholder: '088-000-0000' },
];

/** 担当者 (personal data: kept on this computer, exported only when asked). Rows of name, role, e-mail, phone. */
export function ContactsEditor({ form }: { form: Autosave<ClientDraft> }) {
  const rows = form.draft.contacts;
  const set = (next: ContactRow[]) => {
    form.edit('contacts', next);
  };
  const add = () => {
    set([...rows, emptyContact()]);
    // Focus the new row's name once it is drawn.
    requestAnimationFrame(() => {
      const inputs = document.querySelectorAll<HTMLInputElement>('[data-testid="contact-name"]');
      inputs[inputs.length - 1]?.focus();
    });
  };
  const onKeyDown = (i: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (!isPlainEnter(e)) return;
    e.preventDefault();
    // Enter in the last row adds a row; elsewhere it saves now.
    if (i === rows.length - 1 && rows[i]?.name.trim()) add();
    else void form.flush();
  };

  return (
    <Box data-testid="contacts" data-count={rows.length}>
      <Group justify="space-between" gap={4} mb={2}>
        <Input.Label size="xs">担当者</Input.Label>
        <Button variant="subtle" size="compact-xs" leftSection={<IconPlus size={12} />} data-testid="contact-add" onClick={add}>
          担当者を追加
        </Button>
      </Group>
      {form.errors.contacts ? (
        <Text size="xs" c="red.9">
          {form.errors.contacts}
        </Text>
      ) : null}
      {rows.length === 0 ? (
        <Text size="xs" c="dimmed">
          担当者は登録されていません。連絡先は個人情報です。この端末の中だけに保存されます。
        </Text>
      ) : (
        <Stack gap={4}>
          {rows.map((r, i) => (
            <Box key={r.key} className="banso-eng-contact" data-testid="contact-row">
              {COLUMNS.map((c) => (
                <TextInput
                  key={c.field}
                  size="xs"
                  aria-label={`${c.label}（${i + 1}人目）`}
                  placeholder={`${c.label}（例: ${c.placeholder}）`}
                  data-testid={`contact-${c.field}`}
                  value={r[c.field]}
                  error={form.errors[`contacts.${i}.${c.field}`]}
                  autoComplete="off"
                  style={{ gridArea: c.field }}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    set(rows.map((x, j) => (j === i ? { ...x, [c.field]: v } : x)));
                  }}
                  onCompositionStart={() => {
                    form.setComposing(true);
                  }}
                  onCompositionEnd={() => {
                    form.setComposing(false);
                  }}
                  onKeyDown={onKeyDown(i)}
                />
              ))}
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                mt={3}
                aria-label={`${i + 1}人目を削除`}
                data-testid="contact-remove"
                style={{ gridArea: 'remove' }}
                onClick={() => {
                  set(rows.filter((_, j) => j !== i));
                }}
              >
                <IconX size={14} />
              </ActionIcon>
            </Box>
          ))}
        </Stack>
      )}
    </Box>
  );
}
