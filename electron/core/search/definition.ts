import { CLIENT_KINDS, type ClientKind } from '../../../shared/domain/client.ts';
import { engagementDisplayName, ENGAGEMENT_STATUSES, type EngagementProgram, type EngagementStatus } from '../../../shared/domain/engagement.ts';
import { LOG_MODES, type LogMode } from '../../../shared/domain/log.ts';
import type { SearchKind } from '../../../shared/contract/search.ts';

/**
 * What the global search indexes, for every kind but cases (which keep their own index): the
 * kinds, their id ranges in the full-text tables, and how a stored record becomes a document
 * (a title and values, each value indexed on its own so that a phrase never spans two).
 */
export type IndexedKind = Exclude<SearchKind, 'case'>;
export const INDEXED_KINDS: readonly IndexedKind[] = ['client', 'engagement', 'log', 'plan', 'template'];

/**
 * Each kind's documents have ids in [base, base + 2^40): a search per kind is a rowid range in
 * FTS5. Lower ids are newer (repo.ts): dated records (log entries) by day in [base, base + 2^32),
 * the others counting down from the top by when they were indexed.
 */
const KIND_NUMBER: Record<IndexedKind, number> = { client: 1, engagement: 2, log: 3, plan: 4, template: 5 };
const SPAN = 2 ** 40;
export function kindRange(kind: IndexedKind): { lo: number; hi: number } {
  const lo = KIND_NUMBER[kind] * SPAN;
  return { lo, hi: lo + SPAN - 1 };
}

/** A record as indexed: `title` is weighted in the ranking (title matches first). */
export interface SearchDoc {
  title: string;
  values: string[];
  engagementId: string | null;
  /** Orders results of the kind (larger first) instead of the time of indexing: a log entry's day. */
  sortKey?: number;
}

/** Bits of a document id below its sort key. */
export const SORT_SHIFT = 2 ** 16;
/** A date as days since 2000-01-01, within 0..2^16 - 1 (the year 2179). */
export function dayKey(isoDate: string): number {
  const days = Math.floor((Date.parse(`${isoDate}T00:00:00Z`) - Date.UTC(2000, 0, 1)) / 86_400_000);
  return Number.isFinite(days) ? Math.min(Math.max(days, 0), SORT_SHIFT - 1) : 0;
}

/** Every string inside a JSON value (object keys excluded); ids of cases and rows are left out. */
export function jsonStrings(json: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return [];
  }
  const out: string[] = [];
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x === 'string') {
      if (x !== '' && !UUID.test(x)) out.push(x);
    } else if (typeof x === 'number') out.push(String(x));
    else if (Array.isArray(x)) for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
    else if (x !== null && typeof x === 'object') stack.push(...Object.values(x).reverse());
  }
  return out;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ClientRow {
  id: string;
  name: string;
  kind: string;
  prefecture: string;
  industry: string;
  notes: string;
  contacts: string;
}
export function clientDoc(r: ClientRow): SearchDoc {
  return { title: r.name, values: [r.prefecture, r.industry, r.notes, ...jsonStrings(r.contacts)], engagementId: null };
}
export function clientContext(r: ClientRow): string {
  return [r.prefecture, CLIENT_KINDS[r.kind as ClientKind] ?? ''].filter(Boolean).join('・');
}

export interface EngagementRow {
  id: string;
  client_id: string;
  client_name: string;
  program: string;
  title: string;
  status: string;
  advisors: string;
  notes: string;
  start_date: string;
}
export function engagementName(r: { title: string; program: string; client_name: string }): string {
  return engagementDisplayName({ title: r.title, program: r.program as EngagementProgram }, r.client_name);
}
export function engagementDoc(r: EngagementRow): SearchDoc {
  return { title: engagementName(r), values: [r.client_name, r.notes, ...jsonStrings(r.advisors)], engagementId: r.id };
}
export function engagementContext(r: EngagementRow): string {
  return [r.client_name, ENGAGEMENT_STATUSES[r.status as EngagementStatus] ?? '', `${r.start_date}〜`].filter(Boolean).join('・');
}

export interface LogRow {
  id: string;
  engagement_id: string;
  date: string;
  mode: string;
  place: string;
  attendees: string;
  topics: string;
  notes: string;
  decisions: string;
  /** Next actions' tasks and owners, newline-separated (read with the entry). */
  actions: string;
}
export function logTitle(r: { date: string; mode: string; topics: string }): string {
  const topics = r.topics.replace(/\s+/g, ' ').trim();
  return topics || `${r.date} ${LOG_MODES[r.mode as LogMode] ?? ''}の記録`;
}
export function logDoc(r: LogRow): SearchDoc {
  return {
    title: r.topics,
    values: [r.decisions, r.notes, r.place, ...jsonStrings(r.attendees), ...r.actions.split('\n')].filter((v) => v !== ''),
    engagementId: r.engagement_id,
    sortKey: dayKey(r.date),
  };
}

export function answerDoc(engagementId: string, valueJson: string): SearchDoc {
  return { title: '', values: jsonStrings(valueJson), engagementId };
}

/** A template's text: name (title), description, phases, sections, questions and their guidance. */
export interface TemplateLike {
  name: string;
  description?: string;
  phases: { id: string; name: string; goals?: unknown; sections: { title: string; questions: { id: string; label: string; guidance?: string }[] }[] }[];
}
export function templateDoc(t: TemplateLike): SearchDoc {
  const values: string[] = [];
  if (t.description) values.push(t.description);
  for (const p of t.phases) {
    values.push(p.name);
    for (const s of p.sections) {
      values.push(s.title);
      for (const q of s.questions) {
        values.push(q.label);
        if (q.guidance) values.push(q.guidance);
      }
    }
  }
  return { title: t.name, values, engagementId: null };
}

/** Where a question sits in a template: its phase and section (null when it left the template). */
export function questionPlace(t: TemplateLike, questionId: string): { phaseId: string; phase: string; section: string; label: string } | null {
  for (const p of t.phases) {
    for (const s of p.sections) {
      for (const q of s.questions) if (q.id === questionId) return { phaseId: p.id, phase: p.name, section: s.title, label: q.label };
    }
  }
  return null;
}
