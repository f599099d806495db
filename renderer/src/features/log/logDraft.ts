import { z } from 'zod';
import { TimeSchema } from '../../../../shared/domain/dates.ts';
import { LogEntryFieldsSchema, MinutesSchema, NextActionInputSchema, type LogEntry, type LogMode } from '../../../../shared/domain/log.ts';
import { ApiError } from '../../api/client.ts';
import type { Prepared } from '../../lib/autosave.ts';
import { check, checkNumber, checkRows } from '../../lib/check.ts';

/** A next action as edited: the id is made here (a UUID), so saving twice never makes two. */
export interface ActionRow {
  id: string;
  task: string;
  owner: string;
  /** '' = no due date. */
  due: string;
  done: boolean;
}

/** The log form's values: minutes as typed text, '' for an empty time. */
export interface LogDraft {
  date: string;
  startTime: string;
  mode: LogMode;
  minutes: string;
  place: string;
  attendees: string[];
  topics: string;
  notes: string;
  decisions: string;
  nextActions: ActionRow[];
  /** 共有可: the entry may appear in the plan's 策定経過. */
  shareable: boolean;
}

export const LOG_DRAFT_KEYS: readonly (keyof LogDraft)[] = [
  'date',
  'startTime',
  'mode',
  'minutes',
  'place',
  'attendees',
  'topics',
  'notes',
  'decisions',
  'nextActions',
  'shareable',
];

export function newActionRow(): ActionRow {
  return { id: crypto.randomUUID(), task: '', owner: '', due: '', done: false };
}

export function logDraftOf(e: LogEntry): LogDraft {
  return {
    date: e.date,
    startTime: e.startTime ?? '',
    mode: e.mode,
    minutes: String(e.minutes),
    place: e.place,
    attendees: e.attendees,
    topics: e.topics,
    notes: e.notes,
    decisions: e.decisions,
    nextActions: e.nextActions.map((a) => ({ id: a.id, task: a.task, owner: a.owner, due: a.due ?? '', done: a.done })),
    shareable: e.shareable,
  };
}

export function emptyLogDraft(date: string, mode: LogMode): LogDraft {
  return {
    date,
    startTime: '',
    mode,
    minutes: '60',
    place: '',
    attendees: [],
    topics: '',
    notes: '',
    decisions: '',
    nextActions: [],
    shareable: false,
  };
}

const shape = LogEntryFieldsSchema.shape;

export function isBlankAction(r: ActionRow): boolean {
  return !r.task.trim() && !r.owner.trim() && !r.due;
}

/** One field of the log form → what log.create / log.update take. */
export function prepareLogField(key: keyof LogDraft, d: LogDraft): Prepared {
  switch (key) {
    case 'minutes':
      if (d.minutes.trim() === '') return { ok: false, errors: { minutes: '時間（分）を入力してください。' } };
      return checkNumber(MinutesSchema, 'minutes', '時間（分）', d.minutes);
    case 'startTime':
      return check(TimeSchema.nullable(), 'startTime', d.startTime === '' ? null : d.startTime);
    case 'nextActions':
      return checkRows(z.array(NextActionInputSchema).max(100, '次のアクションは100件までです。'), 'nextActions', d.nextActions, isBlankAction, (r) => ({
        id: r.id,
        task: r.task,
        owner: r.owner,
        due: r.due === '' ? null : r.due,
        done: r.done,
      }));
    case 'topics':
      // Enter ends a topic with 、 (LogForm): a separator left at the end is not part of the text.
      return check(shape.topics, 'topics', d.topics.replace(/[、,，\s]+$/u, ''));
    default:
      return check(shape[key], key, d[key]);
  }
}

/** The topics of a 議題 line, one chip each: 「地域課題、庁内体制」 → ['地域課題', '庁内体制']. */
export function topicChips(topics: string): string[] {
  return topics
    .split(/[、,，]/u)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Every field, for log.create; throws an ApiError naming the fields that are not right yet. */
export function prepareAll(d: LogDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const key of LOG_DRAFT_KEYS) {
    const p = prepareLogField(key, d);
    if (p.ok) out[key] = p.value;
    else for (const [path, message] of Object.entries(p.errors)) issues.push({ path: path.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)), message });
  }
  const first = issues[0];
  if (first) throw new ApiError({ code: 'invalid_input', message: first.message, path: first.path, issues });
  return out;
}
