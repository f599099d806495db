import type { Core } from '../../electron/core/index.ts';
import type { ClientCreate } from '../../shared/domain/client.ts';
import type { EngagementCreate } from '../../shared/domain/engagement.ts';
import type { LogEntryCreate } from '../../shared/domain/log.ts';

/** Small builders over the contract for tests (real core, real SQLite). */
export async function addClient(core: Core, c: Partial<ClientCreate> = {}) {
  return core.call('clients.create', { name: '徳島県神山町', kind: 'municipality', prefecture: '徳島県', ...c });
}

export async function addEngagement(core: Core, e: Partial<EngagementCreate> & { clientId: string }) {
  return core.call('engagements.create', { program: 'advisor', startDate: '2025-04-01', ...e });
}

export async function addLog(core: Core, l: Partial<LogEntryCreate> & { engagementId: string }) {
  return core.call('log.create', { date: '2025-05-01', mode: 'visit', minutes: 60, ...l });
}

/** Rows of the domain tables and of history, to prove that a refused call wrote nothing. */
export function rowCounts(core: Core): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['clients', 'engagements', 'log_entries', 'next_actions', 'engagement_cases', 'history']) {
    out[t] = (core.ctx.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}
