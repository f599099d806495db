import type { CaseInputDraft } from '../../shared/domain/case.ts';
import { CaseInputSchema } from '../../shared/domain/case.ts';
import type { Core } from '../../electron/core/index.ts';

export function draft(d: CaseInputDraft): ReturnType<typeof CaseInputSchema.parse> {
  return CaseInputSchema.parse(d);
}

export async function addCases(core: Core, drafts: CaseInputDraft[]): Promise<string[]> {
  const ids: string[] = [];
  for (const d of drafts) ids.push((await core.call('cases.create', draft(d))).id);
  return ids;
}
