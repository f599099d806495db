import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import type { DB } from '../db/types.ts';
import type { Entity, FieldInfo } from './entity.ts';

/**
 * The one write path. Every change to a stored record goes through `mutate` (alone, or several
 * inside one `operation`), which in the same transaction:
 * - checks the expected version (or, for the older contract methods, the expected updatedAt) and
 *   refuses a stale write with `conflict`, changing nothing;
 * - writes the row with its version bumped and its updatedAt stamped;
 * - writes one history row per changed field (old → new) with the operation's id, none when
 *   nothing changed;
 * - appends one entry to the change log `changes` (the changed fields with their new values, the
 *   device id and a hybrid logical clock), which a later synchronisation reads with
 *   `changesSince(seq)` and which `compact` shrinks.
 */

/** History markers: the row holds a snapshot instead of one field. */
export const CREATED = '(created)';
export const DELETED = '(deleted)';
export const RESTORED = '(restored)';
export const MARKERS: ReadonlySet<string> = new Set([CREATED, DELETED, RESTORED]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any entity definition
export type AnyEntity = Entity<any, any>;
type Rec = Record<string, unknown>;

export interface Expectation {
  /** The version the writer last saw: refused with `conflict` when the record has moved on. */
  expectedVersion?: number | undefined;
  /** The updatedAt the writer last saw (the autosave contract of clients, engagements, log entries, plans). */
  expectedUpdatedAt?: string | undefined;
}

export type Mutation = Expectation & {
  entity: AnyEntity;
  id: string;
  /** Values of the table's extra columns (e.g. cases.user_modified). */
  extra?: Rec;
  /** Keep the record's own createdAt / updatedAt (imports of files that carry them); only empty ones are stamped. */
  keepStamps?: boolean;
  /** Write (stamp, bump the version, log) even when no stored field changed: a change kept elsewhere (attachments, next actions). */
  touch?: boolean;
  /** Values of virtual fields that belong in the created / deleted / restored snapshot in history (a log entry's next actions). */
  historyExtra?: Rec;
} & (
    | { create: Rec; restore?: never; changes?: never; delete?: never }
    | { restore: Rec; create?: never; changes?: never; delete?: never }
    | { changes: Rec; create?: never; restore?: never; delete?: never }
    | { delete: true; create?: never; restore?: never; changes?: never }
  );

export interface MutationResult<R = Rec> {
  /** Fields that changed (record keys, bookkeeping left out); empty when nothing was written. */
  changed: string[];
  version: number;
  before: R | null;
  after: R | null;
  at: string;
  /** The stored row before the change (with columns that are not record fields, e.g. cases.seq). */
  row: Rec | null;
  /** The rowid of an inserted row. */
  rowid?: number;
}

export interface ChangeEntry {
  seq: number;
  opId: string;
  entity: string;
  entityId: string;
  version: number;
  /** The changed fields with their new values (record form); null: the record was deleted. */
  fields: Rec | null;
  deviceId: string;
  hlc: string;
  at: string;
}

export interface HistoryRow {
  id: number;
  at: string;
  opId: string | null;
  field: string;
  old: unknown;
  new: unknown;
}

interface Statements {
  byId: BetterSqlite3.Statement;
  version: BetterSqlite3.Statement;
  insert: BetterSqlite3.Statement;
  update: BetterSqlite3.Statement;
  delete: BetterSqlite3.Statement;
}

/** An operation in progress: one user action, one op id, one timestamp. */
export interface Operation {
  readonly opId: string;
  readonly at: string;
  /** A change made on another device and applied here (team sync): its device id and clock go to the change log. */
  readonly origin?: { deviceId: string; hlc: string } | undefined;
  mutate<R = Rec>(m: Mutation): MutationResult<R>;
}

function json(v: unknown): string {
  return JSON.stringify(v ?? null);
}

function parseJson(v: string | null): unknown {
  return v === null ? null : (JSON.parse(v) as unknown);
}

function stale(label: string, shown: string, path: (string | number)[]): AppError {
  return new AppError(
    'conflict',
    `この${label}は、ほかの画面で先に変更されています（保存済みの${shown}）。読み込み直してから、もう一度変更してください。`,
    { path },
  );
}

export interface DataStoreOptions {
  now?: () => Date;
}

/** Per connection: the device id, the clock, the prepared statements of the write path. */
export class DataStore {
  readonly db: DB;
  readonly deviceId: string;
  private readonly now: () => Date;
  private lastMs = 0;
  private hlcMs = 0;
  private hlcCounter = 0;
  /** Per definition (not per name: a changed definition gets its own statements). */
  private readonly perEntity = new WeakMap<AnyEntity, Statements>();
  private statementsCache: ReturnType<DataStore['prepare']> | null = null;
  private current: Operation | null = null;
  private static readonly byDb = new WeakMap<DB, DataStore>();

  /** The store of a connection (one per connection: one clock, one set of statements). */
  static of(db: DB): DataStore {
    let s = DataStore.byDb.get(db);
    if (!s) DataStore.byDb.set(db, (s = new DataStore(db)));
    return s;
  }

  constructor(db: DB, opts: DataStoreOptions = {}) {
    this.db = db;
    this.now = opts.now ?? (() => new Date());
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get() !== undefined;
    this.deviceId = hasMeta ? ((db.prepare("SELECT value FROM meta WHERE key = 'device_id'").pluck().get() as string | undefined) ?? 'unknown') : 'unknown';
    if (hasMeta) {
      const last = this.s.lastHlc.get() as string | undefined;
      if (last) {
        const [ms, counter] = last.split(':');
        this.hlcMs = Number(ms);
        this.hlcCounter = Number(counter);
        this.lastMs = this.hlcMs;
      }
    }
  }

  /** Prepared on first use, so that a store over an older schema (read-only services) costs nothing. */
  private get s() {
    return (this.statementsCache ??= this.prepare());
  }

  private prepare() {
    const db = this.db;
    return {
      history: db.prepare('INSERT INTO history (at, entity, entity_id, field, old_value, new_value, op_id) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      change: db.prepare('INSERT INTO changes (op_id, entity, entity_id, version, fields, device_id, hlc, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      lastVersion: db.prepare('SELECT version FROM changes WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1').pluck(),
      since: db.prepare('SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?'),
      lastHlc: db.prepare('SELECT hlc FROM changes ORDER BY seq DESC LIMIT 1').pluck(),
      historyList: db.prepare(`SELECT id, at, op_id, field, old_value, new_value FROM history
        WHERE entity = ? AND entity_id = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`),
      lastOp: db.prepare('SELECT op_id FROM history WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1').pluck(),
      opRows: db.prepare('SELECT id, at, op_id, field, old_value, new_value FROM history WHERE entity = ? AND entity_id = ? AND op_id = ? ORDER BY id'),
    };
  }

  /** A wall-clock stamp that never repeats or goes back in this process (also the HLC's physical part). */
  private tick(): { at: string; hlc: string } {
    let ms = this.now().getTime();
    if (ms <= this.lastMs) ms = this.lastMs + 1;
    this.lastMs = ms;
    if (ms > this.hlcMs) {
      this.hlcMs = ms;
      this.hlcCounter = 0;
    } else this.hlcCounter++;
    return { at: new Date(ms).toISOString(), hlc: this.hlc() };
  }

  private hlc(): string {
    return `${String(this.hlcMs).padStart(15, '0')}:${String(this.hlcCounter).padStart(6, '0')}:${this.deviceId}`;
  }

  /** The current operation's time, or a fresh one (never repeating in this process). */
  stamp(): string {
    return this.current ? this.current.at : this.tick().at;
  }

  /** A fresh operation id. */
  static opId(): string {
    return randomUUID();
  }

  private statements(e: AnyEntity): Statements {
    let s = this.perEntity.get(e);
    if (!s) {
      s = {
        byId: this.db.prepare(e.sql.byId),
        version: this.db.prepare(e.sql.exists).pluck(),
        insert: this.db.prepare(e.sql.insert),
        update: this.db.prepare(e.sql.update),
        delete: this.db.prepare(e.sql.delete),
      };
      this.perEntity.set(e, s);
    }
    return s;
  }

  /** The stored record and its version, or null. */
  read<R = Rec>(e: AnyEntity, id: string): { record: R; version: number; row: Rec } | null {
    const row = this.statements(e).byId.get(e.keyParams(id)) as (Rec & { version: number }) | undefined;
    if (!row) return null;
    return { record: e.toRecord(row as never) as R, version: row.version, row };
  }

  versionOf(e: AnyEntity, id: string): number | null {
    return (this.statements(e).version.get(e.keyParams(id)) as number | undefined) ?? null;
  }

  /**
   * Run `fn` as one operation: one transaction (IMMEDIATE), one op id, one timestamp for all its
   * mutations. Nested calls join the outer operation.
   */
  operation<T>(fn: (op: Operation) => T, opts: { opId?: string; origin?: { deviceId: string; hlc: string } } = {}): T {
    if (this.current) return fn(this.current);
    const run = () => {
      if (opts.origin) this.receive(opts.origin.hlc);
      const { at, hlc } = this.tick();
      const op: Operation = {
        opId: opts.opId ?? DataStore.opId(),
        at,
        origin: opts.origin,
        mutate: <R>(m: Mutation) => this.apply(op, hlc, m) as MutationResult<R>,
      };
      this.current = op;
      try {
        return fn(op);
      } finally {
        this.current = null;
      }
    };
    return this.db.inTransaction ? run() : this.db.transaction(run).immediate();
  }

  /** One mutation as its own operation (or inside the current one). */
  mutate<R = Rec>(m: Mutation, opts: { opId?: string } = {}): MutationResult<R> {
    return this.operation((op) => op.mutate<R>(m), opts);
  }

  private check(e: AnyEntity, current: { version: number; record: Rec }, m: Expectation): void {
    if (m.expectedVersion !== undefined && m.expectedVersion !== current.version) {
      throw stale(e.label, `版: ${current.version}`, ['expectedVersion']);
    }
    if (m.expectedUpdatedAt !== undefined && m.expectedUpdatedAt !== current.record.updatedAt) {
      throw stale(e.label, `更新日時: ${String(current.record.updatedAt)}`, ['expectedUpdatedAt']);
    }
  }

  private snapshot(e: AnyEntity, r: Rec): Rec {
    const out: Rec = {};
    for (const x of e.fields) if (!x.bookkeeping && !e.key.includes(x.key)) out[x.key] = r[x.key];
    return out;
  }

  /** Stamp createdAt (a new record) and updatedAt; with `keep`, only those left empty. */
  private stampRecord(e: AnyEntity, r: Rec, at: string, created: boolean, keep: boolean): void {
    if (created && e.byKey.has('createdAt') && (!keep || !r.createdAt)) r.createdAt = at;
    if (e.byKey.has('updatedAt') && (!keep || !r.updatedAt)) r.updatedAt = at;
  }

  private log(op: Operation, hlc: string, e: AnyEntity, id: string, version: number, fields: Rec | null): void {
    this.s.change.run(op.opId, e.name, id, version, fields === null ? null : JSON.stringify(fields), op.origin?.deviceId ?? this.deviceId, op.origin?.hlc ?? hlc, op.at);
  }

  /** A remote clock seen (hybrid logical clock): this device's next stamps come after it. */
  private receive(remoteHlc: string): void {
    const [ms, counter] = remoteHlc.split(':');
    const rms = Number(ms);
    const rc = Number(counter);
    if (!Number.isFinite(rms) || !Number.isFinite(rc)) return;
    if (rms > this.hlcMs || (rms === this.hlcMs && rc > this.hlcCounter)) {
      this.hlcMs = rms;
      this.hlcCounter = rc;
    }
  }

  /** Records of an entity whose field equals a value (the data layer's generic read; e.g. an engagement's log). */
  where<R = Rec>(e: AnyEntity, field: string, value: unknown): R[] {
    const x = e.byKey.get(field);
    if (!x) throw new Error(`${e.name} has no field ${field}`);
    const rows = this.db.prepare(`SELECT * FROM ${e.table} WHERE ${x.column} = ?`).all(value) as Rec[];
    return rows.map((row) => e.toRecord(row as never) as R);
  }

  private apply(op: Operation, hlc: string, m: Mutation): MutationResult {
    const e = m.entity;
    const st = this.statements(e);
    const cur = this.read(e, m.id);
    const notFound = () => new AppError('not_found', `${e.label}が見つかりません（id: ${excerpt(m.id, 60)}）。`, { path: ['id'] });

    if (m.create !== undefined || m.restore !== undefined) {
      const given = (m.create ?? m.restore)!;
      if (cur) throw new AppError('conflict', `同じ id の${e.label}がすでにあります（${excerpt(m.id, 60)}）。`, { path: ['id'] });
      const r: Rec = { ...given };
      this.stampRecord(e, r, op.at, true, m.keepStamps === true || m.restore !== undefined);
      const last = this.s.lastVersion.get(e.name, m.id) as number | undefined;
      const version = (last ?? 0) + 1;
      const info = st.insert.run({ ...e.toParams(r as never, m.extra), version });
      if (e.history === 'fields' || (e.history === 'changes' && m.restore)) {
        this.s.history.run(op.at, e.name, m.id, m.restore ? RESTORED : CREATED, null, json({ ...this.snapshot(e, r), ...m.historyExtra }), op.opId);
      } else if (e.history === 'changes') this.s.history.run(op.at, e.name, m.id, CREATED, null, null, op.opId);
      const all: Rec = {};
      for (const x of e.fields) all[x.key] = r[x.key];
      this.log(op, hlc, e, m.id, version, all);
      return { changed: e.fields.filter((x) => !x.bookkeeping).map((x) => x.key), version, before: null, after: r, at: op.at, row: null, rowid: Number(info.lastInsertRowid) };
    }

    if (!cur) throw notFound();
    this.check(e, cur, m);

    if (m.delete) {
      st.delete.run(e.keyParams(m.id));
      if (e.history !== 'none') this.s.history.run(op.at, e.name, m.id, DELETED, json({ ...this.snapshot(e, cur.record), ...m.historyExtra }), null, op.opId);
      this.log(op, hlc, e, m.id, cur.version + 1, null);
      return { changed: [], version: cur.version + 1, before: cur.record, after: null, at: op.at, row: cur.row };
    }

    const before = cur.record;
    const after: Rec = { ...before };
    const changed: FieldInfo[] = [];
    for (const [k, v] of Object.entries(m.changes)) {
      const x = e.byKey.get(k);
      if (!x || v === undefined) continue;
      if (json(before[k]) !== json(v)) {
        after[k] = v;
        if (!x.bookkeeping) changed.push(x);
      }
    }
    const extraChanged = m.extra !== undefined && Object.entries(m.extra).some(([c, v]) => cur.row[c] !== v);
    if (changed.length === 0 && !extraChanged && !m.touch) return { changed: [], version: cur.version, before, after: before, at: op.at, row: cur.row };
    this.stampRecord(e, after, op.at, false, m.keepStamps === true);
    const version = cur.version + 1;
    st.update.run({ ...e.toParams(after as never, m.extra), version });
    const fields: Rec = {};
    for (const x of changed) {
      if (e.history !== 'none') this.s.history.run(op.at, e.name, m.id, x.key, json(before[x.key]), json(after[x.key]), op.opId);
      fields[x.key] = after[x.key];
    }
    for (const x of e.fields) if (x.bookkeeping && json(before[x.key]) !== json(after[x.key])) fields[x.key] = after[x.key];
    this.log(op, hlc, e, m.id, version, fields);
    return { changed: changed.map((x) => x.key), version, before, after, at: op.at, row: cur.row };
  }

  /**
   * A history row of a change kept outside the record's own columns (a log entry's next actions,
   * an engagement's attached cases, a plan's answers), in the current operation.
   */
  note(entity: string, id: string, field: string, old: unknown, now: unknown): void {
    const op = this.current;
    if (!op) throw new Error('DataStore.note outside an operation');
    this.s.history.run(op.at, entity, id, field, old === undefined ? null : json(old), now === undefined ? null : json(now), op.opId);
  }

  /**
   * A change-log entry for a record that is not a table row of its own (the settings, the synonym
   * groups), in the current operation; its version follows the record's last one.
   */
  logRecord(entity: string, id: string, fields: Rec | null): number {
    const op = this.current;
    if (!op) throw new Error('DataStore.logRecord outside an operation');
    const version = ((this.s.lastVersion.get(entity, id) as number | undefined) ?? 0) + 1;
    this.s.change.run(op.opId, entity, id, version, fields === null ? null : JSON.stringify(fields), this.deviceId, this.hlc(), op.at);
    return version;
  }

  // History --------------------------------------------------------------------------------------

  history(entity: string, id: string, limit: number, beforeId?: number): { rows: HistoryRow[]; hasMore: boolean } {
    const raw = this.s.historyList.all(entity, id, beforeId ?? null, beforeId ?? null, limit + 1) as {
      id: number;
      at: string;
      op_id: string | null;
      field: string;
      old_value: string | null;
      new_value: string | null;
    }[];
    const rows = raw.slice(0, limit).map((r) => ({ id: r.id, at: r.at, opId: r.op_id, field: r.field, old: parseJson(r.old_value), new: parseJson(r.new_value) }));
    return { rows, hasMore: raw.length > limit };
  }

  /** The rows of the record's most recent operation (by op id), or null when it has no history. */
  lastOperation(entity: string, id: string): { opId: string; rows: HistoryRow[] } | null {
    const opId = this.s.lastOp.get(entity, id) as string | null | undefined;
    if (opId === undefined || opId === null) return null;
    const rows = (this.s.opRows.all(entity, id, opId) as { id: number; at: string; op_id: string; field: string; old_value: string | null; new_value: string | null }[]).map(
      (r) => ({ id: r.id, at: r.at, opId: r.op_id, field: r.field, old: parseJson(r.old_value), new: parseJson(r.new_value) }),
    );
    return { opId, rows };
  }

  /**
   * What undoing the record's last operation writes: the old value of each field it changed.
   * Refused (not_found) when there is nothing to undo or the last operation created, deleted or
   * restored the record (a deletion has its own restore).
   */
  undoPatch(entity: string, id: string): { opId: string; patch: Rec; fields: string[] } {
    const last = this.lastOperation(entity, id);
    if (!last || last.rows.some((r) => MARKERS.has(r.field))) {
      throw new AppError('not_found', '元に戻せる変更がありません（作成・削除・復元の直後は、元に戻す対象がありません）。', { path: ['id'] });
    }
    const patch: Rec = {};
    for (const r of last.rows) patch[r.field] = r.old;
    return { opId: last.opId, patch, fields: Object.keys(patch) };
  }

  // Change log -----------------------------------------------------------------------------------

  /** Every change after `seq`, oldest first (one range scan of the integer primary key). */
  changesSince(seq: number, limit = 10_000): ChangeEntry[] {
    return (this.s.since.all(seq, limit) as {
      seq: number;
      op_id: string;
      entity: string;
      entity_id: string;
      version: number;
      fields: string | null;
      device_id: string;
      hlc: string;
      at: string;
    }[]).map((r) => ({
      seq: r.seq,
      opId: r.op_id,
      entity: r.entity,
      entityId: r.entity_id,
      version: r.version,
      fields: r.fields === null ? null : (JSON.parse(r.fields) as Rec),
      deviceId: r.device_id,
      hlc: r.hlc,
      at: r.at,
    }));
  }
}

/**
 * Shrink the change log below `seq`: per record, the entries before `seq` become one entry (the
 * latest one, holding the fields as they stood then, or a deletion), so replaying the compacted
 * log gives the same records. Entries from `seq` on are untouched. Returns the entries removed.
 */
export function compactChanges(db: DB, belowSeq: number): number {
  return db.transaction(() => {
    const groups = db
      .prepare('SELECT entity, entity_id FROM changes WHERE seq < ? GROUP BY entity, entity_id HAVING count(*) > 1')
      .all(belowSeq) as { entity: string; entity_id: string }[];
    const entries = db.prepare('SELECT seq, fields FROM changes WHERE entity = ? AND entity_id = ? AND seq < ? ORDER BY seq');
    const setFields = db.prepare('UPDATE changes SET fields = ? WHERE seq = ?');
    const drop = db.prepare('DELETE FROM changes WHERE entity = ? AND entity_id = ? AND seq < ?');
    let removed = 0;
    for (const g of groups) {
      const rows = entries.all(g.entity, g.entity_id, belowSeq) as { seq: number; fields: string | null }[];
      let state: Rec | null = null;
      for (const r of rows) state = r.fields === null ? null : { ...(state ?? {}), ...(JSON.parse(r.fields) as Rec) };
      const last = rows[rows.length - 1]!;
      setFields.run(state === null ? null : JSON.stringify(state), last.seq);
      removed += drop.run(g.entity, g.entity_id, last.seq).changes;
    }
    return removed;
  }).immediate();
}
