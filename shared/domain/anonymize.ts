import type { CaseInput, OrganizationType } from './case.ts';
import { CLIENT_KINDS, isGovernmentKind, type Client, type ClientKind } from './client.ts';
import { ENGAGEMENT_PROGRAMS, type Engagement } from './engagement.ts';
import type { LogEntry } from './log.ts';

/**
 * An engagement turned into an anonymised 好事例 draft for the case library.
 *
 * What is removed: the client's name (and, for a municipality, its name without the
 * 市・町・村・区 suffix), the municipality, the engagement's title, every contact's
 * name / e-mail / phone, attendees, next-action owners, the advisors' names, and any
 * e-mail address or phone number left in the text. What is kept: the prefecture
 * (except for a prefecture client, whose prefecture is its name), the kind of
 * organisation, a size band instead of exact figures, the program, the fiscal year,
 * the visit count and hours, and the topics and decisions of the log with the
 * identifiers replaced by 〇〇. Notes (the client's and the log's) are never copied.
 * The draft is shown to the user, who edits and saves it like any other case.
 */

export const REDACTED = '〇〇';

const EMAIL = /[^\s@<>()（）「」、。]+@[^\s@<>()（）「」、。]+\.[A-Za-z]{2,}/g;
const PHONE = /(?:\+?\d[\d\-－‐ ()（）]{8,}\d)/g;
const GOV_SUFFIX = /^(.{2,})(?:市|町|村|区)$/;
const CORP_WORDS = /株式会社|有限会社|合同会社|一般社団法人|公益社団法人|一般財団法人|公益財団法人|特定非営利活動法人|社会福祉法人|（株）|\(株\)|（有）|\(有\)/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names and words that identify the client or people in this engagement (longest first). */
export function identifyingTerms(client: Client, engagement: Engagement, log: readonly LogEntry[]): string[] {
  const terms = new Set<string>();
  const add = (s: string | null | undefined) => {
    const t = (s ?? '').trim();
    if (t.length >= 2) terms.add(t);
  };
  add(client.name);
  const bare = client.name.replace(CORP_WORDS, '').trim();
  add(bare);
  const stem = GOV_SUFFIX.exec(client.name);
  if (stem && isGovernmentKind(client.kind)) add(stem[1]);
  add(engagement.title);
  for (const c of client.contacts) {
    add(c.name);
    for (const part of c.name.split(/[\s　]+/)) add(part);
    add(c.email);
    add(c.phone);
  }
  for (const a of engagement.advisors) add(a);
  for (const e of log) {
    for (const a of e.attendees) add(a);
    for (const n of e.nextActions) add(n.owner);
  }
  return [...terms].sort((a, b) => b.length - a.length);
}

/** Replace every identifying term, e-mail address and phone number in `text`. */
export function redact(text: string, terms: readonly string[]): string {
  let out = text;
  if (terms.length > 0) out = out.replace(new RegExp(terms.map(escapeRegExp).join('|'), 'g'), REDACTED);
  return out.replace(EMAIL, REDACTED).replace(PHONE, REDACTED);
}

function organizationTypeOf(kind: ClientKind): OrganizationType {
  if (isGovernmentKind(kind)) return 'local-gov';
  if (kind === 'company') return 'company';
  if (kind === 'nonprofit') return 'npo';
  return 'other';
}

function band(n: number, unit: string): string {
  const steps = [1_000, 5_000, 10_000, 50_000, 100_000, 300_000, 1_000_000];
  const fmt = (v: number) => (v >= 10_000 ? `${v / 10_000}万` : v.toLocaleString('ja-JP'));
  for (let i = 0; i < steps.length; i++) {
    if (n < steps[i]!) return i === 0 ? `${unit}${fmt(steps[0]!)}未満` : `${unit}${fmt(steps[i - 1]!)}〜${fmt(steps[i]!)}`;
  }
  return `${unit}${fmt(steps[steps.length - 1]!)}以上`;
}

function sizeOf(client: Client): string {
  if (isGovernmentKind(client.kind) && client.population !== null) return band(client.population, '人口');
  if (client.employees !== null) return band(client.employees, '職員・従業員');
  return '';
}

function fiscalYearOf(iso: string): number {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

const PROGRAM_FIELDS: Partial<Record<Engagement['program'], CaseInput['fields']>> = {
  telework: ['テレワーク・働き方'],
  'system-building': ['行政DX', '人材育成'],
};

export interface AnonymizedDraft {
  draft: CaseInput;
  /** What kinds of details were taken out, for the user to see. */
  removed: string[];
}

export function anonymizedCaseDraft(client: Client, engagement: Engagement, log: readonly LogEntry[]): AnonymizedDraft {
  const terms = identifyingTerms(client, engagement, log);
  const r = (s: string) => redact(s, terms).trim();
  const kindLabel = CLIENT_KINDS[client.kind];
  const program = ENGAGEMENT_PROGRAMS[engagement.program];
  const prefecture = client.kind === 'prefecture' ? '' : client.prefecture;
  const entries = [...log].sort((a, b) => a.date.localeCompare(b.date));
  const minutes = entries.reduce((s, e) => s + e.minutes, 0);
  const topics = [...new Set(entries.map((e) => r(e.topics)).filter(Boolean))];
  const decisions = entries.map((e) => r(e.decisions)).filter(Boolean);

  const where = prefecture ? `${prefecture}の${kindLabel}` : kindLabel;
  const size = sizeOf(client);
  const title = `${where}における${program}の取組`;
  const period = entries.length > 0 ? `${entries[0]!.date.slice(0, 7)}〜${entries[entries.length - 1]!.date.slice(0, 7)}` : engagement.startDate.slice(0, 7);
  const summary = decisions.length > 0 ? decisions.join(' / ').slice(0, 400) : `${where}を対象に${program}を実施した事例。`;
  const body = [
    '## 支援の概要',
    '',
    `- 対象: ${where}${size ? `（${size}）` : ''}`,
    `- 事業: ${program}`,
    `- 期間: ${period}`,
    `- 支援回数: ${entries.length}回（計${Math.round((minutes / 60) * 10) / 10}時間）`,
    ...(topics.length > 0 ? ['', '## 主な議題', '', ...topics.map((t) => `- ${t.replace(/\n+/g, ' ')}`)] : []),
    ...(decisions.length > 0 ? ['', '## 決定事項', '', ...decisions.map((d) => `- ${d.replace(/\n+/g, ' ')}`)] : []),
  ].join('\n');

  const draft: CaseInput = {
    title: title.slice(0, 200),
    summary: summary.slice(0, 2000),
    body: body.slice(0, 100_000),
    prefecture,
    municipality: '',
    organization: '',
    organizationType: organizationTypeOf(client.kind),
    fields: PROGRAM_FIELDS[engagement.program] ?? [],
    technologies: [],
    programs: [program],
    fiscalYear: fiscalYearOf(engagement.startDate),
    size,
    outcomes: [],
    sources: [{ document: '支援実施記録（匿名化）', section: '' }],
    tags: ['支援先由来', '匿名化'],
  };
  const removed = ['支援先の名称', '市区町村名', '案件名', '担当者の氏名・メール・電話', '出席者', 'アドバイザー名', 'メモ（支援先・記録）'];
  return { draft, removed };
}
