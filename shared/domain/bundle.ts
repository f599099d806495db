import { z } from 'zod';
import { cleanDeep } from '../text.ts';
import { CaseSchema, SynonymGroupsSchema } from './case.ts';
import { ClientSchema } from './client.ts';
import { IsoDateSchema } from './dates.ts';
import { EngagementFieldsSchema } from './engagement.ts';
import { LogEntryFieldsSchema, NextActionInputSchema } from './log.ts';
import { validateAnswer } from './plan.ts';
import { questionMap, TemplateSchema } from './template.ts';

/**
 * Hand-off bundles (受け渡しファイル): one engagement (client, engagement, log, plan with its
 * template snapshot and answers, attached cases) or the whole case library, in one file that
 * another machine imports.
 *
 * Format: one UTF-8 JSON document with a header (format, version, kind) and the data. Chosen
 * over a zip (electron/core/docs/zip.ts) because every record is text: JSON needs no second
 * container format that can itself be damaged, is validated as one value by the zod schemas
 * below with a field path for every problem, and can be read by a person in any editor. A
 * `checksum` (sha256 of the canonical data) turns a damaged or hand-edited file into one clear
 * refusal instead of half-understood data.
 *
 * Every record travels as {hash, base, record}:
 * - hash: sha256 of the record's content (every field except createdAt / updatedAt / origin,
 *   keys sorted; see electron/core/bundles/hash.ts);
 * - base: the hash of the version the exporting machine last received in a bundle (null when
 *   it never received one). With the importer's own "last received" hash this makes a
 *   three-way comparison: changed here, changed there, or changed on both sides (a conflict,
 *   both versions kept).
 */

export const BUNDLE_FORMAT = 'banso-bundle';
export const BUNDLE_VERSION = 1;
export const BUNDLE_MIME_TYPE = 'application/json';

export const BUNDLE_KINDS = { engagement: '案件', library: '事例ライブラリ' } as const;
export type BundleKind = keyof typeof BUNDLE_KINDS;

/** What a bundle record (and a conflict) is about. */
export const BUNDLE_ENTITIES = {
  client: '支援先',
  engagement: '案件',
  logEntry: '支援記録',
  plan: '計画',
  planAnswer: '計画の回答',
  case: '事例',
  synonyms: '同義語',
} as const;
export type BundleEntity = keyof typeof BUNDLE_ENTITIES;
export const BUNDLE_ENTITY_CODES = Object.keys(BUNDLE_ENTITIES) as [BundleEntity, ...BundleEntity[]];
export const BundleEntitySchema = z.enum(BUNDLE_ENTITY_CODES);

export const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'ハッシュは64桁の16進数（小文字）です。');

const Stamp = z.iso.datetime({ error: () => '日時は ISO 8601 形式（例: 2026-04-01T09:00:00.000Z）で指定してください。' });

export const BundleClientSchema = ClientSchema.strict();
export type BundleClient = z.output<typeof BundleClientSchema>;

export const BundleEngagementSchema = EngagementFieldsSchema.extend({
  id: z.uuid(),
  /** Attached cases (好事例); each one is in the bundle's `cases`. */
  caseIds: z.array(z.uuid()).max(1000, '関連する好事例は1,000件までです。'),
  createdAt: Stamp,
  updatedAt: Stamp,
}).strict();
export type BundleEngagement = z.output<typeof BundleEngagementSchema>;

export const BundleNextActionSchema = NextActionInputSchema.extend({ id: z.uuid() }).strict();

export const BundleLogEntrySchema = LogEntryFieldsSchema.extend({
  id: z.uuid(),
  /** Bundles written before the flag existed carry none: internal. */
  shareable: z.boolean().default(false),
  nextActions: z.array(BundleNextActionSchema).max(100, '次のアクションは100件までです。'),
  createdAt: Stamp,
  updatedAt: Stamp,
}).strict();
export type BundleLogEntry = z.output<typeof BundleLogEntrySchema>;

export const BundlePlanSchema = z
  .object({
    engagementId: z.uuid(),
    templateId: z.string().trim().min(1).max(64),
    /** The plan's own snapshot of its template (answers are checked against it). */
    template: TemplateSchema,
    startDate: IsoDateSchema,
    closedPhases: z.array(z.string().min(1).max(64)).max(100),
    createdAt: Stamp,
    updatedAt: Stamp,
  })
  .strict();
export type BundlePlan = z.output<typeof BundlePlanSchema>;

export const BundleAnswerSchema = z
  .object({
    engagementId: z.uuid(),
    questionId: z.string().min(1).max(64),
    value: z.unknown().refine((v) => v !== undefined && v !== null, '回答の値がありません。').transform(cleanDeep),
    updatedAt: Stamp,
  })
  .strict();
export type BundleAnswer = z.output<typeof BundleAnswerSchema>;

export const BundleCaseSchema = CaseSchema.strict();
export type BundleCase = z.output<typeof BundleCaseSchema>;

export const BundleSynonymsSchema = z
  .object({
    groups: SynonymGroupsSchema,
  })
  .strict();
export type BundleSynonyms = z.output<typeof BundleSynonymsSchema>;

function rec<T extends z.ZodType>(record: T) {
  return z.object({ hash: HashSchema, base: HashSchema.nullable(), record }).strict();
}
export interface BundleRecord<T> {
  hash: string;
  base: string | null;
  record: T;
}

type Issue = { path: (string | number)[]; message: string };

function duplicates<T>(items: readonly T[], key: (t: T) => string, report: (index: number, k: string) => void): void {
  const seen = new Set<string>();
  items.forEach((t, i) => {
    const k = key(t);
    if (seen.has(k)) report(i, k);
    seen.add(k);
  });
}

/** References inside an engagement bundle: everything belongs to its one engagement and client. */
function engagementReferences(d: {
  client: BundleRecord<BundleClient>;
  engagement: BundleRecord<BundleEngagement>;
  log: BundleRecord<BundleLogEntry>[];
  plan: BundleRecord<BundlePlan> | null;
  answers: BundleRecord<BundleAnswer>[];
  cases: BundleRecord<BundleCase>[];
}): Issue[] {
  const out: Issue[] = [];
  const e = d.engagement.record;
  if (e.clientId !== d.client.record.id) out.push({ path: ['engagement', 'record', 'clientId'], message: '案件の支援先が、ファイル内の支援先と一致しません。' });
  if (e.plannedEnd !== null && e.plannedEnd < e.startDate) {
    out.push({ path: ['engagement', 'record', 'plannedEnd'], message: `終了予定日（${e.plannedEnd}）は開始日（${e.startDate}）以降にしてください。` });
  }
  const caseIds = new Set(d.cases.map((c) => c.record.id));
  e.caseIds.forEach((id, i) => {
    if (!caseIds.has(id)) out.push({ path: ['engagement', 'record', 'caseIds', i], message: `関連する好事例（${id}）がファイルに含まれていません。` });
  });
  duplicates(e.caseIds, (x) => x, (i) => out.push({ path: ['engagement', 'record', 'caseIds', i], message: '同じ好事例が2回あります。' }));
  duplicates(d.cases, (c) => c.record.id, (i) => out.push({ path: ['cases', i, 'record', 'id'], message: '同じ id の事例が2件あります。' }));
  duplicates(d.log, (l) => l.record.id, (i) => out.push({ path: ['log', i, 'record', 'id'], message: '同じ id の支援記録が2件あります。' }));
  const actionIds = new Set<string>();
  d.log.forEach((l, i) => {
    if (l.record.engagementId !== e.id) out.push({ path: ['log', i, 'record', 'engagementId'], message: '支援記録の案件が、ファイル内の案件と一致しません。' });
    l.record.nextActions.forEach((a, j) => {
      if (actionIds.has(a.id)) out.push({ path: ['log', i, 'record', 'nextActions', j, 'id'], message: '次のアクションの id が重複しています。' });
      actionIds.add(a.id);
    });
  });
  const plan = d.plan?.record ?? null;
  if (plan && plan.engagementId !== e.id) out.push({ path: ['plan', 'record', 'engagementId'], message: '計画の案件が、ファイル内の案件と一致しません。' });
  if (!plan && d.answers.length > 0) out.push({ path: ['answers'], message: '計画がないのに回答があります。' });
  duplicates(d.answers, (a) => a.record.questionId, (i) => out.push({ path: ['answers', i, 'record', 'questionId'], message: '同じ設問の回答が2件あります。' }));
  const questions = plan ? questionMap(plan.template) : new Map();
  d.answers.forEach((a, i) => {
    if (a.record.engagementId !== e.id) out.push({ path: ['answers', i, 'record', 'engagementId'], message: '回答の案件が、ファイル内の案件と一致しません。' });
    // An answer whose question left the template (orphaned) travels as it is.
    const place = questions.get(a.record.questionId);
    if (!place) return;
    const check = validateAnswer(place.question, a.record.value);
    if (!check.ok) out.push({ path: ['answers', i, 'record', 'value', ...check.path], message: check.message });
  });
  return out;
}

export const EngagementBundleDataSchema = z
  .object({
    client: rec(BundleClientSchema),
    engagement: rec(BundleEngagementSchema),
    log: z.array(rec(BundleLogEntrySchema)).max(20_000),
    plan: rec(BundlePlanSchema).nullable(),
    answers: z.array(rec(BundleAnswerSchema)).max(5_000),
    cases: z.array(rec(BundleCaseSchema)).max(1_000),
  })
  .strict()
  .superRefine((d, ctx) => {
    for (const i of engagementReferences(d)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
  });
export type EngagementBundleData = z.output<typeof EngagementBundleDataSchema>;

export const LibraryBundleDataSchema = z
  .object({
    cases: z.array(rec(BundleCaseSchema)).max(500_000),
    synonyms: rec(BundleSynonymsSchema),
  })
  .strict()
  .superRefine((d, ctx) => {
    duplicates(d.cases, (c) => c.record.id, (i) => ctx.addIssue({ code: 'custom', path: ['cases', i, 'record', 'id'], message: '同じ id の事例が2件あります。' }));
  });
export type LibraryBundleData = z.output<typeof LibraryBundleDataSchema>;

const header = {
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  exportedAt: Stamp,
  appVersion: z.string().max(50),
  /** sha256 of the canonical JSON of `data`. */
  checksum: HashSchema,
};

export const BundleSchema = z.discriminatedUnion('kind', [
  z.object({ ...header, kind: z.literal('engagement'), data: EngagementBundleDataSchema }).strict(),
  z.object({ ...header, kind: z.literal('library'), data: LibraryBundleDataSchema }).strict(),
]);
export type Bundle = z.output<typeof BundleSchema>;
export type EngagementBundle = Extract<Bundle, { kind: 'engagement' }>;
export type LibraryBundle = Extract<Bundle, { kind: 'library' }>;

/** Deepest nesting a bundle may have (a template is about 8 levels, an answer table about 5). */
export const BUNDLE_MAX_DEPTH = 40;

/** Nesting depth of a parsed JSON value, without recursion (stops counting past `limit`). */
export function jsonDepth(value: unknown, limit = BUNDLE_MAX_DEPTH + 1): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max >= limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** Field labels of the records, for the conflict view. */
export const BUNDLE_FIELD_LABELS: Record<string, string> = {
  caseIds: '関連する好事例',
  templateId: 'テンプレート',
  template: 'テンプレートの内容',
  startDate: '開始日',
  closedPhases: '完了したフェーズ',
  value: '回答',
  groups: '同義語のグループ',
};
