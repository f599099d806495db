import type { HistoryEntity } from '../../../shared/contract/engagements.ts';
import { CLIENT_FIELD_LABELS } from '../../../shared/domain/client.ts';
import { ENGAGEMENT_FIELD_LABELS } from '../../../shared/domain/engagement.ts';
import { LOG_FIELD_LABELS } from '../../../shared/domain/log.ts';
import { CREATED, DELETED, RESTORED } from '../data/store.ts';

/**
 * Helpers for field-level changes of clients, engagements and log entries. The history rows
 * themselves are written by the write path (electron/core/data/store.ts), grouped by operation id,
 * and read by electron/core/data/history.ts.
 */
export { CREATED, DELETED, RESTORED };

const MARKER_LABELS: Record<string, string> = { [CREATED]: '作成', [DELETED]: '削除', [RESTORED]: '復元' };

const LABELS: Partial<Record<HistoryEntity, Record<string, string>>> = {
  client: CLIENT_FIELD_LABELS,
  engagement: ENGAGEMENT_FIELD_LABELS,
  logEntry: LOG_FIELD_LABELS,
};

export function fieldLabel(entity: HistoryEntity, field: string): string {
  return MARKER_LABELS[field] ?? LABELS[entity]?.[field] ?? field;
}

/** Stable JSON for comparing values (arrays and objects as given; undefined as null). */
export function json(v: unknown): string {
  return JSON.stringify(v ?? null);
}

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** Fields of `patch` whose value differs from `before` (JSON comparison). */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) {
    if (json(before[f]) !== json(after[f])) out.push({ field: f, old: before[f] ?? null, new: after[f] ?? null });
  }
  return out;
}
