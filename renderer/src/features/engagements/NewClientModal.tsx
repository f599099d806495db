import { Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ClientKind } from '../../../../shared/domain/client.ts';
import { imeSafeSubmit } from '../../lib/ime.ts';
import { ClientCreateSchema } from '../../../../shared/domain/client.ts';
import { applyApiError, selectProps, useSchemaForm } from '../../lib/form.ts';
import { ModalActions } from '../../components/ModalActions.tsx';
import type { Prefecture } from '../../../../shared/domain/prefectures.ts';
import { CLIENT_KIND_OPTIONS, isClientKind, isPrefecture, PREFECTURE_OPTIONS } from '../../lib/format.ts';
import { createClient } from './store.ts';

interface Values extends Record<string, unknown> {
  name: string;
  kind: ClientKind | null;
  prefecture: Prefecture | null;
}

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}

/** 新規支援先: the three facts a client needs; the rest is filled in the autosaved form. */
export function NewClientModal({ opened, onClose, onCreated }: Props) {
  // The three facts a client needs, checked by the shared schema of clients.create.
  const form = useSchemaForm<Values>({ name: '', kind: null, prefecture: null }, ClientCreateSchema, (v) => ({
    name: v.name,
    kind: v.kind ?? undefined,
    prefecture: v.prefecture ?? undefined,
  }));
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    form.reset();
    setGeneral(null);
  }, [opened]);

  const submit = form.onSubmit(async (v) => {
    if (busy || !v.kind || !v.prefecture) return;
    setBusy(true);
    setGeneral(null);
    try {
      const c = await createClient({ name: v.name.trim(), kind: v.kind, prefecture: v.prefecture });
      onCreated(c.id);
    } catch (e) {
      setGeneral(applyApiError(form, e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title="新規支援先" size="md" centered data-testid="client-create-modal">
      <form onSubmit={submit} noValidate>
        <Stack gap={10}>
          <TextInput
            label="名称"
            required
            placeholder="例: 神山町、○○県、株式会社○○"
            data-autofocus
            data-testid="client-create-name"
            autoComplete="off"
            {...form.getInputProps('name')}
            onKeyDown={imeSafeSubmit}
          />
          <SimpleGrid cols={2} spacing={10}>
            <Select
              label="種別"
              required
              placeholder="選ぶ"
              data={CLIENT_KIND_OPTIONS}
              allowDeselect={false}
              data-testid="client-create-kind"
              {...selectProps(form, 'kind', isClientKind)}
            />
            <Select
              label="都道府県"
              required
              placeholder="入力して絞り込み"
              data={PREFECTURE_OPTIONS}
              searchable
              allowDeselect={false}
              data-testid="client-create-prefecture"
              {...selectProps(form, 'prefecture', isPrefecture)}
            />
          </SimpleGrid>
          <ModalActions general={general} busy={busy} onCancel={onClose} submitLabel="登録" submitTestId="client-create-submit">
            <Text size="xs" c="dimmed">
              人口・財政力指数・担当者などは、登録したあとに入力できます（自動で保存されます）。
            </Text>
          </ModalActions>
        </Stack>
      </form>
    </Modal>
  );
}
