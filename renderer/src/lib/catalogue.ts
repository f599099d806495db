import { addMonths } from '../../../shared/domain/dates.ts';
import type { EngagementProgram } from '../../../shared/domain/engagement.ts';
import type { ProgramCatalogue, QuotaRule } from '../../../shared/domain/program.ts';
import { useContract } from '../api/query.ts';

/** The program catalogue (quota rules, programs) from the query cache; null until it has come. */
export function useCatalogue(): ProgramCatalogue | null {
  return useContract('programs.list', {}).data ?? null;
}

export function quotaRuleOf(catalogue: ProgramCatalogue | null, program: EngagementProgram): QuotaRule | null {
  return catalogue?.quotas.find((q) => q.program === program) ?? null;
}

/** The default planned end of a new engagement: start + the months of its duration rule (plan-a / plan-b), else null. */
export function defaultPlannedEnd(catalogue: ProgramCatalogue | null, program: EngagementProgram, startDate: string): string | null {
  const rule = quotaRuleOf(catalogue, program);
  const months = rule?.type === 'duration' ? rule.months : !catalogue && (program === 'plan-a' || program === 'plan-b') ? 3 : null;
  if (months === null || !/^\d{4}-\d{2}-\d{2}$/.test(startDate)) return null;
  return addMonths(startDate, months);
}
