import {
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  Collapse,
  Group,
  Input,
  SegmentedControl,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
  } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { EngagementView, MethodInput } from '../../../../shared/contract/index.ts';
import { entryDateWarning, MinutesSchema, type LogEntry } from '../../../../shared/domain/log.ts';
import { useFormatDate } from '../../lib/appInfo.ts';
import { isRealDate } from '../../../../shared/domain/dates.ts';
import type { QuotaPreview } from '../../../../shared/domain/quota.ts';
import { errorMessage } from '../../api/client.ts';
import { readFresh, useContract, write } from '../../api/query.ts';
import { useDebouncedValue } from '@mantine/hooks';
import { useAutosave } from '../../lib/autosave.ts';
import { datesIn, isMode, MODE_OPTIONS, parseNumberText, wareki, weekday } from '../../lib/format.ts';
import { HistoryPanel } from '../../components/HistoryPanel.tsx';
import { areaProps, isPlainEnter, lineProps } from '../../lib/ime.ts';
import { notify } from '../../lib/notify.tsx';
import { RecordActions } from '../../components/RecordActions.tsx';
import { logDraftOf, prepareAll, prepareLogField, topicChips, type LogDraft } from './logDraft.ts';
import { NextActionsEditor } from './NextActionsEditor.tsx';
import { useLog } from './store.ts';
import { paths } from '../../routes.ts';
import { DateField } from '../../components/DateField.tsx';

const SPLIT = [',', '、', '，'];
const CHECK_DELAY_MS = 250;

interface Props {
  /** The store's identity of this form (see useLog.formKey). */
  formKey: string;
  engagement: EngagementView;
  /** The entry being edited; null for a new entry (created on the first change). */
  entry: LogEntry | null;
  initial: LogDraft;
}

/** What the quota would be with this entry as typed: asked before saving (log.checkQuota), once typing pauses. */
function useQuotaPreview(engagementId: string, entryId: string | null, d: LogDraft): QuotaPreview | null {
  const minutes = parseNumberText(d.minutes);
  const valid = isRealDate(d.date) && typeof minutes === 'number' && MinutesSchema.safeParse(minutes).success;
  const startTime = /^\d{2}:\d{2}$/.test(d.startTime) ? d.startTime : null;
  // Debounced as text: a new object every render must not restart the pause.
  const [key] = useDebouncedValue(
    JSON.stringify({ engagementId, date: d.date, mode: d.mode, minutes: typeof minutes === 'number' ? minutes : 0, startTime, ...(entryId ? { entryId } : {}) }),
    CHECK_DELAY_MS,
  );
  const input = useMemo(() => JSON.parse(key) as MethodInput<'log.checkQuota'>, [key]);
  // The warning is advice: saving does not depend on it (a failed check shows nothing).
  const q = useContract('log.checkQuota', input, { enabled: valid, keepPrevious: true });
  return valid ? (q.data ?? null) : null;
}

export function LogForm({ formKey, engagement, entry, initial }: Props) {
  const entrySaved = useLog((s) => s.entrySaved);
  const deleteEntry = useLog((s) => s.deleteEntry);
  const entryId = useRef<string | null>(entry?.id ?? null);
  const updatedAt = useRef<string | undefined>(entry?.updatedAt);
  const [savedEntry, setSavedEntry] = useState<LogEntry | null>(entry);
  /** A new entry's values before any input (compared, to create only once something is typed). */
  const blank = useRef<unknown>(null);
  if (blank.current === null && entry === null) {
    try {
      blank.current = prepareAll(initial);
    } catch {
      blank.current = {};
    }
  }
  const [showHistory, setShowHistory] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const navigate = useNavigate();
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const form = useAutosave<LogDraft>({
    initial,
    prepare: (key, _v, all) => prepareLogField(key, all),
    save: async (patch, all) => {
      let saved: LogEntry;
      if (entryId.current === null) {
        // The first change of a new entry creates it with every field as shown — once there is
        // something in it (an empty row or retyping a default is not an entry yet).
        const input = prepareAll(all);
        if (JSON.stringify(input) === JSON.stringify(blank.current)) return null;
        const r = await write('log.create', { ...input, engagementId: engagement.id } as MethodInput<'log.create'>);
        saved = r.entry;
        entryId.current = saved.id;
        updatedAt.current = saved.updatedAt;
        setSavedEntry(saved);
        entrySaved(saved, formKey);
        // The address names the entry from now on (a reload opens it again) — unless the user has moved on.
        if (mounted.current && useLog.getState().formKey === formKey) {
          void navigate(paths.log(engagement.id, saved.id), { replace: true });
        }
        return logDraftOf(saved);
      }
      const r = await write('log.update', { id: entryId.current, patch, expectedUpdatedAt: updatedAt.current });
      saved = r.entry;
      updatedAt.current = saved.updatedAt;
      setSavedEntry(saved);
      entrySaved(saved, formKey);
      return logDraftOf(saved);
    },
    reload: async () => {
      const id = entryId.current;
      if (!id) throw new Error('まだ保存されていません。');
      const e = await readFresh('log.get', { id });
      updatedAt.current = e.updatedAt;
      setSavedEntry(e);
      return logDraftOf(e);
    },
  });
  const d = form.draft;
  const err = form.errors;
  const line = lineProps(form);
  const preview = useQuotaPreview(engagement.id, savedEntry?.id ?? null, d);
  const formatDay = useFormatDate();

  const undo = async () => {
    const id = entryId.current;
    if (!id) return;
    setUndoing(true);
    try {
      await form.flush();
      await write('history.undo', { entity: 'logEntry', id, expectedUpdatedAt: updatedAt.current });
      const e = await readFresh('log.get', { id });
      updatedAt.current = e.updatedAt;
      setSavedEntry(e);
      form.reset(logDraftOf(e));
      entrySaved(e, formKey);
      notify({ tone: 'ok', text: '直前の変更を元に戻しました' });
    } catch (e) {
      notify({ tone: 'error', text: `元に戻せませんでした: ${errorMessage(e)}` });
    } finally {
      setUndoing(false);
    }
  };

  const dateWarning = entryDateWarning(d.date, engagement, (x) => formatDay(x));
  const over = savedEntry?.overQuota ?? false;
  const warn = !preview?.wouldExceed
    ? ''
    : over && preview.after
      ? `この記録は上限を超えた記録です（${datesIn(preview.after.message)}）。`
      : datesIn(preview.warning);
  return (
    <Stack gap={10} data-testid="log-form" data-entry-id={savedEntry?.id ?? ''} data-over={over || undefined}>
      <Group justify="space-between" wrap="nowrap" gap={8} className="banso-eng-sticky">
        <Box miw={0}>
          <Title order={2} size="h3" className="banso-eng-ellipsis">
            {savedEntry ? '支援記録' : '新しい支援記録'}
            {isRealDate(d.date) ? (
              <Text span size="sm" fw={400} c="dimmed" ml={8}>
                {wareki(d.date)}（{weekday(d.date)}）
              </Text>
            ) : null}
          </Title>
          <Text size="xs" c="dimmed" className="banso-eng-ellipsis">
            {savedEntry ? engagement.displayName : '入力を始めると登録され、そのあとは自動で保存されます。'}
          </Text>
        </Box>
        <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
          {over ? (
            <Badge color="red" variant="filled" data-testid="log-over-badge">
              上限超過
            </Badge>
          ) : null}
          <RecordActions
            prefix="log"
            saveState={form.saveState}
            error={form.general}
            undoing={undoing}
            onUndo={() => void undo()}
            deleteLabel="この記録を削除"
            onDelete={() => {
              if (savedEntry) void form.flush().then(() => deleteEntry(savedEntry.id));
            }}
            disabled={!savedEntry}
          />
        </Group>
      </Group>
      {form.general ? (
        <Alert color="red" py={6} data-testid="log-save-error">
          {form.general}
        </Alert>
      ) : null}

      <Box style={{ display: 'grid', gridTemplateColumns: '150px 104px minmax(0, 1fr) 96px', gap: 8, alignItems: 'start' }}>
        <DateField
          size="xs"
          label="日付"
          required
          value={d.date}
          error={err.date}
          data-testid="log-field-date"
          onChange={(x) => form.edit('date', x)}
          {...line}
        />
        <TextInput
          size="xs"
          type="time"
          label="開始時刻"
          value={d.startTime}
          error={err.startTime}
          description=" "
          data-testid="log-field-startTime"
          onChange={(e) => form.edit('startTime', e.currentTarget.value)}
          {...line}
        />
        <Input.Wrapper size="xs" label="形態" error={err.mode} description=" ">
          <div>
            <SegmentedControl
              fullWidth
              data={MODE_OPTIONS}
              value={d.mode}
              aria-label="形態"
              data-testid="log-field-mode"
              onChange={(v) => {
                if (isMode(v)) form.edit('mode', v, { immediate: true });
              }}
            />
          </div>
        </Input.Wrapper>
        <TextInput
          size="xs"
          label="時間（分）"
          required
          inputMode="numeric"
          value={d.minutes}
          error={err.minutes}
          description={(() => {
            const n = parseNumberText(d.minutes);
            return typeof n === 'number' && n >= 60 ? `${Math.floor(n / 60)}時間${n % 60 ? `${n % 60}分` : ''}` : ' ';
          })()}
          data-testid="log-field-minutes"
          autoComplete="off"
          onChange={(e) => form.edit('minutes', e.currentTarget.value)}
          {...line}
        />
      </Box>

      {dateWarning ? (
        <Alert color="orange" py={6} icon={<IconAlertTriangle size={16} />} data-testid="log-date-warning">
          <Text size="sm">{dateWarning}</Text>
        </Alert>
      ) : null}
      {warn ? (
        <Alert color="orange" py={6} icon={<IconAlertTriangle size={16} />} data-testid="quota-warning" data-saved={savedEntry ? 'true' : 'false'}>
          <Text size="sm">{warn}</Text>
        </Alert>
      ) : preview?.after ? (
        <Text size="xs" c="dimmed" data-testid="quota-preview">
          保存後の使用状況: {datesIn(preview.after.message)}
        </Text>
      ) : null}

      <SimpleGrid cols={2} spacing={8}>
        <TextInput
          size="xs"
          label="場所"
          placeholder="例: 役場 2階 会議室、Zoom"
          value={d.place}
          error={err.place}
          autoComplete="off"
          data-testid="log-field-place"
          onChange={(e) => form.edit('place', e.currentTarget.value)}
          {...line}
        />
        <TagsInput
          size="xs"
          label="出席者"
          placeholder="氏名、Enter で追加"
          value={d.attendees}
          splitChars={SPLIT}
          error={err.attendees}
          data-testid="log-field-attendees"
          onChange={(v) => form.edit('attendees', v)}
          {...areaProps(form)}
        />
      </SimpleGrid>
      <TextInput
        size="xs"
        label="議題"
        placeholder="例: 地域課題の洗い出し、庁内体制（Enter で区切る）"
        value={d.topics}
        error={err.topics}
        autoComplete="off"
        data-testid="log-field-topics"
        description={
          topicChips(d.topics).length > 1 ? (
            <Group gap={4} component="span" data-testid="log-topic-chips">
              {topicChips(d.topics).map((t, i) => (
                <Badge key={`${i}-${t}`} size="xs" variant="light" color="gray" component="span" tt="none">
                  {t}
                </Badge>
              ))}
            </Group>
          ) : undefined
        }
        onChange={(e) => form.edit('topics', e.currentTarget.value)}
        {...line}
        onKeyDown={(e) => {
          // Like 出席者: a plain Enter ends the topic (、) so the next one does not run into it; never the
          // Enter that confirms an IME conversion.
          if (isPlainEnter(e)) {
            e.preventDefault();
            const v = e.currentTarget.value;
            if (v.trim() !== '' && !/[、,，]\s*$/u.test(v)) form.edit('topics', `${v}、`);
            void form.flush();
          }
        }}
      />
      <Textarea
        size="xs"
        label="メモ"
        description="Markdown で書けます（# 見出し、- 箇条書き）"
        autosize
        minRows={5}
        maxRows={18}
        value={d.notes}
        error={err.notes}
        data-testid="log-field-notes"
        onChange={(e) => form.edit('notes', e.currentTarget.value)}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        {...areaProps(form)}
      />
      <Textarea
        size="xs"
        label="決定事項"
        autosize
        minRows={2}
        maxRows={8}
        value={d.decisions}
        error={err.decisions}
        data-testid="log-field-decisions"
        onChange={(e) => form.edit('decisions', e.currentTarget.value)}
        {...areaProps(form)}
      />
      <Checkbox
        size="xs"
        label="共有可（日付・議題・決定事項を計画書の策定経過に載せる。メモは載りません）"
        checked={d.shareable}
        data-testid="log-field-shareable"
        onChange={(e) => form.edit('shareable', e.currentTarget.checked, { immediate: true })}
      />
      <NextActionsEditor form={form} />

      {savedEntry ? (
        <Box>
          <Button
            variant="subtle"
            color="gray"
            size="compact-xs"
            leftSection={showHistory ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
            data-testid="log-history-toggle"
            onClick={() => setShowHistory((v) => !v)}
          >
            変更履歴
          </Button>
          <Collapse expanded={showHistory}>
            {showHistory ? (
              <Box pt={6}>
                <HistoryPanel entity="logEntry" id={savedEntry.id} />
              </Box>
            ) : null}
          </Collapse>
        </Box>
      ) : null}
    </Stack>
  );
}
