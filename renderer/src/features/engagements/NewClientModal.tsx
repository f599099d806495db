import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ClientKind } from '../../../../shared/domain/client.ts';
import { isPlainEnter } from '../../lib/ime.ts';
import { errorsByField } from '../../lib/autosave.ts';
import type { Prefecture } from '../../../../shared/domain/prefectures.ts';
import { CLIENT_KIND_OPTIONS, isClientKind, isPrefecture, PREFECTURE_OPTIONS } from '../../lib/format.ts';
import { createClient } from './store.ts';

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}

/** 新規支援先: the three facts a client needs; the rest is filled in the autosaved form. */
export function NewClientModal({ opened, onClose, onCreated }: Props) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ClientKind | null>(null);
  const [prefecture, setPrefecture] = useState<Prefecture | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    setName('');
    setKind(null);
    setPrefecture(null);
    setErrors({});
    setGeneral(null);
  }, [opened]);

  const submit = async () => {
    if (busy) return;
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = '名称は必須です。';
    if (!kind) local.kind = '種別を選んでください。';
    if (!prefecture) local.prefecture = '都道府県を選んでください。';
    setErrors(local);
    setGeneral(null);
    if (Object.keys(local).length > 0 || !kind || !prefecture) return;
    setBusy(true);
    try {
      const c = await createClient({ name: name.trim(), kind, prefecture });
      onCreated(c.id);
    } catch (e) {
      const r = errorsByField(e, (k) => ['name', 'kind', 'prefecture'].includes(k));
      setErrors(r.fields);
      setGeneral(r.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="新規支援先" size="md" centered data-testid="client-create-modal">
      <Stack gap={10}>
        <TextInput
          label="名称"
          required
          placeholder="例: 神山町、○○県、株式会社○○"
          value={name}
          error={errors.name}
          data-autofocus
          data-testid="client-create-name"
          autoComplete="off"
          onChange={(e) => setName(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (isPlainEnter(e)) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        <SimpleGrid cols={2} spacing={10}>
          <Select
            label="種別"
            required
            placeholder="選ぶ"
            data={CLIENT_KIND_OPTIONS}
            value={kind}
            allowDeselect={false}
            error={errors.kind}
            data-testid="client-create-kind"
            onChange={(v) => {
              if (isClientKind(v)) setKind(v);
            }}
          />
          <Select
            label="都道府県"
            required
            placeholder="入力して絞り込み"
            data={PREFECTURE_OPTIONS}
            value={prefecture}
            searchable
            allowDeselect={false}
            error={errors.prefecture}
            data-testid="client-create-prefecture"
            onChange={(v) => {
              if (isPrefecture(v)) setPrefecture(v);
            }}
          />
        </SimpleGrid>
        {general ? (
          <Alert color="red" py={6}>
            {general}
          </Alert>
        ) : null}
        <Text size="xs" c="dimmed">
          人口・財政力指数・担当者などは、登録したあとに入力できます（自動で保存されます）。
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={busy}>
            キャンセル
          </Button>
          <Button loading={busy} data-testid="client-create-submit" onClick={() => void submit()}>
            登録
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
