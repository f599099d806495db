import type { HistoryItem } from '../../../shared/contract/engagements.ts';
import { CASE_COLUMN_LABELS } from '../../../shared/domain/case.ts';
import { CLIENT_FIELD_LABELS } from '../../../shared/domain/client.ts';
import { ENGAGEMENT_FIELD_LABELS } from '../../../shared/domain/engagement.ts';
import { LOG_FIELD_LABELS } from '../../../shared/domain/log.ts';
import { CaseEntity } from '../cases/entity.ts';
import { CREATED, DELETED, RESTORED, type DataStore } from './store.ts';

/**
 * Field-level history of every entity, read from the append-only `history` table: one row per
 * changed field (old → new) or a marker with a snapshot, grouped by operation id.
 */
const MARKER_LABELS: Record<string, string> = { [CREATED]: '作成', [DELETED]: '削除', [RESTORED]: '復元' };

/** Case labels by record field (the file columns' labels, through the definition's columns). */
const CASE_LABELS: Record<string, string> = Object.fromEntries(CaseEntity.fields.map((x) => [x.key, CASE_COLUMN_LABELS[x.column] ?? x.key]));

const LABELS: Record<string, Record<string, string>> = {
  client: CLIENT_FIELD_LABELS,
  engagement: ENGAGEMENT_FIELD_LABELS,
  logEntry: LOG_FIELD_LABELS,
  case: CASE_LABELS,
  template: { body: 'テンプレートの内容' },
  settings: { advisorName: 'アドバイザー名', organization: '所属', dateStyle: '日付の表記' },
  synonyms: { groups: '同義語のグループ' },
};

export function fieldLabel(entity: string, field: string): string {
  return MARKER_LABELS[field] ?? LABELS[entity]?.[field] ?? field;
}

/** A record's history, newest first, labelled for people. */
export function listHistory(store: DataStore, entity: string, id: string, limit: number, beforeId?: number): { items: HistoryItem[]; hasMore: boolean } {
  const { rows, hasMore } = store.history(entity, id, limit, beforeId);
  return {
    items: rows.map((r) => ({ id: r.id, at: r.at, field: r.field, label: fieldLabel(entity, r.field), oldValue: r.old, newValue: r.new })),
    hasMore,
  };
}
