import {
  ActionIcon,
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Input,
  Loader,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconBooks, IconNotebook, IconTemplate, IconWalk, IconX } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { EngagementView } from '../../../../shared/contract/index.ts';
import {
  EngagementFieldsSchema,
  type EngagementProgram,
  type EngagementStatus,
} from '../../../../shared/domain/engagement.ts';
import { errorMessage } from '../../api/client.ts';
import { readFresh, write } from '../../api/query.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { useAutosave, type Autosave, type Prepared } from '../../lib/autosave.ts';
import { check } from '../../lib/check.ts';
import { dateTime, isProgram, isStatus, PROGRAM_OPTIONS, programLabel, STATUS_OPTIONS, wareki } from '../../lib/format.ts';
import { HistoryPanel } from '../../components/HistoryPanel.tsx';
import { areaProps, lineProps } from '../../lib/ime.ts';
import { notify } from '../../lib/notify.tsx';
import { QuotaMeter } from '../../components/QuotaMeter.tsx';
import { RecordActions } from '../../components/RecordActions.tsx';
import { ExportDocButton } from '../../components/ExportDocButton.tsx';
import { AnonymizeCaseButton } from './AnonymizeCase.tsx';
import { BundleExportButton } from '../../components/BundleExportButton.tsx';
import { TeamShareSwitch } from '../../components/TeamShareSwitch.tsx';
import { deleteEngagement, detachCase, engagementSaved, useSelection } from './store.ts';
import { paths } from '../../routes.ts';
import { DateField } from '../../components/DateField.tsx';

interface EngagementDraft {
  program: EngagementProgram;
  title: string;
  status: EngagementStatus;
  startDate: string;
  /** '' = no planned end. */
  plannedEnd: string;
  advisors: string[];
  notes: string;
}

function draftOf(v: EngagementView): EngagementDraft {
  return {
    program: v.program,
    title: v.title,
    status: v.status,
    startDate: v.startDate,
    plannedEnd: v.plannedEnd ?? '',
    advisors: v.advisors,
    notes: v.notes,
  };
}

const shape = EngagementFieldsSchema.shape;

function prepare(key: keyof EngagementDraft, d: EngagementDraft): Prepared {
  if (key === 'plannedEnd') return check(shape.plannedEnd, key, d.plannedEnd === '' ? null : d.plannedEnd);
  return check(shape[key], key, d[key]);
}

const SPLIT = [',', '、', '，'];

function EngagementForm({ form, view }: { form: Autosave<EngagementDraft>; view: EngagementView }) {
  const d = form.draft;
  const e = form.errors;
  const line = lineProps(form);
  return (
    <Stack gap={8} data-testid="engagement-form">
      <SimpleGrid cols={2} spacing={8} verticalSpacing={8}>
        <Select
          size="xs"
          label="事業"
          data={PROGRAM_OPTIONS}
          value={d.program}
          allowDeselect={false}
          error={e.program}
          data-testid="engagement-field-program"
          onChange={(v) => {
            if (isProgram(v)) form.edit('program', v, { immediate: true });
          }}
        />
        <Input.Wrapper size="xs" label="状態" error={e.status}>
          <div>
            <SegmentedControl
              fullWidth
              data={STATUS_OPTIONS}
              value={d.status}
              data-testid="engagement-field-status"
              aria-label="状態"
              onChange={(v) => {
                if (isStatus(v)) form.edit('status', v, { immediate: true });
              }}
            />
          </div>
        </Input.Wrapper>
      </SimpleGrid>
      <TextInput
        size="xs"
        label="案件名"
        placeholder={view.title ? '' : `空のときは「${view.clientName} ${programLabel(d.program)}」`}
        value={d.title}
        error={e.title}
        autoComplete="off"
        data-testid="engagement-field-title"
        onChange={(ev) => form.edit('title', ev.currentTarget.value)}
        {...line}
      />
      <SimpleGrid cols={2} spacing={8}>
        <DateField
          size="xs"
          label="開始日"
          value={d.startDate}
          error={e.startDate}
          data-testid="engagement-field-startDate"
          onChange={(x) => form.edit('startDate', x)}
          {...line}
        />
        <DateField
          size="xs"
          label="終了予定日"
          value={d.plannedEnd}
          error={e.plannedEnd}
          emptyDescription="未定"
          data-testid="engagement-field-plannedEnd"
          onChange={(x) => form.edit('plannedEnd', x)}
          {...line}
        />
      </SimpleGrid>
      <TagsInput
        size="xs"
        label="アドバイザー"
        placeholder="氏名、Enter で追加"
        value={d.advisors}
        splitChars={SPLIT}
        error={e.advisors}
        data-testid="engagement-field-advisors"
        onChange={(v) => form.edit('advisors', v)}
        {...areaProps(form)}
      />
      <Textarea
        size="xs"
        label="メモ"
        description="Markdown で書けます"
        autosize
        minRows={3}
        maxRows={12}
        value={d.notes}
        error={e.notes}
        data-testid="engagement-field-notes"
        onChange={(ev) => form.edit('notes', ev.currentTarget.value)}
        {...areaProps(form)}
      />
    </Stack>
  );
}

function AttachedCases({ view }: { view: EngagementView }) {
  const navigate = useNavigate();
  return (
    <Box component="section" aria-label="関連する好事例" data-testid="attached-cases" data-count={view.cases.length}>
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h4">
          関連する好事例
          <Text span size="xs" c="dimmed" ml={6}>
            {view.cases.length}件
          </Text>
        </Title>
        <Button variant="subtle" size="compact-xs" leftSection={<IconBooks size={12} />} data-testid="attached-find" onClick={() => void navigate(paths.cases())}>
          事例ライブラリで探す
        </Button>
      </Group>
      {view.cases.length === 0 ? (
        <Text size="xs" c="dimmed">
          事例ライブラリで事例を開き、「案件に添付」でここに加えます。
        </Text>
      ) : (
        <Stack gap={2}>
          {view.cases.map((c) => (
            <Group key={c.id} gap={6} wrap="nowrap" className="banso-eng-case" data-testid="attached-case" data-id={c.id}>
              <IconBooks size={14} color="var(--mantine-color-gray-6)" style={{ flex: 'none' }} />
              <Anchor
                href={`#${paths.cases(c.id)}`}
                size="sm"
                className="banso-eng-ellipsis"
                style={{ flex: 1, minWidth: 0 }}
                title={c.title}
                data-testid="attached-case-link"
                onClick={(ev) => {
                  ev.preventDefault();
                  void navigate(paths.cases(c.id));
                }}
              >
                {c.title || '（削除された事例）'}
              </Anchor>
              <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                {dateTime(c.attachedAt).split(' ')[0]}
              </Text>
              <Tooltip label="この案件から外す">
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label="外す" data-testid="attached-case-detach" onClick={() => void detachCase(view.id, c.id)}>
                  <IconX size={14} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
        </Stack>
      )}
    </Box>
  );
}

function EngagementEditor({ view }: { view: EngagementView }) {
  const updatedAt = useRef(view.updatedAt);
  const [tab, setTab] = useState<string | null>('info');
  const [undoing, setUndoing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const navigate = useNavigate();
  // Attach / detach and log entries change updatedAt outside this form.
  if (view.updatedAt > updatedAt.current) updatedAt.current = view.updatedAt;

  const form = useAutosave<EngagementDraft>({
    initial: draftOf(view),
    prepare: (key, _v, all) => prepare(key, all),
    save: async (patch) => {
      const v = await write('engagements.update', { id: view.id, patch, expectedUpdatedAt: updatedAt.current });
      updatedAt.current = v.updatedAt;
      engagementSaved(v);
      return draftOf(v);
    },
    reload: async () => {
      const v = await readFresh('engagements.get', { id: view.id });
      updatedAt.current = v.updatedAt;
      engagementSaved(v);
      return draftOf(v);
    },
  });

  const undo = async () => {
    setUndoing(true);
    try {
      await form.flush();
      await write('history.undo', { entity: 'engagement', id: view.id, expectedUpdatedAt: updatedAt.current });
      const v = await readFresh('engagements.get', { id: view.id });
      engagementSaved(v);
      updatedAt.current = v.updatedAt;
      form.reset(draftOf(v));
      notify({ tone: 'ok', text: '直前の変更を元に戻しました' });
    } catch (e) {
      notify({ tone: 'error', text: `元に戻せませんでした: ${errorMessage(e)}` });
    } finally {
      setUndoing(false);
    }
  };

  return (
    <Stack gap={10} data-testid="engagement-pane" data-id={view.id} data-status={view.status}>
      <Group justify="space-between" wrap="nowrap" gap={8} className="banso-eng-sticky">
        <Box miw={0}>
          <Title order={2} size="h3" className="banso-eng-ellipsis" title={view.displayName} data-testid="engagement-title">
            {view.displayName}
          </Title>
          <Text size="xs" c="dimmed" className="banso-eng-ellipsis">
            {programLabel(view.program)} ・ 記録 {view.entries}件
            {view.lastEntryDate ? `（最終 ${wareki(view.lastEntryDate)}）` : ''}
          </Text>
        </Box>
        <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
          <RecordActions
            prefix="engagement"
            saveState={form.saveState}
            error={form.general}
            undoing={undoing}
            onUndo={() => void undo()}
            deleteLabel="この案件を削除"
            onDelete={() => setConfirmDelete(true)}
          />
        </Group>
      </Group>
      {form.general ? (
        <Alert color="red" py={6} data-testid="engagement-save-error">
          {form.general}
        </Alert>
      ) : null}

      <Group gap={8} wrap="wrap" align="stretch">
        <Box style={{ flex: '1 1 100%', minWidth: 0 }}>
          <QuotaMeter quota={view.quota} program={view.program} />
        </Box>
        <Button
          variant="light"
          leftSection={<IconNotebook size={14} />}
          data-testid="engagement-open-log"
          style={{ flex: 'none', alignSelf: 'center' }}
          onClick={() => {
            void form.flush();
            void navigate(paths.log(view.id));
          }}
        >
          支援記録を開く
        </Button>
        <Button
          variant="light"
          leftSection={<IconTemplate size={14} />}
          data-testid="engagement-open-plan"
          style={{ flex: 'none', alignSelf: 'center' }}
          onClick={() => {
            void form.flush();
            void navigate(paths.plan(view.id));
          }}
        >
          計画を開く
        </Button>
        <Button
          variant="light"
          leftSection={<IconWalk size={14} />}
          data-testid="engagement-open-visit"
          style={{ flex: 'none', alignSelf: 'center' }}
          onClick={() => {
            void form.flush();
            void navigate(paths.visit(view.id));
          }}
        >
          訪問モード
        </Button>
        <ExportDocButton engagementId={view.id} beforeOpen={form.flush} style={{ flex: 'none', alignSelf: 'center' }} />
        <BundleExportButton engagementId={view.id} beforeExport={form.flush} style={{ flex: 'none', alignSelf: 'center' }} />
        <TeamShareSwitch engagementId={view.id} />
        <AnonymizeCaseButton engagementId={view.id} beforeOpen={form.flush} style={{ flex: 'none', alignSelf: 'center' }} />
      </Group>

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="info" data-testid="engagement-tab-info">
            案件の情報
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="engagement-tab-history">
            変更履歴
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="info" pt={8}>
          <Stack gap={14}>
            <EngagementForm form={form} view={view} />
            <AttachedCases view={view} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="history" pt={8}>
          <HistoryPanel entity="engagement" id={view.id} />
        </Tabs.Panel>
      </Tabs>

      <ConfirmModal
        opened={confirmDelete}
        title="この案件を削除しますか？"
        confirmLabel="削除"
        danger
        testId="engagement-delete-modal"
        onCancel={() => setConfirmDelete(false)}
        onConfirm={async () => {
          await form.flush();
          const ok = await deleteEngagement(view);
          setConfirmDelete(false);
          if (ok) void navigate(paths.engagements({ client: view.clientId }));
        }}
      >
        <Text size="sm" fw={600}>
          {view.displayName}
        </Text>
        <Text size="xs" c="dimmed" mt={4}>
          支援記録がある案件は削除できません（記録を残すには状態を「中止」にします）。
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

/** The right pane: the selected engagement, or what to do. */
export function EngagementPane() {
  const { engagement: view, engagementId: id, engagementStatus: status, engagementError: error, client } = useSelection();
  const hasClient = client !== null;
  if (view && view.id === id) return <EngagementEditor key={view.id} view={view} />;
  if (status === 'loading') {
    return (
      <Center h="100%">
        <Loader size="sm" />
      </Center>
    );
  }
  if (status === 'error') {
    return (
      <Alert color="gray" title="案件を表示できません" data-testid="engagement-error">
        {error}
      </Alert>
    );
  }
  return (
    <Center h="100%" data-testid="engagement-empty">
      <Stack align="center" gap={6}>
        <IconNotebook size={28} stroke={1.4} color="var(--mantine-color-gray-5)" />
        <Text c="dimmed" ta="center" size="sm">
          {hasClient ? '案件を選ぶと、上限の使用状況・関連する好事例・変更履歴が表示されます。' : '支援先を選んでから、案件を選びます。'}
        </Text>
      </Stack>
    </Center>
  );
}
