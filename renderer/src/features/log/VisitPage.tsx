import './visit.css';

import { Alert, Anchor, Badge, Box, Button, Group, Loader, Stack, TagsInput, Text, TextInput, Textarea, Title, UnstyledButton } from '@mantine/core';
import { IconArrowLeft, IconPlayerPlay, IconPresentation, IconSquareCheck } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { EngagementView, PlanView } from '../../../../shared/contract/index.ts';
import type { LogEntry } from '../../../../shared/domain/log.ts';
import { MAX_MINUTES } from '../../../../shared/domain/log.ts';
import { localIsoDate } from '../../../../shared/domain/dates.ts';
import { ApiError } from '../../api/client.ts';
import { readFresh, useContract, write } from '../../api/query.ts';
import { Page } from '../../components/Page.tsx';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { useAutosave } from '../../lib/autosave.ts';
import { areaProps, isPlainEnter, lineProps } from '../../lib/ime.ts';
import { notifyFailure } from '../../lib/notify.tsx';
import { paths } from '../../routes.ts';
import { CaseShow } from './CaseShow.tsx';
import { logDraftOf, prepareLogField, type LogDraft } from './logDraft.ts';
import { NextActionsEditor } from './NextActionsEditor.tsx';

/**
 * 訪問モード: the focused screen for the hour on site. 「訪問を始める」 creates the visit's log entry
 * (today, the start time, 訪問); a running timer keeps its minutes; quick notes land in its メモ with
 * the time; next actions and decisions are the entry's own. Everything autosaves like every form,
 * so leaving (「訪問を終える」, the menu, closing the window) leaves a saved entry. The visit in
 * progress is kept in this window's storage, so a reload resumes it with its timer.
 * Nothing here needs the network beyond the local core.
 */

interface Running {
  engagementId: string;
  entryId: string;
  /** ms since epoch when the visit began. */
  startedAt: number;
}

const KEY = 'banso.visit';

function runningVisit(engagementId: string): Running | null {
  try {
    const raw = window.localStorage.getItem(KEY);
    const v = raw ? (JSON.parse(raw) as Running) : null;
    if (!v || v.engagementId !== engagementId || typeof v.entryId !== 'string' || typeof v.startedAt !== 'number') return null;
    // A visit left running for more than a day is over (its entry stays as last saved).
    if (Date.now() - v.startedAt > MAX_MINUTES * 60_000) {
      window.localStorage.removeItem(KEY);
      return null;
    }
    return v;
  } catch {
    return null;
  }
}

function keepVisit(v: Running | null): void {
  try {
    if (v) window.localStorage.setItem(KEY, JSON.stringify(v));
    else window.localStorage.removeItem(KEY);
  } catch {
    /* storage unavailable: a reload starts over (the entry is saved all the same) */
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
/** Whole minutes of the visit as the log counts them: at least 1, at most a day. */
const minutesOf = (ms: number) => Math.min(MAX_MINUTES, Math.max(1, Math.round(ms / 60_000)));

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** The phase the visit is most likely about: the current one of the schedule not yet closed, else the first open one. */
function currentPhase(plan: PlanView) {
  const open = plan.template.phases.filter((p) => !plan.closedPhases.includes(p.id));
  const now = plan.schedule.phases.find((s) => s.state === 'current' && open.some((p) => p.id === s.phaseId));
  return plan.template.phases.find((p) => p.id === now?.phaseId) ?? open[0] ?? plan.template.phases.at(-1) ?? null;
}

function answerText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'string') return v.length > 140 ? `${v.slice(0, 140)}…` : v;
  if (typeof v === 'number') return v.toLocaleString('ja-JP');
  if (Array.isArray(v)) return `${v.length}件`;
  return '記入あり';
}

/** The current phase's questions with their guidance and what is written so far. */
function PhaseQuestions({ engagementId }: { engagementId: string }) {
  const shown = useContract('plan.show', { engagementId });
  if (shown.isError) {
    const none = shown.error instanceof ApiError && shown.error.code === 'not_found';
    return (
      <Text size="sm" c="dimmed" data-testid="visit-no-plan">
        {none ? 'この案件にはまだ計画がありません。' : shown.error.message}{' '}
        <Anchor component={Link} to={paths.plan(engagementId)} size="sm">
          計画を開く
        </Anchor>
      </Text>
    );
  }
  if (!shown.data) return <Loader size="sm" />;
  const plan = shown.data;
  const phase = currentPhase(plan);
  if (!phase) return null;
  return (
    <Stack gap={6} data-testid="visit-phase" data-phase={phase.id}>
      <Group gap={6} wrap="nowrap">
        <Title order={2} size="h4">
          {phase.name}
        </Title>
        <Badge variant="light" color="gray" size="sm" style={{ flex: 'none' }}>
          第{phase.weeks.from}〜{phase.weeks.to}週
        </Badge>
      </Group>
      {phase.goals.length > 0 ? (
        <Text size="xs" c="dimmed">
          目標: {phase.goals.join(' ／ ')}
        </Text>
      ) : null}
      {phase.sections.flatMap((s) =>
        s.questions
          .filter((q) => q.type !== 'computed')
          .map((q) => {
            const a = answerText(plan.answers[q.id]?.value);
            return (
              <Box key={q.id} className="banso-visit-question" data-testid="visit-question" data-question={q.id}>
                <Text size="sm" fw={600}>
                  {q.label}
                  {q.required ? (
                    <Text span c="red.7" size="xs" ml={4}>
                      必須
                    </Text>
                  ) : null}
                </Text>
                {q.guidance ? (
                  <Text size="xs" c="dimmed">
                    {q.guidance}
                  </Text>
                ) : null}
                <Text size="xs" c={a ? 'gray.8' : 'orange.8'} style={{ whiteSpace: 'pre-wrap' }}>
                  {a || 'まだ記入していません'}
                </Text>
              </Box>
            );
          }),
      )}
      <Anchor component={Link} to={paths.plan(engagementId)} size="xs">
        計画を開いて書き込む
      </Anchor>
    </Stack>
  );
}

/** The attached cases, each one click from the presentation view. */
function AttachedCases({ engagement, onShow }: { engagement: EngagementView; onShow: (i: number) => void }) {
  return (
    <Stack gap={4} data-testid="visit-cases" data-count={engagement.cases.length}>
      <Text size="sm" fw={600}>
        添付した好事例（{engagement.cases.length}）
      </Text>
      <Button size="sm" leftSection={<IconPresentation size={16} />} disabled={engagement.cases.length === 0} data-testid="visit-show-cases" onClick={() => onShow(0)}>
        事例を見せる
      </Button>
      {engagement.cases.length === 0 ? (
        <Text size="xs" c="dimmed">
          事例ライブラリの「案件に添付」か、計画の「参考にする好事例」で加えた事例をここから見せられます。
        </Text>
      ) : (
        engagement.cases.map((c, i) => (
          <UnstyledButton key={c.id} className="banso-visit-case" data-testid="visit-case" onClick={() => onShow(i)}>
            {c.title}
          </UnstyledButton>
        ))
      )}
    </Stack>
  );
}

/** The visit's log entry, autosaved; the timer keeps its minutes. */
function VisitForm({ engagement, entry, startedAt, onEnd }: { engagement: EngagementView; entry: LogEntry; startedAt: number; onEnd: (entryId: string) => void }) {
  const updatedAt = useRef(entry.updatedAt);
  const form = useAutosave<LogDraft>({
    initial: logDraftOf(entry),
    prepare: (key, _v, all) => prepareLogField(key, all),
    save: async (patch) => {
      const r = await write('log.update', { id: entry.id, patch, expectedUpdatedAt: updatedAt.current });
      updatedAt.current = r.entry.updatedAt;
      return logDraftOf(r.entry);
    },
    reload: async () => {
      const e = await readFresh('log.get', { id: entry.id });
      updatedAt.current = e.updatedAt;
      return logDraftOf(e);
    },
  });
  const d = form.draft;
  const [now, setNow] = useState(() => Date.now());
  const [note, setNote] = useState('');
  const [ending, setEnding] = useState(false);
  const edit = form.edit;

  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, []);
  const elapsed = now - startedAt;
  const minutes = String(minutesOf(elapsed));
  // The timer fills the entry's minutes (saved like a typed change).
  useEffect(() => {
    if (d.minutes !== minutes) edit('minutes', minutes);
  }, [minutes, d.minutes, edit]);

  const addNote = () => {
    const text = note.trim();
    if (!text) return;
    const line = `- ${hhmm(new Date())} ${text}`;
    edit('notes', d.notes.trim() === '' ? line : `${d.notes.replace(/\s+$/, '')}\n${line}`, { immediate: true });
    setNote('');
  };

  const end = async () => {
    setEnding(true);
    try {
      edit('minutes', String(minutesOf(Date.now() - startedAt)), { immediate: true });
      await form.flush();
      if (form.pending()) throw new Error('保存できていない入力があります。もう一度お試しください。');
      onEnd(entry.id);
    } catch (e) {
      notifyFailure('訪問を終えられませんでした', e);
      setEnding(false);
    }
  };

  return (
    <Stack gap={8} data-testid="visit-form" data-entry-id={entry.id}>
      <Group justify="space-between" wrap="nowrap" className="banso-visit-bar">
        <Group gap={10} wrap="nowrap">
          <Text className="banso-visit-clock" data-testid="visit-timer" aria-label="経過時間">
            {clock(elapsed)}
          </Text>
          <Text size="sm" c="dimmed" data-testid="visit-started">
            {d.startTime} 開始 ・ 記録 {d.minutes}分
          </Text>
        </Group>
        <Group gap={8} wrap="nowrap" style={{ flex: 'none' }}>
          <SaveIndicator state={form.saveState} />
          <Button color="teal" leftSection={<IconSquareCheck size={16} />} loading={ending} data-testid="visit-end" onClick={() => void end()}>
            訪問を終える
          </Button>
        </Group>
      </Group>
      {form.general ? (
        <Alert color="red" py={6}>
          {form.general}
        </Alert>
      ) : null}
      <TextInput
        size="sm"
        label="議題"
        value={d.topics}
        error={form.errors.topics}
        autoComplete="off"
        data-testid="visit-topics"
        onChange={(e) => edit('topics', e.currentTarget.value)}
        {...lineProps(form)}
      />
      <TagsInput
        size="sm"
        label="出席者"
        placeholder="氏名、Enter で追加"
        value={d.attendees}
        splitChars={[',', '、', '，']}
        error={form.errors.attendees}
        data-testid="visit-attendees"
        onChange={(v) => edit('attendees', v)}
        {...areaProps(form)}
      />
      <TextInput
        size="md"
        label="ひとことメモ"
        description="Enter でメモに時刻つきで加わります"
        placeholder="聞いたこと・気づいたこと"
        value={note}
        autoComplete="off"
        data-testid="visit-quick-note"
        onChange={(e) => setNote(e.currentTarget.value)}
        onCompositionStart={() => form.setComposing(true)}
        onCompositionEnd={() => form.setComposing(false)}
        onKeyDown={(e) => {
          if (isPlainEnter(e)) {
            e.preventDefault();
            addNote();
          }
        }}
      />
      <Textarea
        size="sm"
        label="メモ"
        autosize
        minRows={4}
        maxRows={12}
        value={d.notes}
        error={form.errors.notes}
        data-testid="visit-notes"
        onChange={(e) => edit('notes', e.currentTarget.value)}
        {...areaProps(form)}
      />
      <Textarea
        size="sm"
        label="決定事項"
        autosize
        minRows={2}
        maxRows={6}
        value={d.decisions}
        error={form.errors.decisions}
        data-testid="visit-decisions"
        onChange={(e) => edit('decisions', e.currentTarget.value)}
        {...areaProps(form)}
      />
      <NextActionsEditor form={form} />
      <Text size="xs" c="dimmed">
        支援記録「{engagement.displayName}」の記録として自動で保存されています。
      </Text>
    </Stack>
  );
}

/** 訪問モード of an engagement. */
export function VisitPage() {
  const { engagementId = '' } = useParams();
  const navigate = useNavigate();
  const view = useContract('engagements.get', { id: engagementId }, { enabled: engagementId !== '' });
  const engagement = view.data ?? null;
  const [running, setRunning] = useState<Running | null>(() => runningVisit(engagementId));
  const entry = useContract('log.get', { id: running?.entryId ?? '' }, { enabled: running !== null, fresh: true });
  const [starting, setStarting] = useState(false);
  const [showing, setShowing] = useState<number | null>(null);

  // The entry of a kept visit was deleted meanwhile: start over.
  useEffect(() => {
    if (running && entry.error instanceof ApiError && entry.error.code === 'not_found') {
      keepVisit(null);
      setRunning(null);
    }
  }, [running, entry.error]);

  const start = async () => {
    if (!engagement) return;
    setStarting(true);
    try {
      const at = new Date();
      const r = await write('log.create', { engagementId, date: localIsoDate(at), startTime: hhmm(at), mode: 'visit', minutes: 1 });
      const v = { engagementId, entryId: r.entry.id, startedAt: at.getTime() };
      keepVisit(v);
      setRunning(v);
    } catch (e) {
      notifyFailure('訪問を始められませんでした', e);
    } finally {
      setStarting(false);
    }
  };

  const onEnd = useCallback(
    (entryId: string) => {
      keepVisit(null);
      void navigate(paths.log(engagementId, entryId));
    },
    [engagementId, navigate],
  );

  return (
    <Page
      name="visit"
      title="訪問モード"
      subtitle={engagement ? engagement.displayName : ' '}
      actions={
        <Button component={Link} to={paths.log(engagementId)} variant="default" leftSection={<IconArrowLeft size={14} />} data-testid="visit-back">
          支援記録へ
        </Button>
      }
    >
      {view.isError ? (
        <Alert color="red" m="md" title="案件を開けませんでした">
          {view.error.message}
        </Alert>
      ) : !engagement ? (
        <Loader m="md" size="sm" />
      ) : (
        <Box className="banso-visit" data-testid="visit" data-state={running ? 'running' : 'ready'}>
          <Box className="banso-visit-side" component="aside" aria-label="今のフェーズの設問">
            <PhaseQuestions engagementId={engagementId} />
          </Box>
          <Box className="banso-visit-main" component="section" aria-label="訪問の記録">
            {running && entry.data ? (
              <VisitForm engagement={engagement} entry={entry.data} startedAt={running.startedAt} onEnd={onEnd} />
            ) : running ? (
              <Loader size="sm" />
            ) : (
              <Stack gap="sm" align="flex-start" data-testid="visit-ready">
                <Text size="sm">
                  「訪問を始める」で今日の訪問記録を作り、経過時間を計ります。開始時刻と時間（分）は記録に入り、メモ・決定事項・次のアクションは自動で保存されます。
                </Text>
                <Button size="md" leftSection={<IconPlayerPlay size={18} />} loading={starting} data-testid="visit-start" onClick={() => void start()}>
                  訪問を始める
                </Button>
              </Stack>
            )}
          </Box>
          <Box className="banso-visit-side banso-visit-side-right" component="aside" aria-label="好事例">
            <AttachedCases engagement={engagement} onShow={setShowing} />
          </Box>
        </Box>
      )}
      {showing !== null && engagement ? <CaseShow caseIds={engagement.cases.map((c) => c.id)} index={showing} onIndex={setShowing} onClose={() => setShowing(null)} /> : null}
    </Page>
  );
}
