import { create } from 'zustand';
import { addMonths } from '../../../../shared/domain/dates.ts';
import type { EngagementProgram } from '../../../../shared/domain/engagement.ts';
import type { ProgramCatalogue, QuotaRule } from '../../../../shared/domain/program.ts';
import { send } from '../../api/client.ts';

/** The program catalogue (quota rules, programs), loaded once per window. */
interface CatalogueState {
  catalogue: ProgramCatalogue | null;
  load: () => Promise<void>;
}

let loading: Promise<void> | null = null;

export const useCatalogue = create<CatalogueState>()((set, get) => ({
  catalogue: null,
  load: () => {
    if (get().catalogue) return Promise.resolve();
    loading ??= (async () => {
      try {
        set({ catalogue: await send('programs.list', {}) });
      } catch {
        // Without the catalogue the UI falls back to its defaults (3 months); try again next time.
      } finally {
        loading = null;
      }
    })();
    return loading;
  },
}));

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
