import type { DB } from '../db/types.ts';
import type { HubChange, PulledChange } from './hub.ts';

/**
 * Synchronisation of this data folder with the team hub (PostgreSQL). The local SQLite file stays the
 * source of truth: the hub only ever receives entries of the local change log and sends back the
 * entries of others, which are applied through the same write path as a local edit.
 *
 * Ordering and conflicts use the hub's server sequence. Per record this folder remembers the highest
 * server seq it knows (`hub_known`: pushed by itself or pulled). A pushed change carries as its base
 * the seq its author knew when pushing. A pulled change whose base is older than what this folder
 * knows was made without seeing a change known here: if the two touched different fields, the pulled
 * fields are applied (field-level merge); if they touched the same field, nothing is overwritten: both
 * versions are kept in `hub_conflicts` for a person to decide, and the decision is a local edit that
 * syncs like any other (its base is then the newest seq, so it settles the conflict everywhere).
 *
 * What is shared: the library (cases, templates) always; an engagement and its records only once it is
 * marked 「チームと共有」 (`hub_shared`); personal fields of those records (contacts, notes) travel in the
 * hub's 'private' scope, which only the engagement's advisors can read; settings never.
 */

export interface LocalChange {
  seq: number;
  opId: string;
  entity: string;
  entityId: string;
  version: number;
  fields: Record<string, unknown> | null;
  deviceId: string;
  hlc: string;
  at: string;
}

/** What the engine needs of the data layer (electron/core/data): the change log and the write path. */
export interface LocalData {
  readonly deviceId: string;
  changesSince(seq: number, limit: number): LocalChange[];
  /** Fields of the entity that are personal data (travel in the private scope). Undefined: not synchronised. */
  personalFields(entity: string): ReadonlySet<string> | undefined;
  /**
   * The engagement a record belongs to (for engagement-scoped entities), or null for the library;
   * undefined: not synchronised. A client belongs to the first of its engagements that is shared.
   */
  engagementOf(entity: string, id: string, fields: Record<string, unknown> | null, shared: ReadonlySet<string>): string | null | undefined;
  /** Built-in data every laptop has already (the seed library, unchanged by the user): never pushed. */
  isBuiltIn(entity: string, id: string): boolean;
  /** The current record (all fields), or null. */
  read(entity: string, id: string): Record<string, unknown> | null;
  /**
   * Apply a remote change through the write path, in the caller's transaction: create the record when
   * missing, update the given fields, or delete (fields null). The change log entry keeps the remote
   * device id and clock, so it is never pushed back.
   */
  applyRemote(c: { entity: string; entityId: string; opId: string; fields: Record<string, unknown> | null; deviceId: string; hlc: string }): void;
  /** All records of an engagement (for the first push after sharing it), as full-field changes. */
  snapshotEngagement(engagementId: string): { entity: string; entityId: string; version: number; fields: Record<string, unknown> }[];
}

export interface Hub {
  push(changes: readonly HubChange[]): Promise<{ stored: number; duplicates: number; acknowledged: Map<string, number> }>;
  pull(since: number, limit: number): Promise<PulledChange[]>;
  share(engagementId: string): Promise<void>;
  unshare(engagementId: string): Promise<{ remainingAdvisors: number }>;
  close(): Promise<void>;
}

export interface SyncResult {
  pushed: number;
  pulled: number;
  conflicts: number;
  merged: number;
}

export interface SyncStatus {
  configured: boolean;
  url: string | null;
  role: string | null;
  sslmode: 'disable' | 'require' | 'verify-ca' | 'verify-full' | null;
  caFile: string | null;
  lastSyncAt: string | null;
  lastError: string | null;
  nextRetryAt: string | null;
  pending: number;
  conflicts: number;
  shared: string[];
  state: 'synced' | 'pending' | 'offline' | 'unconfigured';
}

export interface ConflictRow {
  id: number;
  entity: string;
  entityId: string;
  serverSeq: number;
  remoteAuthor: string;
  remoteFields: Record<string, unknown>;
  localFields: Record<string, unknown>;
  detectedAt: string;
}

/** A failed connection or sync, in Japanese, for the status and the settings page. */
export function offlineMessage(err: Error): string {
  const m = err.message;
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|timeout|ETIMEDOUT/i.test(m)) return `ハブに接続できません（オフライン、またはアドレスが違います）: ${m.slice(0, 120)}`;
  if (/password authentication failed/i.test(m)) return 'ハブのパスワードが違います。設定 → チーム同期 で入力し直してください。';
  if (/self.signed|certificate|SSL/i.test(m)) return `ハブの証明書を確認できません（TLS の設定と CA ファイルを確かめてください）: ${m.slice(0, 120)}`;
  return `同期できませんでした: ${m.slice(0, 200)}`;
}

const PULL_PAGE = 1000;
const PUSH_PAGE = 5000;
const BACKOFF_MS = [5_000, 15_000, 60_000, 5 * 60_000, 15 * 60_000];

export class SyncEngine {
  private readonly s;
  private readonly db: DB;
  private readonly local: LocalData;
  private readonly now: () => Date;
  constructor(db: DB, local: LocalData, now: () => Date = () => new Date()) {
    this.db = db;
    this.local = local;
    this.now = now;
    this.s = {
      get: db.prepare('SELECT value FROM hub_state WHERE key = ?').pluck(),
      put: db.prepare('INSERT INTO hub_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      del: db.prepare('DELETE FROM hub_state WHERE key = ?'),
      known: db.prepare('SELECT server_seq FROM hub_known WHERE entity = ? AND entity_id = ?').pluck(),
      setKnown: db.prepare(`INSERT INTO hub_known (entity, entity_id, server_seq, op_id, device_id) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (entity, entity_id) DO UPDATE SET server_seq = excluded.server_seq, op_id = excluded.op_id, device_id = excluded.device_id
        WHERE excluded.server_seq > hub_known.server_seq`),
      knownRow: db.prepare('SELECT server_seq, op_id, device_id FROM hub_known WHERE entity = ? AND entity_id = ?'),
      // The names of the fields each pushed change touched (the change log itself is the data layer's).
      ack: db.prepare('INSERT OR IGNORE INTO hub_acks (local_seq, server_seq, entity, entity_id, fields) VALUES (?, ?, ?, ?, ?)'),
      ackedSince: db.prepare('SELECT fields FROM hub_acks WHERE entity = ? AND entity_id = ? AND server_seq > ?').pluck(),
      addConflict: db.prepare(`INSERT INTO hub_conflicts (entity, entity_id, server_seq, remote_author, remote_device, remote_fields, local_fields, detected_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      outboxAdd: db.prepare('INSERT INTO hub_outbox (entity, entity_id, fields, op_id, hlc, at) VALUES (?, ?, ?, ?, ?, ?)'),
      outbox: db.prepare('SELECT * FROM hub_outbox ORDER BY id'),
      outboxDone: db.prepare('DELETE FROM hub_outbox WHERE id = ?'),
      openConflicts: db.prepare('SELECT * FROM hub_conflicts WHERE resolved_at IS NULL ORDER BY id'),
      openFor: db.prepare('SELECT id FROM hub_conflicts WHERE entity = ? AND entity_id = ? AND resolved_at IS NULL').pluck(),
      resolve: db.prepare('UPDATE hub_conflicts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL'),
      conflictById: db.prepare('SELECT * FROM hub_conflicts WHERE id = ?'),
      shared: db.prepare('SELECT engagement_id FROM hub_shared WHERE unshared_at IS NULL ORDER BY engagement_id').pluck(),
      // Engagements that came from the hub (shared by a colleague) are shared here too, unless this folder stopped sharing them.
      fromHub: db.prepare(`SELECT entity_id FROM hub_known WHERE entity = 'engagement'
        AND entity_id NOT IN (SELECT engagement_id FROM hub_shared WHERE unshared_at IS NOT NULL)`).pluck(),
      unshared: db.prepare('SELECT engagement_id FROM hub_shared WHERE unshared_at IS NOT NULL').pluck(),
      share: db.prepare(`INSERT INTO hub_shared (engagement_id, shared_at, snapshot_pushed) VALUES (?, ?, 0)
        ON CONFLICT (engagement_id) DO UPDATE SET shared_at = excluded.shared_at, unshared_at = NULL, snapshot_pushed = 0`),
      unshare: db.prepare('UPDATE hub_shared SET unshared_at = ? WHERE engagement_id = ?'),
      needSnapshot: db.prepare('SELECT engagement_id FROM hub_shared WHERE unshared_at IS NULL AND snapshot_pushed = 0').pluck(),
      snapshotDone: db.prepare('UPDATE hub_shared SET snapshot_pushed = 1 WHERE engagement_id = ?'),
    };
  }

  private state(k: string): string | null {
    return (this.s.get.get(k) as string | undefined) ?? null;
  }
  private setState(k: string, v: string | number | null): void {
    if (v === null) this.s.del.run(k);
    else this.s.put.run(k, String(v));
  }

  configure(c: { url: string; role: string; sslmode?: string; caFile?: string }): void {
    this.db.transaction(() => {
      this.setState('url', c.url);
      this.setState('role', c.role);
      this.setState('sslmode', c.sslmode ?? null);
      this.setState('ca_file', c.caFile ?? null);
    })();
  }

  config(): { url: string; role: string; sslmode: string | null; caFile: string | null } | null {
    const url = this.state('url');
    const role = this.state('role');
    return url && role ? { url, role, sslmode: this.state('sslmode'), caFile: this.state('ca_file') } : null;
  }

  private sharedSet(): Set<string> {
    return new Set([...(this.s.shared.all() as string[]), ...(this.s.fromHub.all() as string[])]);
  }

  /** The hub changes one local change becomes (none when it is not shared): its public and its personal part. */
  private toHub(c: LocalChange, shared: Set<string>): HubChange[] {
    const personal = this.local.personalFields(c.entity);
    if (!personal || this.local.isBuiltIn(c.entity, c.entityId)) return [];
    const eng = this.local.engagementOf(c.entity, c.entityId, c.fields, shared);
    if (eng === undefined) return [];
    if (eng !== null && !shared.has(eng)) return [];
    const base = (this.s.known.get(c.entity, c.entityId) as number | undefined) ?? null;
    const common = {
      engagementId: eng,
      entity: c.entity,
      entityId: c.entityId,
      opId: c.opId,
      version: c.version,
      baseSeq: base,
      deviceId: c.deviceId,
      hlc: c.hlc,
      at: c.at,
    };
    if (eng === null) return [{ ...common, changeId: `${c.deviceId}:${c.seq}`, scope: 'library', fields: c.fields, deleted: c.fields === null }];
    if (c.fields === null) return [{ ...common, changeId: `${c.deviceId}:${c.seq}`, scope: 'engagement', fields: null, deleted: true }];
    const pub: Record<string, unknown> = {};
    const priv: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.fields)) (personal.has(k) ? priv : pub)[k] = v;
    const out: HubChange[] = [{ ...common, changeId: `${c.deviceId}:${c.seq}`, scope: 'engagement', fields: pub, deleted: false }];
    if (Object.keys(priv).length > 0) out.push({ ...common, changeId: `${c.deviceId}:${c.seq}:p`, scope: 'private', fields: priv, deleted: false });
    return out;
  }

  /** Local changes not yet on the hub that would be pushed (the status line's 未送信 N件). */
  pending(): number {
    const shared = this.sharedSet();
    let seq = Number(this.state('pushed_seq') ?? 0);
    let n = 0;
    for (;;) {
      const page = this.local.changesSince(seq, PUSH_PAGE);
      if (page.length === 0) break;
      for (const c of page) if (c.deviceId === this.local.deviceId && this.toHub(c, shared).length > 0) n++;
      seq = page[page.length - 1]!.seq;
    }
    return n + (this.s.needSnapshot.all() as string[]).length + (this.s.outbox.all() as unknown[]).length;
  }

  markShared(engagementId: string): void {
    this.s.share.run(engagementId, this.now().toISOString());
  }

  async share(hub: Hub, engagementId: string): Promise<void> {
    await hub.share(engagementId);
    this.markShared(engagementId);
  }

  /** Stop sharing: nothing of it is pushed or pulled any more; what was pushed stays on the hub for its other advisors. */
  async unshare(hub: Hub, engagementId: string): Promise<{ remainingAdvisors: number }> {
    const r = await hub.unshare(engagementId);
    this.s.unshare.run(this.now().toISOString(), engagementId);
    return r;
  }

  /** Push, then pull. A failure changes nothing of the local data and schedules a retry with backoff. */
  async syncNow(connect: () => Promise<Hub>): Promise<SyncResult> {
    let hub: Hub | null = null;
    try {
      hub = await connect();
      const pushed = await this.push(hub);
      const { pulled, conflicts, merged } = await this.pull(hub);
      this.db.transaction(() => {
        this.setState('last_sync_at', this.now().toISOString());
        this.setState('last_error', null);
        this.setState('failures', null);
        this.setState('next_retry_at', null);
      })();
      return { pushed, pulled, conflicts, merged };
    } catch (err) {
      const failures = Number(this.state('failures') ?? 0) + 1;
      const wait = BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)]!;
      this.db.transaction(() => {
        this.setState('failures', failures);
        this.setState('last_error', offlineMessage(err as Error).slice(0, 300));
        this.setState('next_retry_at', new Date(this.now().getTime() + wait).toISOString());
      })();
      throw err;
    } finally {
      await hub?.close().catch(() => undefined);
    }
  }

  /** When the next automatic attempt is due (now when never failed). */
  nextAttemptAt(): Date {
    const t = this.state('next_retry_at');
    return t ? new Date(t) : this.now();
  }

  private async push(hub: Hub): Promise<number> {
    const shared = this.sharedSet();
    let total = 0;
    // First push after sharing an engagement: all its records as they stand.
    for (const eng of this.s.needSnapshot.all() as string[]) {
      const snap = this.local.snapshotEngagement(eng);
      const at = this.now().toISOString();
      const changes = snap.flatMap((r, i) =>
        this.toHub({ seq: 0, opId: `share:${eng}`, entity: r.entity, entityId: r.entityId, version: r.version, fields: r.fields, deviceId: this.local.deviceId, hlc: `${String(this.now().getTime()).padStart(15, '0')}:${String(i).padStart(6, '0')}:${this.local.deviceId}`, at }, shared).map((h) => ({
          ...h,
          changeId: `${this.local.deviceId}:share:${eng}:${r.entity}:${r.entityId}:${r.version}${h.scope === 'private' ? ':p' : ''}`,
        })),
      );
      const res = await hub.push(changes);
      this.db.transaction(() => {
        for (const h of changes) {
          const seq = res.acknowledged.get(h.changeId);
          if (seq !== undefined) this.s.setKnown.run(h.entity, h.entityId, seq, h.opId, h.deviceId);
        }
        this.s.snapshotDone.run(eng);
      })();
      total += res.stored;
    }
    // Decisions on conflicts.
    const decisions = this.s.outbox.all() as { id: number; entity: string; entity_id: string; fields: string; op_id: string; hlc: string; at: string }[];
    if (decisions.length > 0) {
      const out = decisions.flatMap((d) =>
        this.toHub({ seq: 0, opId: d.op_id, entity: d.entity, entityId: d.entity_id, version: 0, fields: JSON.parse(d.fields) as Record<string, unknown>, deviceId: this.local.deviceId, hlc: d.hlc, at: d.at }, shared).map((h) => ({
          h: { ...h, changeId: `${this.local.deviceId}:${d.op_id}${h.scope === 'private' ? ':p' : ''}` },
          d,
        })),
      );
      const res = await hub.push(out.map((x) => x.h));
      this.db.transaction(() => {
        for (const { h } of out) {
          const seq = res.acknowledged.get(h.changeId);
          if (seq !== undefined) this.s.setKnown.run(h.entity, h.entityId, seq, h.opId, h.deviceId);
        }
        for (const d of decisions) this.s.outboxDone.run(d.id);
      })();
      total += res.stored;
    }
    let cursor = Number(this.state('pushed_seq') ?? 0);
    for (;;) {
      const page = this.local.changesSince(cursor, PUSH_PAGE);
      if (page.length === 0) break;
      const mine = page.filter((c) => c.deviceId === this.local.deviceId);
      const outgoing = mine.flatMap((c) => this.toHub(c, shared).map((h) => ({ h, c })));
      // One hub transaction per page; the local cursor moves only after the hub committed. A kill in
      // between pushes the page again, which the hub stores once (change ids are stable).
      const res = outgoing.length > 0 ? await hub.push(outgoing.map((x) => x.h)) : { stored: 0, acknowledged: new Map<string, number>() };
      const last = page[page.length - 1]!.seq;
      this.db.transaction(() => {
        for (const { h, c } of outgoing) {
          const seq = res.acknowledged.get(h.changeId);
          if (seq === undefined) continue;
          this.s.setKnown.run(h.entity, h.entityId, seq, h.opId, h.deviceId);
          if (h.scope !== 'private') this.s.ack.run(c.seq, seq, c.entity, c.entityId, c.fields === null ? null : JSON.stringify(Object.keys(c.fields)));
        }
        this.setState('pushed_seq', last);
      })();
      total += res.stored;
      cursor = last;
    }
    return total;
  }

  private async pull(hub: Hub): Promise<{ pulled: number; conflicts: number; merged: number }> {
    let since = Number(this.state('pulled_seq') ?? 0);
    let pulled = 0;
    let conflicts = 0;
    let merged = 0;
    for (;;) {
      const page = await hub.pull(since, PULL_PAGE);
      if (page.length === 0) break;
      const stopped = new Set(this.s.unshared.all() as string[]);
      // A page is applied in one local transaction together with the cursor: a kill leaves either the
      // page applied and the cursor past it, or neither.
      this.db.transaction(() => {
        for (const r of page) {
          // The hub sends only what this role may read (row-level security); an engagement this folder
          // stopped sharing is no longer taken in.
          if (r.deviceId !== this.local.deviceId && (r.engagementId === null || !stopped.has(r.engagementId))) {
            const out = this.applyOne(r);
            if (out === 'conflict') conflicts++;
            else if (out === 'merged') merged++;
            if (out !== 'skipped') pulled++;
          }
          this.s.setKnown.run(r.entity, r.entityId, r.serverSeq, r.opId, r.deviceId);
          since = r.serverSeq;
        }
        this.setState('pulled_seq', since);
      })();
    }
    return { pulled, conflicts, merged };
  }

  private applyOne(r: PulledChange): 'applied' | 'merged' | 'conflict' | 'skipped' {
    if (!this.local.personalFields(r.entity)) return 'skipped';
    const k = this.s.knownRow.get(r.entity, r.entityId) as { server_seq: number; op_id: string; device_id: string } | undefined;
    // The public and the personal part of one change arrive as two hub rows: the second saw the first.
    const sameChange = k !== undefined && k.op_id === r.opId && k.device_id === r.deviceId;
    const known = sameChange ? 0 : (k?.server_seq ?? 0);
    const base = r.baseSeq ?? 0;
    const remoteFields = r.fields;
    const settle = () => {
      // A change made after seeing every change known here settles an open conflict on the record.
      for (const id of this.s.openFor.all(r.entity, r.entityId) as number[]) this.s.resolve.run(this.now().toISOString(), `settled-by:${r.author}`, id);
    };
    const unpushedFields = this.localFieldsSince(r.entity, r.entityId, base);
    if (base >= known && unpushedFields.size === 0) {
      this.local.applyRemote({ entity: r.entity, entityId: r.entityId, opId: r.opId, fields: r.deleted ? null : remoteFields, deviceId: r.deviceId, hlc: r.hlc });
      settle();
      return 'applied';
    }
    // Made without seeing a change known here.
    const current = this.local.read(r.entity, r.entityId);
    if (r.deleted || remoteFields === null) {
      if (current === null) return 'skipped';
      this.recordConflict(r, {}, current);
      return 'conflict';
    }
    const overlap = Object.keys(remoteFields).filter((k) => unpushedFields.has(k) && JSON.stringify(current?.[k]) !== JSON.stringify(remoteFields[k]));
    if (overlap.length === 0) {
      this.local.applyRemote({ entity: r.entity, entityId: r.entityId, opId: r.opId, fields: remoteFields, deviceId: r.deviceId, hlc: r.hlc });
      return 'merged';
    }
    const local: Record<string, unknown> = {};
    for (const k of overlap) local[k] = current?.[k];
    const remote: Record<string, unknown> = {};
    for (const k of overlap) remote[k] = remoteFields[k];
    // The fields that do not collide are merged; the colliding ones wait for a person.
    const rest = Object.fromEntries(Object.entries(remoteFields).filter(([k]) => !overlap.includes(k)));
    if (current !== null && Object.keys(rest).length > 0) {
      this.local.applyRemote({ entity: r.entity, entityId: r.entityId, opId: r.opId, fields: rest, deviceId: r.deviceId, hlc: r.hlc });
    }
    this.recordConflict(r, remote, local);
    return 'conflict';
  }

  /** Fields this folder changed on the record that the hub change with base `base` did not see. */
  private localFieldsSince(entity: string, id: string, base: number): Set<string> {
    const out = new Set<string>();
    for (const f of this.s.ackedSince.all(entity, id, base) as (string | null)[]) {
      if (f === null) out.add('(deleted)');
      else for (const k of JSON.parse(f) as string[]) out.add(k);
    }
    // Local changes not yet pushed at all.
    let seq = Number(this.state('pushed_seq') ?? 0);
    for (;;) {
      const page = this.local.changesSince(seq, PUSH_PAGE);
      if (page.length === 0) break;
      for (const c of page) {
        if (c.deviceId !== this.local.deviceId || c.entity !== entity || c.entityId !== id) continue;
        if (c.fields === null) out.add('(deleted)');
        else for (const k of Object.keys(c.fields)) out.add(k);
      }
      seq = page[page.length - 1]!.seq;
    }
    for (const k of ['updatedAt', 'createdAt']) out.delete(k);
    return out;
  }

  private recordConflict(r: PulledChange, remote: Record<string, unknown>, local: Record<string, unknown>): void {
    this.s.addConflict.run(r.entity, r.entityId, r.serverSeq, r.author, r.deviceId, JSON.stringify(remote), JSON.stringify(local), this.now().toISOString());
  }

  conflicts(): ConflictRow[] {
    return (this.s.openConflicts.all() as Record<string, unknown>[]).map((x) => ({
      id: Number(x.id),
      entity: String(x.entity),
      entityId: String(x.entity_id),
      serverSeq: Number(x.server_seq),
      remoteAuthor: String(x.remote_author),
      remoteFields: JSON.parse(String(x.remote_fields)) as Record<string, unknown>,
      localFields: JSON.parse(String(x.local_fields)) as Record<string, unknown>,
      detectedAt: String(x.detected_at),
    }));
  }

  /**
   * A person's decision on a conflict: keep this folder's values, or take the hub's. The decision is itself
   * a change: it goes to the outbox and is pushed with the newest base, so it settles the conflict on the
   * other laptops too; taking the hub's values also applies them here through the write path.
   */
  resolve(id: number, choice: 'local' | 'remote'): void {
    this.db.transaction(() => {
      const row = this.s.conflictById.get(id) as Record<string, unknown> | undefined;
      if (!row || row.resolved_at !== null) throw new Error(`この競合はすでに解決済みか、見つかりません（id: ${id}）。`);
      const fields = JSON.parse(String(choice === 'local' ? row.local_fields : row.remote_fields)) as Record<string, unknown>;
      const entity = String(row.entity);
      const entityId = String(row.entity_id);
      const at = this.now().toISOString();
      if (choice === 'remote') {
        this.local.applyRemote({ entity, entityId, opId: `decision:${id}`, fields, deviceId: String(row.remote_device), hlc: this.clock() });
      }
      this.s.outboxAdd.run(entity, entityId, JSON.stringify(fields), `decision:${id}`, this.clock(), at);
      this.s.resolve.run(at, choice, id);
    })();
  }

  private clock(): string {
    return `${String(this.now().getTime()).padStart(15, '0')}:000000:${this.local.deviceId}`;
  }

  status(): SyncStatus {
    const cfg = this.config();
    const pending = cfg ? this.pending() : 0;
    const conflicts = (this.s.openConflicts.all() as unknown[]).length;
    const lastError = this.state('last_error');
    const state: SyncStatus['state'] = !cfg ? 'unconfigured' : lastError ? 'offline' : pending > 0 ? 'pending' : 'synced';
    return {
      configured: cfg !== null,
      url: cfg?.url ?? null,
      role: cfg?.role ?? null,
      sslmode: (cfg?.sslmode as SyncStatus['sslmode'] | null | undefined) ?? null,
      caFile: cfg?.caFile ?? null,
      lastSyncAt: this.state('last_sync_at'),
      lastError,
      nextRetryAt: this.state('next_retry_at'),
      pending,
      conflicts,
      shared: this.s.shared.all() as string[],
      state,
    };
  }
}

