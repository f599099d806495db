import { Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Client } from '../../../../shared/domain/client.ts';
import { localIsoDate } from '../../../../shared/domain/dates.ts';
import { EngagementCreateSchema, type EngagementProgram, type EngagementStatus } from '../../../../shared/domain/engagement.ts';
import { imeSafeSubmit } from '../../lib/ime.ts';
import { applyApiError, selectProps, useSchemaForm } from '../../lib/form.ts';
import { ModalActions } from '../../components/ModalActions.tsx';
import { DateField } from '../../components/DateField.tsx';
import { defaultPlannedEnd, useCatalogue } from '../../lib/catalogue.ts';
import { isProgram, isStatus, PROGRAM_OPTIONS, STATUS_OPTIONS, wareki } from '../../lib/format.ts';
import { createEngagement } from './store.ts';

interface Values extends Record<string, unknown> {
  program: EngagementProgram | null;
  startDate: string;
  /** '' = none (or: follows the start date until typed). */
  plannedEnd: string;
  status: EngagementStatus;
  title: string;
}

interface Props {
  opened: boolean;
  client: Client;
  onClose: () => void;
  onCreated: (id: string) => void;
}

/** 新規案件: the program and the start date; plan-a / plan-b get a planned end three months on. */
export function NewEngagementModal({ opened, client, onClose, onCreated }: Props) {
  const catalogue = useCatalogue();
  /** true once the user typed a planned end of their own: it no longer follows the start date. */
  const [endTouched, setEndTouched] = useState(false);
  // Checked by the shared schema of engagements.create ('' planned end = none).
  const form = useSchemaForm<Values>(
    { program: null, startDate: localIsoDate(new Date()), plannedEnd: '', status: 'preparing', title: '' },
    EngagementCreateSchema.omit({ clientId: true }),
    (v) => ({ program: v.program ?? undefined, startDate: v.startDate, plannedEnd: endOf(v) || null, status: v.status, title: v.title.trim() }),
  );
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const v = form.getValues();
  const suggested = v.program ? defaultPlannedEnd(catalogue, v.program, v.startDate) : null;
  /** The planned end as shown: the suggestion until the user types one. */
  function endOf(x: Values): string {
    if (endTouched) return x.plannedEnd;
    return x.program ? (defaultPlannedEnd(catalogue, x.program, x.startDate) ?? '') : '';
  }
  const end = endOf(v);

  useEffect(() => {
    if (!opened) return;
    form.setInitialValues({ program: null, startDate: localIsoDate(new Date()), plannedEnd: '', status: 'preparing', title: '' });
    form.reset();
    setEndTouched(false);
    setGeneral(null);
  }, [opened]);

  const submit = form.onSubmit(async (x) => {
    if (busy || !x.program) return;
    setBusy(true);
    setGeneral(null);
    try {
      const created = await createEngagement({
        clientId: client.id,
        program: x.program,
        startDate: x.startDate,
        plannedEnd: endOf(x) === '' ? null : endOf(x),
        status: x.status,
        title: x.title.trim(),
      });
      onCreated(created.id);
    } catch (e) {
      setGeneral(applyApiError(form, e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={`新規案件 — ${client.name}`} size="md" centered data-testid="engagement-create-modal">
      <form data-testid="engagement-create-form" onSubmit={submit} noValidate>
        <Stack gap={10}>
          <Select
            label="事業"
            required
            placeholder="事業を選ぶ"
            data={PROGRAM_OPTIONS}
            allowDeselect={false}
            data-testid="engagement-create-program"
            comboboxProps={{ withinPortal: true }}
            {...selectProps(form, 'program', isProgram)}
          />
          <SimpleGrid cols={2} spacing={10}>
            <DateField
              label="開始日"
              required
              data-testid="engagement-create-start"
              value={v.startDate}
              error={form.errors.startDate}
              onChange={(x) => form.setFieldValue('startDate', x)}
            />
            <DateField
              label="終了予定日"
              value={end}
              error={form.errors.plannedEnd}
              emptyDescription="空のままでも登録できます"
              description={suggested && !endTouched ? `開始日の3か月後（${wareki(suggested)}）` : undefined}
              data-testid="engagement-create-end"
              onChange={(x) => {
                setEndTouched(true);
                form.setFieldValue('plannedEnd', x);
              }}
            />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing={10}>
            <Select
              label="状態"
              data={STATUS_OPTIONS}
              allowDeselect={false}
              data-testid="engagement-create-status"
              {...selectProps(form, 'status', isStatus)}
            />
            <TextInput
              label="案件名（任意）"
              placeholder="空なら 支援先名＋事業名"
              data-testid="engagement-create-title"
              {...form.getInputProps('title')}
              onKeyDown={imeSafeSubmit}
            />
          </SimpleGrid>
          <ModalActions general={general} busy={busy} onCancel={onClose} submitLabel="登録" submitTestId="engagement-create-submit">
            <Text size="xs" c="dimmed">
              登録したあとの変更は自動で保存されます。
            </Text>
          </ModalActions>
        </Stack>
      </form>
    </Modal>
  );
}
