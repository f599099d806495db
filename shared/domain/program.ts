import { z } from 'zod';
import { ClientKindSchema } from './client.ts';
import { EngagementProgramSchema } from './engagement.ts';
import { LogModeSchema } from './log.ts';
import { PREFECTURES } from './prefectures.ts';

/**
 * The program catalogue (seeds/programs/programs.json): support programs with who may apply, the
 * money (amounts, 補助率, caps), eligibility rules as data (evaluated by shared/domain/eligibility.ts)
 * and the quota rules of engagement programs (counted by shared/domain/quota.ts).
 */

export const CATALOGUE_PROGRAM_CODES = [
  'plan-support',
  'system-building',
  'advisor',
  'telework',
  'wireless',
  'ai',
  'autonomous',
  'infra-subsidy',
  'satellite-office',
  'telework-grant',
  'trial-satellite',
  'iot',
  'overseas',
] as const;
export const CatalogueProgramCodeSchema = z.enum(CATALOGUE_PROGRAM_CODES);
export type CatalogueProgramCode = z.infer<typeof CatalogueProgramCodeSchema>;

// ------------------------------------------------------------------------------------------------
// Eligibility rules. Each rule looks at one fact of the client. A rule applies to every client
// unless `appliesTo` lists kinds. Messages may contain {value} (the fact), {kind} (the client's
// kind label) and {required} (a computed requirement, e.g. the number of municipalities needed).
// Outcome per rule: pass, fail (→ `onFail`: ineligible or review) or unknown (→ review, with
// `unknownReason`). A program is ineligible when any rule fails with ineligible, otherwise review
// when any rule fails with review or lacks a fact, otherwise eligible.

const reason = z.string().trim().min(1).max(300);
const ruleBase = {
  /** Only for clients of these kinds; omitted = every client. */
  appliesTo: z.array(ClientKindSchema).min(1).optional(),
  /** Why the rule failed. */
  reason,
  /** Said when the rule passes (optional). */
  passReason: reason.optional(),
  onFail: z.enum(['ineligible', 'review']).default('ineligible'),
};

export const NUMERIC_CLIENT_FACTS = ['fiscalStrength', 'capitalYen', 'population', 'employees'] as const;

export const EligibilityRuleSchema = z.discriminatedUnion('type', [
  /** The client's kind must be one of `kinds`. */
  z.object({ type: z.literal('kindIn'), kinds: z.array(ClientKindSchema).min(1), ...ruleBase }).strict(),
  /** The client's kind must not be one of `kinds`. */
  z.object({ type: z.literal('kindNotIn'), kinds: z.array(ClientKindSchema).min(1), ...ruleBase }).strict(),
  /** A number the client has must satisfy `op value`; a missing number gives review. */
  z
    .object({
      type: z.literal('number'),
      field: z.enum(NUMERIC_CLIENT_FACTS),
      op: z.enum(['lt', 'lte', 'gt', 'gte']),
      value: z.number(),
      unknownReason: reason,
      ...ruleBase,
    })
    .strict(),
  /**
   * The municipalities applying with the client (partnerMunicipalities) must number at least
   * previousPartnerMunicipalities + 1 (at least 1 when never selected); unknown gives review.
   */
  z.object({ type: z.literal('partners'), unknownReason: reason, ...ruleBase }).strict(),
  /** The client's prefecture must not be one of `prefectures`. */
  z.object({ type: z.literal('prefectureNotIn'), prefectures: z.array(z.enum(PREFECTURES)).min(1), ...ruleBase }).strict(),
  /** Something the data cannot show (a recommendation, a consortium): always review for the kinds it applies to. */
  z.object({ type: z.literal('confirm'), ...ruleBase, onFail: z.literal('review').default('review') }).strict(),
]);
export type EligibilityRule = z.infer<typeof EligibilityRuleSchema>;

// ------------------------------------------------------------------------------------------------
// Money.

export const FundingSchema = z
  .object({
    /** 支援の形: 無料の相談・専門家派遣 / 委託・実証 / 補助金 / 交付金 / 特別交付税 / 公募による. */
    form: z.enum(['free-support', 'commission', 'subsidy', 'grant', 'special-tax', 'by-call']),
    /** 補助率 as written, e.g. "1/2", "3/4（高水準）・1/2（標準）"; null when not a subsidy. */
    rate: z.string().max(100).nullable(),
    /** Upper limit per project or body in yen; null = none or not fixed. */
    capYen: z.number().int().nonnegative().nullable(),
    /** One line for lists, e.g. "上限2,000万円（補助率1/2）". */
    summary: z.string().min(1).max(200),
    /** Further figures (facility caps, rental fees, …). */
    details: z.array(z.string().min(1).max(300)).default([]),
    /**
     * What the 補助率 applies to: the initial costs only (equipment, facilities: 導入費のみ) or the
     * initial costs and the running costs over the years (導入費＋運用費). The plan's 事業費の集計 follows
     * it unless the plan says otherwise.
     */
    covers: z.enum(['initial', 'total']).default('total'),
    /** One line on what is covered, shown beside the subsidy (e.g. 機器・設備の導入費のみ). */
    coversNote: z.string().max(200).default(''),
  })
  .strict();

export const CatalogueProgramSchema = z
  .object({
    code: CatalogueProgramCodeSchema,
    /** The program's number in its package, e.g. "①-1"; "" when none. */
    number: z.string().max(20).default(''),
    name: z.string().min(1).max(200),
    shortName: z.string().min(1).max(60),
    /** What the program does, in our words. */
    description: z.string().min(1).max(1000),
    /** Who may apply, in our words. */
    applicants: z.string().min(1).max(500),
    funding: FundingSchema,
    eligibility: z.array(EligibilityRuleSchema).default([]),
    /** Engagement programs (案件の事業) that belong to this catalogue program. */
    engagementPrograms: z.array(EngagementProgramSchema).default([]),
  })
  .strict();
export type CatalogueProgram = z.infer<typeof CatalogueProgramSchema>;

// ------------------------------------------------------------------------------------------------
// Quotas per engagement program. See shared/domain/quota.ts for the counting.

export const AdvisorQuotaRuleSchema = z
  .object({
    type: z.literal('client-fiscal-year'),
    program: EngagementProgramSchema,
    /** Limit in 回 for a fiscal year that includes at least one on-site visit. */
    visitLimit: z.number().int().positive(),
    /** Limit in hours for a fiscal year without any on-site visit. */
    hoursLimit: z.number().positive(),
    /** The mode that makes a fiscal year "with visits". */
    visitMode: LogModeSchema,
    /** Modes that count (as 1 回 each, or with their minutes); the others count 0. */
    countedModes: z.array(LogModeSchema).min(1),
    /** Warn from this share of the limit on (e.g. 0.8). */
    nearRatio: z.number().gt(0).lte(1),
    /** How it is counted, in Japanese, for the UI. */
    docs: z.string().min(1).max(2000),
  })
  .strict();
export type AdvisorQuotaRule = z.infer<typeof AdvisorQuotaRuleSchema>;

export const DurationQuotaRuleSchema = z
  .object({
    type: z.literal('duration'),
    program: EngagementProgramSchema,
    /** Planned length (the default planned end is start + months). */
    months: z.number().int().positive(),
    /** Entries up to this many days after the planned end are not flagged ("about three months"). */
    graceDays: z.number().int().nonnegative(),
    /** Warn this many days before the planned end. */
    nearDays: z.number().int().nonnegative(),
    docs: z.string().min(1).max(2000),
  })
  .strict();
export type DurationQuotaRule = z.infer<typeof DurationQuotaRuleSchema>;

export const QuotaRuleSchema = z.discriminatedUnion('type', [AdvisorQuotaRuleSchema, DurationQuotaRuleSchema]);
export type QuotaRule = z.infer<typeof QuotaRuleSchema>;

export const ProgramCatalogueSchema = z
  .object({
    $schema: z.string().optional(),
    /** Where the figures come from. */
    sources: z.array(z.string().min(1)).default([]),
    programs: z.array(CatalogueProgramSchema),
    quotas: z.array(QuotaRuleSchema).default([]),
  })
  .strict()
  .superRefine((cat, ctx) => {
    const seen = new Set<string>();
    cat.programs.forEach((p, i) => {
      if (seen.has(p.code)) ctx.addIssue({ code: 'custom', message: `事業コードが重複しています: ${p.code}`, path: ['programs', i, 'code'] });
      seen.add(p.code);
    });
    const q = new Set<string>();
    cat.quotas.forEach((r, i) => {
      if (q.has(r.program)) ctx.addIssue({ code: 'custom', message: `上限のルールが重複しています: ${r.program}`, path: ['quotas', i, 'program'] });
      q.add(r.program);
    });
  });
export type ProgramCatalogue = z.infer<typeof ProgramCatalogueSchema>;

export function quotaRuleFor(catalogue: ProgramCatalogue, program: string): QuotaRule | null {
  return catalogue.quotas.find((q) => q.program === program) ?? null;
}
