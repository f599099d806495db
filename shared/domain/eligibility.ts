import { z } from 'zod';
import { CLIENT_KINDS, type ClientFields } from './client.ts';
import type { CatalogueProgram, EligibilityRule, ProgramCatalogue } from './program.ts';

/**
 * Eligibility of a client for each catalogue program, from the rules in
 * seeds/programs/programs.json (validated by shared/domain/program.ts). Pure functions.
 *
 * - A rule that does not apply to the client's kind is skipped.
 * - A rule whose fact is missing (財政力指数, 資本金, 共同申請する市町村 not entered) gives `review`
 *   with its unknownReason: never a guess.
 * - Result: `ineligible` if any rule fails with onFail ineligible (reasons: those failures);
 *   otherwise `review` if any rule fails with onFail review or lacks its fact (reasons: those);
 *   otherwise `eligible` (reasons: the passReasons, or a general sentence).
 */

export const ELIGIBILITY_STATUSES = { eligible: '対象', ineligible: '対象外', review: '要確認' } as const;
export const EligibilityStatusSchema = z.enum(['eligible', 'ineligible', 'review']);
export type EligibilityStatus = z.infer<typeof EligibilityStatusSchema>;

export interface EligibilityResult {
  program: CatalogueProgram['code'];
  name: string;
  status: EligibilityStatus;
  reasons: string[];
}

/** The facts eligibility looks at. */
export type EligibilityFacts = Pick<
  ClientFields,
  'kind' | 'prefecture' | 'fiscalStrength' | 'capitalYen' | 'population' | 'employees' | 'partnerMunicipalities' | 'previousPartnerMunicipalities'
>;

type Outcome = { result: 'pass'; reason: string | null } | { result: 'fail'; severity: 'ineligible' | 'review'; reason: string } | { result: 'skip' };

function formatNumber(field: string, v: number): string {
  if (field === 'capitalYen') return formatYen(v);
  if (field === 'fiscalStrength') return String(v);
  return v.toLocaleString('ja-JP');
}

/** 100000000 → 1億円, 20000000 → 2,000万円, 1500 → 1,500円 */
export function formatYen(v: number): string {
  if (v >= 1e8 && v % 1e4 === 0) {
    const oku = Math.floor(v / 1e8);
    const man = (v % 1e8) / 1e4;
    return `${oku.toLocaleString('ja-JP')}億${man ? `${man.toLocaleString('ja-JP')}万` : ''}円`;
  }
  if (v >= 1e4 && v % 1e4 === 0) return `${(v / 1e4).toLocaleString('ja-JP')}万円`;
  return `${v.toLocaleString('ja-JP')}円`;
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

function compare(a: number, op: 'lt' | 'lte' | 'gt' | 'gte', b: number): boolean {
  switch (op) {
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
  }
}

/** One rule against one client. */
export function evaluateRule(rule: EligibilityRule, c: EligibilityFacts): Outcome {
  if (rule.appliesTo && !rule.appliesTo.includes(c.kind)) return { result: 'skip' };
  const vars: Record<string, string> = { kind: CLIENT_KINDS[c.kind] };
  const fail = (severity: 'ineligible' | 'review', text: string): Outcome => ({ result: 'fail', severity, reason: fill(text, vars) });
  const pass = (): Outcome => ({ result: 'pass', reason: rule.passReason ? fill(rule.passReason, vars) : null });
  switch (rule.type) {
    case 'kindIn':
      return rule.kinds.includes(c.kind) ? pass() : fail(rule.onFail, rule.reason);
    case 'kindNotIn':
      return rule.kinds.includes(c.kind) ? fail(rule.onFail, rule.reason) : pass();
    case 'number': {
      const v = c[rule.field];
      if (v === null || v === undefined || !Number.isFinite(v)) return fail('review', rule.unknownReason);
      vars.value = formatNumber(rule.field, v);
      return compare(v, rule.op, rule.value) ? pass() : fail(rule.onFail, rule.reason);
    }
    case 'partners': {
      const required = (c.previousPartnerMunicipalities ?? 0) + 1;
      vars.required = String(required);
      if (c.partnerMunicipalities === null || c.partnerMunicipalities === undefined) return fail('review', rule.unknownReason);
      vars.value = String(c.partnerMunicipalities.length);
      return c.partnerMunicipalities.length >= required ? pass() : fail(rule.onFail, rule.reason);
    }
    case 'prefectureNotIn':
      vars.value = c.prefecture;
      return rule.prefectures.includes(c.prefecture) ? fail(rule.onFail, rule.reason) : pass();
    case 'confirm':
      return fail('review', rule.reason);
  }
}

export const ELIGIBLE_DEFAULT_REASON = '登録された情報では、応募できる団体の要件を満たしています。';

/** One program against one client. */
export function evaluateProgram(program: CatalogueProgram, c: EligibilityFacts): EligibilityResult {
  const ineligible: string[] = [];
  const review: string[] = [];
  const passed: string[] = [];
  for (const rule of program.eligibility) {
    const o = evaluateRule(rule, c);
    if (o.result === 'skip') continue;
    if (o.result === 'pass') {
      if (o.reason) passed.push(o.reason);
    } else if (o.severity === 'ineligible') ineligible.push(o.reason);
    else review.push(o.reason);
  }
  const base = { program: program.code, name: program.name };
  if (ineligible.length > 0) return { ...base, status: 'ineligible', reasons: unique(ineligible) };
  if (review.length > 0) return { ...base, status: 'review', reasons: unique(review) };
  return { ...base, status: 'eligible', reasons: passed.length > 0 ? unique(passed) : [ELIGIBLE_DEFAULT_REASON] };
}

/** Every program of the catalogue against one client, in catalogue order. */
export function evaluateEligibility(catalogue: ProgramCatalogue, c: EligibilityFacts): EligibilityResult[] {
  return catalogue.programs.map((p) => evaluateProgram(p, c));
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
