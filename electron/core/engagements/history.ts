import type { HistoryEntity, HistoryItem } from '../../../shared/contract/engagements.ts';
import { CLIENT_FIELD_LABELS } from '../../../shared/domain/client.ts';
import { ENGAGEMENT_FIELD_LABELS } from '../../../shared/domain/engagement.ts';
import { LOG_FIELD_LABELS } from '../../../shared/domain/log.ts';
import type { DB } from '../db/types.ts';

/**
 * Field-level history of clients, engagements and log entries in the append-only `history`
 * table (v1). One change = the rows written by one operation, all with the same `at` (the
 * service's clock never repeats a stamp), which is how `history.undo` finds "the last edit".
 *
 * field: a record field (old → new as JSON), or one of the markers below with a snapshot.
 */
export const CREATED = '(created)';
export const DELETED = '(deleted)';
export const RESTORED = '(restored)';

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

export class HistoryLog {
  private readonly s;

  constructor(db: DB) {
    this.s = {
      insert: db.prepare('INSERT INTO history (at, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)'),
      list: db.prepare(`SELECT id, at, field, old_value, new_value FROM history
        WHERE entity = ? AND entity_id = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`),
      lastAt: db.prepare('SELECT at FROM history WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1'),
      group: db.prepare('SELECT id, field, old_value, new_value FROM history WHERE entity = ? AND entity_id = ? AND at = ? ORDER BY id'),
    };
  }

  /** Call inside the transaction that makes the change. */
  changes(at: string, entity: HistoryEntity, id: string, changes: readonly FieldChange[]): void {
    for (const c of changes) this.s.insert.run(at, entity, id, c.field, json(c.old), json(c.new));
  }

  created(at: string, entity: HistoryEntity, id: string, snapshot: unknown): void {
    this.s.insert.run(at, entity, id, CREATED, null, json(snapshot));
  }

  deleted(at: string, entity: HistoryEntity, id: string, snapshot: unknown): void {
    this.s.insert.run(at, entity, id, DELETED, json(snapshot), null);
  }

  restored(at: string, entity: HistoryEntity, id: string, snapshot: unknown): void {
    this.s.insert.run(at, entity, id, RESTORED, null, json(snapshot));
  }

  list(entity: HistoryEntity, id: string, limit: number, beforeId?: number): { items: HistoryItem[]; hasMore: boolean } {
    const rows = this.s.list.all(entity, id, beforeId ?? null, beforeId ?? null, limit + 1) as {
      id: number;
      at: string;
      field: string;
      old_value: string | null;
      new_value: string | null;
    }[];
    const items = rows.slice(0, limit).map((r) => ({
      id: r.id,
      at: r.at,
      field: r.field,
      label: fieldLabel(entity, r.field),
      oldValue: r.old_value === null ? null : (JSON.parse(r.old_value) as unknown),
      newValue: r.new_value === null ? null : (JSON.parse(r.new_value) as unknown),
    }));
    return { items, hasMore: rows.length > limit };
  }

  /** The most recent change of a record: its rows (one operation). */
  lastChange(entity: HistoryEntity, id: string): { at: string; rows: { field: string; old: unknown; new: unknown }[] } | null {
    const last = this.s.lastAt.get(entity, id) as { at: string } | undefined;
    if (!last) return null;
    const rows = (this.s.group.all(entity, id, last.at) as { field: string; old_value: string | null; new_value: string | null }[]).map((r) => ({
      field: r.field,
      old: r.old_value === null ? null : (JSON.parse(r.old_value) as unknown),
      new: r.new_value === null ? null : (JSON.parse(r.new_value) as unknown),
    }));
    return { at: last.at, rows };
  }
}
