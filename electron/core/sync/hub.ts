import fs from 'node:fs';
import pg from 'pg';
import type { SqlClient } from './hub-schema.ts';

/** One change as it travels to and from the hub (the local change log's row, plus what the hub needs). */
export interface HubChange {
  /** Globally unique and stable: `${deviceId}:${local seq}`. Pushing it twice stores it once. */
  changeId: string;
  scope: 'library' | 'engagement' | 'private';
  engagementId: string | null;
  entity: string;
  entityId: string;
  opId: string;
  version: number;
  /** The highest server seq of this record its author knew when pushing (null: none). */
  baseSeq: number | null;
  /** The changed fields with their new values (null with deleted). */
  fields: Record<string, unknown> | null;
  deleted: boolean;
  deviceId: string;
  hlc: string;
  at: string;
}

export interface PulledChange extends HubChange {
  serverSeq: number;
  author: string;
}

export type SslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

export interface HubConfig {
  /** postgresql://host:port/database (no password in it: the password is passed apart, from the key store). */
  url: string;
  role: string;
  password: string;
  sslmode?: SslMode;
  /** PEM file of the CA that signed the hub's certificate (verify-ca / verify-full). */
  caFile?: string;
  connectTimeoutMs?: number;
}

export function clientOptions(cfg: HubConfig): pg.ClientConfig {
  const u = new URL(cfg.url);
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
    throw new Error(`ハブのアドレスは postgresql:// で始めてください: 「${cfg.url.slice(0, 60)}」`);
  }
  const mode = cfg.sslmode ?? (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '::1' ? 'disable' : 'verify-full');
  let ssl: pg.ClientConfig['ssl'] = false;
  if (mode !== 'disable') {
    const ca = cfg.caFile ? fs.readFileSync(cfg.caFile, 'utf8') : undefined;
    ssl =
      mode === 'require'
        ? { rejectUnauthorized: false }
        : mode === 'verify-ca'
          ? { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined }
          : { ca, rejectUnauthorized: true };
  }
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    user: cfg.role,
    password: cfg.password,
    ssl,
    connectionTimeoutMillis: cfg.connectTimeoutMs ?? 5000,
    application_name: 'banso',
  };
}

export async function connectHub(cfg: HubConfig): Promise<pg.Client> {
  const client = new pg.Client(clientOptions(cfg));
  // A hub that goes away while connected (restart, network lost) must not crash the app: the next
  // query fails and the sync records it as offline.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

const PUSH_BATCH = 500;
/** All pushes take this lock inside their transaction, so server_seq values become visible in order and a
 * puller that saw seq N never later meets a smaller one committing. */
const PUSH_LOCK = 0x62616e73; // 'bans'

/**
 * Push changes in one transaction. Idempotent: a change id already on the hub is not stored again (it
 * counts as a duplicate, and its server seq is returned all the same so the caller can acknowledge it).
 * On any error nothing is stored.
 */
export async function pushChanges(
  client: SqlClient,
  changes: readonly HubChange[],
): Promise<{ stored: number; duplicates: number; acknowledged: Map<string, number> }> {
  const acknowledged = new Map<string, number>();
  if (changes.length === 0) return { stored: 0, duplicates: 0, acknowledged };
  let stored = 0;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
    for (let i = 0; i < changes.length; i += PUSH_BATCH) {
      const batch = changes.slice(i, i + PUSH_BATCH).map((c) => ({
        change_id: c.changeId,
        scope: c.scope,
        engagement_id: c.engagementId,
        entity: c.entity,
        entity_id: c.entityId,
        op_id: c.opId,
        version: c.version,
        base_seq: c.baseSeq,
        fields: c.fields ?? {},
        deleted: c.deleted,
        device_id: c.deviceId,
        hlc: c.hlc,
        at: c.at,
      }));
      const r = await client.query<{ change_id: string; server_seq: string }>(
        `INSERT INTO banso.changes (change_id, scope, engagement_id, entity, entity_id, op_id, version, base_seq, fields, deleted, device_id, hlc, at)
         SELECT change_id, scope, engagement_id, entity, entity_id, op_id, version, base_seq, fields, deleted, device_id, hlc, at
           FROM jsonb_to_recordset($1::jsonb) AS x(change_id text, scope text, engagement_id text, entity text, entity_id text,
                op_id text, version integer, base_seq bigint, fields jsonb, deleted boolean, device_id text, hlc text, at text)
         ON CONFLICT (change_id) DO NOTHING
         RETURNING change_id, server_seq`,
        [JSON.stringify(batch)],
      );
      stored += r.rows.length;
      for (const row of r.rows) acknowledged.set(row.change_id, Number(row.server_seq));
    }
    const missing = changes.filter((c) => !acknowledged.has(c.changeId)).map((c) => c.changeId);
    if (missing.length > 0) {
      const r = await client.query<{ change_id: string; server_seq: string }>(
        'SELECT change_id, server_seq FROM banso.changes WHERE change_id = ANY($1::text[])',
        [missing],
      );
      for (const row of r.rows) acknowledged.set(row.change_id, Number(row.server_seq));
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return { stored, duplicates: changes.length - stored, acknowledged };
}

/** Changes after `since` that this role may read, in server order. */
export async function pullChanges(client: SqlClient, since: number, limit = 1000): Promise<PulledChange[]> {
  const r = await client.query<Record<string, unknown>>(
    `SELECT server_seq, change_id, scope, engagement_id, entity, entity_id, op_id, version, base_seq, fields, deleted,
            device_id, hlc, at, author
       FROM banso.changes WHERE server_seq > $1 ORDER BY server_seq LIMIT $2`,
    [since, limit],
  );
  return r.rows.map((x) => ({
    serverSeq: Number(x.server_seq),
    changeId: String(x.change_id),
    scope: x.scope as HubChange['scope'],
    engagementId: (x.engagement_id as string | null) ?? null,
    entity: String(x.entity),
    entityId: String(x.entity_id),
    opId: String(x.op_id),
    version: Number(x.version),
    baseSeq: x.base_seq === null ? null : Number(x.base_seq),
    fields: x.deleted ? null : (x.fields as Record<string, unknown>),
    deleted: x.deleted === true,
    deviceId: String(x.device_id),
    hlc: String(x.hlc),
    at: String(x.at),
    author: String(x.author),
  }));
}

/** Share an engagement with the team: this role becomes (one of) its advisors on the hub. */
export async function shareEngagement(client: SqlClient, engagementId: string, colleague?: string): Promise<void> {
  await client.query(
    'INSERT INTO banso.engagement_advisors (engagement_id, role_name) VALUES ($1, COALESCE($2, current_user)) ON CONFLICT DO NOTHING',
    [engagementId, colleague ?? null],
  );
}

/** Stop sharing: this role leaves the engagement. What was pushed stays on the hub for the other advisors. */
export async function unshareEngagement(client: SqlClient, engagementId: string): Promise<{ remainingAdvisors: number }> {
  await client.query('DELETE FROM banso.engagement_advisors WHERE engagement_id = $1 AND role_name = current_user', [engagementId]);
  const r = await client.query<{ n: string }>('SELECT count(*) AS n FROM banso.engagement_advisors WHERE engagement_id = $1', [engagementId]);
  return { remainingAdvisors: Number(r.rows[0]?.n ?? 0) };
}
