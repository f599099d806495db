import type { BundleImportResult, ConflictField, ConflictView } from '../../../shared/contract/bundles.ts';
import {
  BUNDLE_ENTITIES,
  BUNDLE_FIELD_LABELS,
  BUNDLE_FORMAT,
  BUNDLE_MIME_TYPE,
  BUNDLE_VERSION,
  BundleAnswerSchema,
  BundleCaseSchema,
  BundleClientSchema,
  BundleEngagementSchema,
  BundleLogEntrySchema,
  BundlePlanSchema,
  BundleSchema,
  BundleSynonymsSchema,
  type Bundle,
  type BundleAnswer,
  type BundleCase,
  type BundleClient,
  type BundleEngagement,
  type BundleEntity,
  type BundleLogEntry,
  type BundlePlan,
  type BundleRecord,
} from '../../../shared/domain/bundle.ts';
import { CASE_COLUMN_LABELS } from '../../../shared/domain/case.ts';
import { CLIENT_FIELD_LABELS } from '../../../shared/domain/client.ts';
import { localIsoDate } from '../../../shared/domain/dates.ts';
import { ENGAGEMENT_FIELD_LABELS, engagementDisplayName } from '../../../shared/domain/engagement.ts';
import { LOG_FIELD_LABELS, LOG_MODES } from '../../../shared/domain/log.ts';
import { questionMap } from '../../../shared/domain/template.ts';
import { AppError, formatPath } from '../../../shared/errors.ts';
import { zodToAppError } from '../../../shared/zod-ja.ts';
import { APP_VERSION } from '../../../shared/version.ts';
import type { z } from 'zod';
import type { CaseService } from '../cases/service.ts';
import type { DB } from '../db/types.ts';
import type { EngagementService } from '../engagements/service.ts';
import { contentOf, dataChecksum, recordHash, sha256 } from './hash.ts';
import { bundleRecords, bundleText, parseBundle } from './parse.ts';
import { answerId, BundleRecords, SYNONYMS_ID, toBundleLog, type AnyRecord, type Touched } from './records.ts';
import { BULK_ROWS, settleWal } from '../db/wal.ts';
import { storageErrorValue } from '../db/errors.ts';

interface ConflictRow {
  id: number;
  entity: BundleEntity;
  entity_id: string;
  incoming: string;
  incoming_hash: string;
  local: string | null;
  bundle_exported_at: string;
  created_at: string;
  resolved_at: string | null;
  resolution: 'mine' | 'theirs' | 'superseded' | null;
}

/** The id a record has in sync_state and conflicts. */
function idOf(entity: BundleEntity, r: AnyRecord): string {
  switch (entity) {
    case 'plan':
      return (r as BundlePlan).engagementId;
    case 'planAnswer':
      return answerId((r as BundleAnswer).engagementId, (r as BundleAnswer).questionId);
    case 'synonyms':
      return SYNONYMS_ID;
    default:
      return (r as { id: string }).id;
  }
}

/**
 * The record a record belongs to: an engagement's client, a log entry's engagement (a plan and
 * its answers are keyed by their engagement, so they cannot move). Null for records of their own.
 */
function parentOf(entity: BundleEntity, r: AnyRecord): string | null {
  switch (entity) {
    case 'engagement':
      return (r as BundleEngagement).clientId;
    case 'logEntry':
      return (r as BundleLogEntry).engagementId;
    case 'plan':
    case 'planAnswer':
      return (r as BundlePlan | BundleAnswer).engagementId;
    default:
      return null;
  }
}

/** A version a bundle hands out: [entity, record id, content hash]. */
type LedgerRow = [BundleEntity, string, string];

/** One received version of a record: its content hash and its time stamp (when it has one). */
function versionOf(hash: string, record: AnyRecord): string {
  return sha256(`${hash}\n${'updatedAt' in record ? record.updatedAt : ''}`);
}

/** A file name without characters any file system refuses. */
function safeName(s: string): string {
  return s.replace(/[/\\:*?"<>|\u0000-\u001F\u007F\s]+/g, '_').replace(/^[._]+|[._]+$/g, '').slice(0, 60) || 'bundle';
}

const FIELD_LABELS: Record<BundleEntity, Record<string, string>> = {
  client: CLIENT_FIELD_LABELS,
  engagement: ENGAGEMENT_FIELD_LABELS,
  logEntry: LOG_FIELD_LABELS,
  plan: {},
  planAnswer: {},
  case: Object.fromEntries(Object.entries(CASE_COLUMN_LABELS).map(([k, v]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), v])),
  synonyms: {},
};

/** Identity fields: never shown as a difference (but a movable record's parent, below, is). */
const IDENTITY = new Set(['id', 'engagementId', 'questionId', 'clientId']);

/** The field naming the parent of a record that can move to another one. */
const PARENT_FIELD: Partial<Record<BundleEntity, string>> = { engagement: 'clientId', logEntry: 'engagementId' };

/** A value as people read it in the side-by-side view. */
function display(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（なし）';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (field === 'template' && typeof v === 'object' && 'name' in v) {
    const t = v as { name: string; version: number };
    return `${t.name}（版 ${t.version}）`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '（なし）';
    if (v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join('、');
    return v
      .map((x) => {
        if (typeof x !== 'object' || x === null) return String(x);
        const o = x as Record<string, unknown>;
        if ('task' in o) return `・${String(o.task)}${o.owner ? `（${String(o.owner)}）` : ''}${o.due ? ` 期限 ${String(o.due)}` : ''}${o.done ? ' 済' : ''}`;
        if ('name' in o && 'email' in o) return `・${String(o.name)}${o.role ? `（${String(o.role)}）` : ''} ${String(o.email ?? '')} ${String(o.phone ?? '')}`.trimEnd();
        if ('label' in o && 'value' in o) return `・${String(o.label)} = ${String(o.value)}${String(o.unit ?? '')}`;
        if ('document' in o) return `・${String(o.document)}${o.section ? `#${String(o.section)}` : ''}`;
        return `・${JSON.stringify(o)}`;
      })
      .join('\n');
  }
  return JSON.stringify(v, null, 1);
}

/**
 * Hand-off bundles: export, import (validated, one transaction, idempotent, three-way per
 * record) and the conflicts an import leaves for the user.
 *
 * A bundle is a file anyone can write, so an import decides from what this machine recorded
 * itself, never from the file's claims alone. Per record, with h = the local content hash,
 * s = the hash this machine last received for it (sync_state; for a seed case never edited here,
 * its own hash), the ledger (bundle_ledger: every version this machine exported or imported) and
 * the incoming {hash, base}:
 * - not here → added (unless this very version came here before: then it was deleted here);
 * - h = hash → unchanged;
 * - this version (hash + updated_at) came here before → unchanged (an older file again);
 * - not changed here since the versions last met — h = s, or h = base and the ledger holds h for
 *   this record (the file's base alone proves nothing) — and the record stays under the same
 *   client / engagement → updated;
 * - hash = s or hash = base (not changed there) → unchanged (this machine's version stays);
 * - otherwise → a conflict: the local version stays, the incoming one is stored in `conflicts`
 *   until the user keeps theirs or takes the incoming one. A record that would move to another
 *   client or engagement is always a conflict, however its hashes look.
 * Deletions do not travel: an import never deletes anything.
 */
export class BundleService {
  readonly records: BundleRecords;
  private readonly db: DB;
  private readonly engagements: EngagementService;
  private readonly cases: CaseService;
  private readonly s;

  constructor(db: DB, engagements: EngagementService, cases: CaseService) {
    this.db = db;
    this.engagements = engagements;
    this.cases = cases;
    this.records = new BundleRecords(db, engagements, cases);
    this.s = {
      syncGet: db.prepare('SELECT hash FROM sync_state WHERE entity = ? AND entity_id = ?').pluck(),
      seen: db.prepare('SELECT 1 FROM sync_seen WHERE entity = ? AND entity_id = ? AND version = ?').pluck(),
      seenPut: db.prepare('INSERT OR IGNORE INTO sync_seen (entity, entity_id, version) VALUES (?, ?, ?)'),
      syncPut: db.prepare(`INSERT INTO sync_state (entity, entity_id, hash, synced_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (entity, entity_id) DO UPDATE SET hash = excluded.hash, synced_at = excluded.synced_at WHERE hash != excluded.hash`),
      openConflict: db.prepare('SELECT * FROM conflicts WHERE entity = ? AND entity_id = ? AND resolved_at IS NULL ORDER BY id DESC'),
      conflictInsert: db.prepare(`INSERT INTO conflicts (entity, entity_id, incoming, incoming_hash, local, bundle_exported_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      conflictResolve: db.prepare('UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL'),
      conflictById: db.prepare('SELECT * FROM conflicts WHERE id = ?'),
      conflictsOpen: db.prepare('SELECT * FROM conflicts WHERE resolved_at IS NULL ORDER BY id'),
      conflictsAll: db.prepare('SELECT * FROM conflicts ORDER BY resolved_at IS NOT NULL, id DESC LIMIT 500'),
      openCount: db.prepare('SELECT count(*) FROM conflicts WHERE resolved_at IS NULL').pluck(),
      actionOwner: db.prepare('SELECT log_entry_id FROM next_actions WHERE id = ?').pluck(),
      ledgerHas: db.prepare('SELECT 1 FROM bundle_ledger WHERE entity = ? AND entity_id = ? AND hash = ?').pluck(),
      ledgerPut: db.prepare('INSERT OR IGNORE INTO bundle_ledger (entity, entity_id, hash, direction, first_at) VALUES (?, ?, ?, ?, ?)'),
    };
  }

  /** The time of the current operation of the write path (one bundle import is one operation). */
  private stamp(): string {
    return this.engagements.repo.store.stamp();
  }

  /** The base this machine has for a record: what it last received, or a pristine seed's own content. */
  private localBase(entity: BundleEntity, id: string, local: AnyRecord): string | null {
    const s = this.s.syncGet.get(entity, id) as string | undefined;
    if (s !== undefined) return s;
    return this.records.isPristineSeed(entity, id, local) ? recordHash(entity, local) : null;
  }

  // ============================================================================================
  // Export

  /**
   * A record as it travels: parsed by its bundle schema (so the file reads back the same), with its
   * hash and base. The version is noted in `exported` for the ledger (see recordExports).
   */
  private wrap<S extends z.ZodType>(entity: BundleEntity, schema: S, local: AnyRecord, what: string, exported: LedgerRow[]): BundleRecord<z.output<S>> {
    const parsed = schema.safeParse(local);
    if (!parsed.success) {
      const e = zodToAppError(parsed.error, what);
      throw new AppError('internal', `書き出せません: ${e.message}`, e.path ? { path: e.path } : {});
    }
    const record = parsed.data as AnyRecord;
    const id = idOf(entity, local);
    const hash = recordHash(entity, record);
    exported.push([entity, id, hash]);
    return { hash, base: this.localBase(entity, id, local), record: parsed.data };
  }

  /**
   * Note in the ledger every version a bundle hands out, so that this machine can later tell a
   * returning record that really started from one of its versions from a file that only says so.
   * A database that cannot be written (read-only folder, full disk) still exports: the versions
   * then go unrecorded, and the only consequence is that their return is a conflict, not an update.
   */
  private recordExports(rows: readonly LedgerRow[]): void {
    const at = this.stamp();
    try {
      this.db.transaction(() => {
        for (const [entity, id, hash] of rows) this.s.ledgerPut.run(entity, id, hash, 'exported', at);
      })();
    } catch (err) {
      if (!storageErrorValue(err)) throw err;
    }
  }

  private caseRecords(ids: readonly string[], exported: LedgerRow[]): BundleRecord<BundleCase>[] {
    return ids.map((id) => {
      const c = this.records.case(id);
      if (!c) throw new AppError('not_found', `事例が見つかりません（id: ${id}）。`, { path: ['caseIds'] });
      return this.wrap('case', BundleCaseSchema, c, `事例「${c.title}」`, exported);
    });
  }

  private finish(kind: Bundle['kind'], data: unknown, name: string, records: number, exported: readonly LedgerRow[]) {
    const exportedAt = new Date(this.stamp());
    const raw = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, kind, exportedAt: exportedAt.toISOString(), appVersion: APP_VERSION, checksum: dataChecksum(data), data };
    // The file must read back: check it with the importer's own schema before handing it out.
    const check = BundleSchema.safeParse(raw);
    if (!check.success) {
      const e = zodToAppError(check.error, '書き出すデータ');
      throw new AppError('internal', `書き出せません: ${e.message}`, e.path ? { path: e.path } : {});
    }
    const text = JSON.stringify(raw, null, 2) + '\n';
    this.recordExports(exported);
    const stamp = localIsoDate(exportedAt).replace(/-/g, '');
    return {
      fileName: `banso-${safeName(name)}-${stamp}.json`,
      mimeType: BUNDLE_MIME_TYPE,
      contentBase64: Buffer.from(text, 'utf8').toString('base64'),
      kind,
      records,
    };
  }

  exportEngagement(engagementId: string) {
    const e = this.records.engagement(engagementId);
    if (!e) throw new AppError('not_found', `案件が見つかりません（id: ${engagementId.slice(0, 60)}）。`, { path: ['engagementId'] });
    const client = this.records.client(e.clientId)!;
    const name = engagementDisplayName(e, client.name);
    const log = this.engagements.repo
      .entriesOfEngagement(e.id, client.id)
      .map(toBundleLog)
      .sort((a, b) => (a.date + (a.startTime ?? '') + a.createdAt + a.id).localeCompare(b.date + (b.startTime ?? '') + b.createdAt + b.id));
    const plan = this.records.plan(e.id);
    const answers = plan ? this.records.answersOf(e.id) : [];
    const x: LedgerRow[] = [];
    const data = {
      client: this.wrap('client', BundleClientSchema, client, `支援先「${client.name}」`, x),
      engagement: this.wrap('engagement', BundleEngagementSchema, e, `案件「${name}」`, x),
      log: log.map((l) => this.wrap('logEntry', BundleLogEntrySchema, l, `支援記録（${l.date}）`, x)),
      plan: plan ? this.wrap('plan', BundlePlanSchema, plan, '計画', x) : null,
      answers: answers.map((a) => this.wrap('planAnswer', BundleAnswerSchema, a, `計画の回答（${a.questionId}）`, x)),
      cases: this.caseRecords(e.caseIds, x),
    };
    const records = 2 + data.log.length + (data.plan ? 1 : 0) + data.answers.length + data.cases.length;
    return this.finish('engagement', data, `案件-${name}`, records, x);
  }

  exportLibrary() {
    const x: LedgerRow[] = [];
    const cases = this.cases.repo.all().map((c) => this.wrap('case', BundleCaseSchema, c, `事例「${c.title}」`, x));
    const data = { cases, synonyms: this.wrap('synonyms', BundleSynonymsSchema, this.records.synonyms(), '同義語', x) };
    return this.finish('library', data, '事例ライブラリ', cases.length + 1, x);
  }

  // ============================================================================================
  // Import

  /** Checks against this database that the schema cannot make; before anything is written. */
  private precheck(b: Bundle): void {
    if (b.kind !== 'engagement') return;
    b.data.log.forEach((l, i) => {
      l.record.nextActions.forEach((a, j) => {
        const owner = this.s.actionOwner.get(a.id) as string | undefined;
        if (owner !== undefined && owner !== l.record.id) {
          throw new AppError('invalid_input', `受け渡しファイルが正しくありません。「${formatPath(['data', 'log', i, 'record', 'nextActions', j, 'id'])}」: 次のアクションの id がこのパソコンのほかの支援記録で使われています。`, {
            path: ['data', 'log', i, 'record', 'nextActions', j, 'id'],
          });
        }
      });
    });
  }

  /**
   * Run writes in one IMMEDIATE transaction (CaseRepo.write: the in-memory filter index hears of
   * case writes only after the commit, so a rollback leaves it matching the database).
   */
  private transaction<T>(fn: (touched: Touched) => T): T {
    try {
      return this.cases.repo.write(
        () => {
          const touched: Touched = { engagements: new Set(), groups: [] };
          const r = fn(touched);
          if (touched.engagements.size > 0 || touched.groups.length > 0) this.engagements.quotas.refresh(touched);
          return r;
        },
        { immediate: true },
      );
    } catch (err) {
      if (err instanceof AppError) throw err;
      // A constraint the checks above did not foresee: nothing was written (rolled back).
      if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('SQLITE_CONSTRAINT')) {
        throw new AppError('invalid_input', `受け渡しファイルの内容をこのデータベースに書き込めませんでした（${err.code}）。何も変更していません。`);
      }
      throw err;
    }
  }

  import(input: { contentBase64?: string | undefined; text?: string | undefined }): BundleImportResult {
    const bundle = parseBundle(bundleText(input));
    this.precheck(bundle);
    const result: BundleImportResult = { kind: bundle.kind, added: 0, updated: 0, unchanged: 0, conflicts: 0 };
    this.transaction((touched) => {
      const at = this.stamp();
      for (const item of bundleRecords(bundle)) {
        const entity = item.entity;
        const incoming = item.record as AnyRecord;
        const wrapped: BundleRecord<AnyRecord> = { hash: item.hash, base: item.base, record: incoming };
        const id = idOf(entity, incoming);
        const version = versionOf(item.hash, incoming);
        const seen = this.s.seen.get(entity, id, version) !== undefined;
        const received = () => {
          this.s.syncPut.run(entity, id, item.hash, at);
          this.s.seenPut.run(entity, id, version);
          this.s.ledgerPut.run(entity, id, item.hash, 'imported', at);
        };
        const local = this.records.local(entity, id);
        if (!local) {
          // A version received before and gone now was deleted here: not brought back.
          if (seen) {
            result.unchanged++;
            continue;
          }
          this.records.write(entity, null, incoming, at, touched);
          received();
          result.added++;
          continue;
        }
        const h = recordHash(entity, local);
        if (h === item.hash) {
          received();
          result.unchanged++;
          continue;
        }
        // An older file again: this version came here before, and what is here now is newer.
        if (seen) {
          result.unchanged++;
          continue;
        }
        const s = this.localBase(entity, id, local);
        // Not changed here since the versions last met — by this machine's own records: it last
        // received exactly this version, or the file's base is this version and the ledger shows
        // that this machine itself handed it out or took it in. The file's word alone is not enough.
        const unchangedHere = h === s || (h === wrapped.base && this.s.ledgerHas.get(entity, id, h) !== undefined);
        // An import never moves a record to another client or engagement: that is always the user's decision.
        if (unchangedHere && parentOf(entity, local) === parentOf(entity, incoming)) {
          this.records.write(entity, local, incoming, at, touched);
          received();
          result.updated++;
          continue;
        }
        if (item.hash === s || item.hash === wrapped.base) {
          // Not changed there: this machine's newer version stays (nothing is written).
          this.s.seenPut.run(entity, id, version);
          result.unchanged++;
          continue;
        }
        const open = this.s.openConflict.all(entity, id) as ConflictRow[];
        if (open.some((c) => c.incoming_hash === item.hash)) {
          result.unchanged++;
          continue;
        }
        for (const c of open) this.s.conflictResolve.run(at, 'superseded', c.id);
        this.s.conflictInsert.run(entity, id, JSON.stringify(wrapped), item.hash, JSON.stringify(local), bundle.exportedAt, at);
        result.conflicts++;
      }
    });
    if (result.added + result.updated >= BULK_ROWS) settleWal(this.db);
    return result;
  }

  // ============================================================================================
  // Conflicts

  private label(entity: BundleEntity, r: AnyRecord | null, id: string): string {
    if (!r) return id;
    switch (entity) {
      case 'client':
        return (r as BundleClient).name;
      case 'engagement': {
        const e = r as BundleEngagement;
        return engagementDisplayName(e, this.records.client(e.clientId)?.name ?? '');
      }
      case 'logEntry': {
        const l = r as BundleLogEntry;
        return `${l.date} ${LOG_MODES[l.mode]}（${l.minutes}分）${l.topics ? ` ${l.topics.slice(0, 40)}` : ''}`;
      }
      case 'plan':
        return `計画（${(r as BundlePlan).template.name}）`;
      case 'planAnswer': {
        const a = r as BundleAnswer;
        const plan = this.records.plan(a.engagementId);
        const q = plan ? questionMap(plan.template).get(a.questionId)?.question.label : undefined;
        return `回答「${q ?? a.questionId}」`;
      }
      case 'case':
        return (r as BundleCase).title;
      case 'synonyms':
        return '検索の同義語';
    }
  }

  /** The client or engagement a record belongs to, by name (the id when this machine has no such record). */
  private parentName(field: string, id: unknown): string {
    if (typeof id !== 'string') return display(field, id);
    if (field === 'clientId') return this.records.client(id)?.name ?? `（このパソコンにない支援先 ${id}）`;
    const e = this.records.engagement(id);
    return e ? engagementDisplayName(e, this.records.client(e.clientId)?.name ?? '') : `（このパソコンにない案件 ${id}）`;
  }

  private fields(entity: BundleEntity, mine: AnyRecord | null, theirs: AnyRecord): ConflictField[] {
    const a = mine ? contentOf(entity, mine) : {};
    const b = contentOf(entity, theirs);
    // The parent of a record that can move (engagement → client, log entry → engagement) is shown when it differs.
    const parent = PARENT_FIELD[entity];
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !IDENTITY.has(k) || (k === parent && mine !== null));
    const out: ConflictField[] = [];
    for (const k of keys) {
      if (mine && JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null)) continue;
      const show = (v: unknown) => (k === parent ? this.parentName(k, v) : display(k, v));
      out.push({
        field: k,
        label: FIELD_LABELS[entity][k] ?? BUNDLE_FIELD_LABELS[k] ?? k,
        mine: mine ? show(a[k]) : null,
        theirs: show(b[k]),
      });
    }
    return out;
  }

  private view(row: ConflictRow): ConflictView {
    const incoming = (JSON.parse(row.incoming) as BundleRecord<AnyRecord>).record;
    const local = this.records.local(row.entity, row.entity_id);
    return {
      id: row.id,
      entity: row.entity,
      entityLabel: BUNDLE_ENTITIES[row.entity],
      entityId: row.entity_id,
      label: this.label(row.entity, local ?? incoming, row.entity_id),
      bundleExportedAt: row.bundle_exported_at,
      createdAt: row.created_at,
      resolvedAt: row.resolved_at,
      resolution: row.resolution,
      localExists: local !== null,
      fields: this.fields(row.entity, local, incoming),
    };
  }

  listConflicts(includeResolved = false): { items: ConflictView[]; open: number } {
    const rows = (includeResolved ? this.s.conflictsAll.all() : this.s.conflictsOpen.all()) as ConflictRow[];
    return { items: rows.map((r) => this.view(r)), open: this.s.openCount.get() as number };
  }

  /**
   * Keep this machine's version (nothing changes but the conflict, and the incoming version
   * becomes the base: the same bundle imported again is then unchanged) or take the incoming one
   * (written like any edit, with its history rows, so it can be undone like one).
   */
  resolve(id: number, keep: 'mine' | 'theirs'): { id: number; entity: BundleEntity; entityId: string; resolution: 'mine' | 'theirs'; resolvedAt: string } {
    return this.transaction((touched) => {
      const row = this.s.conflictById.get(id) as ConflictRow | undefined;
      if (!row) throw new AppError('not_found', `競合が見つかりません（id: ${id}）。`, { path: ['id'] });
      if (row.resolved_at !== null) {
        throw new AppError('conflict', `この競合はすでに解決済みです（${row.resolution === 'superseded' ? 'より新しい取り込みに置き換えられました' : row.resolution === 'mine' ? '自分の版を残しました' : '取り込んだ版を採用しました'}）。`, { path: ['id'] });
      }
      const incoming = JSON.parse(row.incoming) as BundleRecord<AnyRecord>;
      const at = this.stamp();
      if (keep === 'theirs') {
        const local = this.records.local(row.entity, row.entity_id);
        this.records.write(row.entity, local, incoming.record, at, touched);
      }
      this.s.syncPut.run(row.entity, row.entity_id, row.incoming_hash, at);
      this.s.seenPut.run(row.entity, row.entity_id, versionOf(row.incoming_hash, incoming.record));
      this.s.ledgerPut.run(row.entity, row.entity_id, row.incoming_hash, 'imported', at);
      this.s.conflictResolve.run(at, keep, id);
      return { id, entity: row.entity, entityId: row.entity_id, resolution: keep, resolvedAt: at };
    });
  }
}

