import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Client } from '../../../../shared/domain/client.ts';
import { localIsoDate } from '../../../../shared/domain/dates.ts';
import type { EngagementProgram, EngagementStatus } from '../../../../shared/domain/engagement.ts';
import { isPlainEnter } from '../../lib/ime.ts';
import { errorsByField } from '../../lib/autosave.ts';
import { defaultPlannedEnd, useCatalogue } from '../../lib/catalogue.ts';
import { isProgram, isStatus, PROGRAM_OPTIONS, STATUS_OPTIONS, wareki } from '../../lib/format.ts';
import { createEngagement } from './store.ts';

interface Props {
  opened: boolean;
  client: Client;
  onClose: () => void;
  onCreated: (id: string) => void;
}

/** 新規案件: the program and the start date; plan-a / plan-b get a planned end three months on. */
export function NewEngagementModal({ opened, client, onClose, onCreated }: Props) {
  const catalogue = useCatalogue();
  const [program, setProgram] = useState<EngagementProgram | null>(null);
  const [startDate, setStartDate] = useState('');
  const [plannedEnd, setPlannedEnd] = useState('');
  /** true once the user typed a planned end of their own: it no longer follows the start date. */
  const [endTouched, setEndTouched] = useState(false);
  const [status, setStatus] = useState<EngagementStatus>('preparing');
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    setProgram(null);
    setStartDate(localIsoDate(new Date()));
    setPlannedEnd('');
    setEndTouched(false);
    setStatus('preparing');
    setTitle('');
    setErrors({});
    setGeneral(null);
  }, [opened]);

  const suggested = program ? defaultPlannedEnd(catalogue, program, startDate) : null;
  const end = endTouched ? plannedEnd : (suggested ?? '');

  const submit = async () => {
    if (busy) return;
    if (!program) {
      setErrors({ program: '事業を選んでください。' });
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      const v = await createEngagement({
        clientId: client.id,
        program,
        startDate,
        plannedEnd: end === '' ? null : end,
        status,
        title: title.trim(),
      });
      onCreated(v.id);
    } catch (e) {
      const r = errorsByField(e, (k) => ['program', 'startDate', 'plannedEnd', 'status', 'title'].includes(k));
      setErrors(r.fields);
      setGeneral(r.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`新規案件 — ${client.name}`} size="md" centered data-testid="engagement-create-modal">
      <div data-testid="engagement-create-form">
        <Stack gap={10}>
          <Select
            label="事業"
            required
            placeholder="事業を選ぶ"
            data={PROGRAM_OPTIONS}
            value={program}
            allowDeselect={false}
            error={errors.program}
            data-testid="engagement-create-program"
            comboboxProps={{ withinPortal: true }}
            onChange={(v) => {
              if (isProgram(v)) setProgram(v);
            }}
          />
          <SimpleGrid cols={2} spacing={10}>
            <TextInput
              type="date"
              label="開始日"
              required
              value={startDate}
              error={errors.startDate}
              description={startDate ? wareki(startDate) : ' '}
              data-testid="engagement-create-start"
              onChange={(e) => setStartDate(e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label="終了予定日"
              value={end}
              error={errors.plannedEnd}
              description={suggested && !endTouched ? `開始日の3か月後（${wareki(suggested)}）` : end ? wareki(end) : '空のままでも登録できます'}
              data-testid="engagement-create-end"
              onChange={(e) => {
                setEndTouched(true);
                setPlannedEnd(e.currentTarget.value);
              }}
            />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing={10}>
            <Select
              label="状態"
              data={STATUS_OPTIONS}
              value={status}
              allowDeselect={false}
              data-testid="engagement-create-status"
              onChange={(v) => {
                if (isStatus(v)) setStatus(v);
              }}
            />
            <TextInput
              label="案件名（任意）"
              placeholder="空なら 支援先名＋事業名"
              value={title}
              error={errors.title}
              data-testid="engagement-create-title"
              onChange={(e) => setTitle(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (isPlainEnter(e)) {
                  e.preventDefault();
                  void submit();
                }
              }}
            />
          </SimpleGrid>
          {general ? (
            <Alert color="red" py={6}>
              {general}
            </Alert>
          ) : null}
          <Text size="xs" c="dimmed">
            登録したあとの変更は自動で保存されます。
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose} disabled={busy}>
              キャンセル
            </Button>
            <Button loading={busy} data-testid="engagement-create-submit" onClick={() => void submit()}>
              登録
            </Button>
          </Group>
        </Stack>
      </div>
    </Modal>
  );
}
