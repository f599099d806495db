/**
 * The team hub's schema on PostgreSQL, numbered like the local migrations and self-contained: each
 * version is plain SQL, run once in its own transaction, recorded in banso.hub_meta.
 *
 * Who sees what is decided by the server, with row-level security on the one change table:
 * - scope 'library' (the case library and its synonyms): every member of the team reads and writes;
 * - scope 'engagement' (an engagement shared with the team, its log and plan): its advisors and the team lead;
 * - scope 'private' (contacts and internal notes of a shared engagement): only its advisors, not the lead.
 * Advisors connect as their own PostgreSQL role (a member of the group role banso_team); the rows say who
 * wrote them (author = current_user, checked by the policy), so nobody can push in another's name.
 */
export interface HubMigration {
  version: number;
  name: string;
  sql: string;
}

export const HUB_MIGRATIONS: readonly HubMigration[] = [
  {
    version: 1,
    name: 'changes, members, engagement advisors, row-level security',
    sql: `
CREATE TABLE banso.members (
  role_name    text PRIMARY KEY,
  display_name text NOT NULL DEFAULT '',
  is_lead      boolean NOT NULL DEFAULT false
);
CREATE TABLE banso.engagement_advisors (
  engagement_id text NOT NULL,
  role_name     text NOT NULL REFERENCES banso.members(role_name) ON DELETE CASCADE,
  added_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (engagement_id, role_name)
);
CREATE TABLE banso.changes (
  server_seq    bigserial PRIMARY KEY,
  change_id     text NOT NULL UNIQUE,
  scope         text NOT NULL CHECK (scope IN ('library', 'engagement', 'private')),
  engagement_id text,
  entity        text NOT NULL,
  entity_id     text NOT NULL,
  op_id         text NOT NULL,
  version       integer NOT NULL,
  base_seq      bigint,
  fields        jsonb NOT NULL,
  deleted       boolean NOT NULL DEFAULT false,
  device_id     text NOT NULL,
  hlc           text NOT NULL,
  at            text NOT NULL,
  author        text NOT NULL DEFAULT current_user,
  received_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((scope = 'library') = (engagement_id IS NULL))
);
CREATE INDEX changes_record ON banso.changes (entity, entity_id, server_seq);
CREATE INDEX changes_engagement ON banso.changes (engagement_id, server_seq) WHERE engagement_id IS NOT NULL;

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'banso_team') THEN CREATE ROLE banso_team NOLOGIN; END IF;
END $$;
GRANT USAGE ON SCHEMA banso TO banso_team;
GRANT SELECT ON banso.members, banso.hub_meta TO banso_team;
GRANT SELECT, INSERT, DELETE ON banso.engagement_advisors TO banso_team;
GRANT SELECT, INSERT ON banso.changes TO banso_team;
GRANT USAGE ON SEQUENCE banso.changes_server_seq_seq TO banso_team;

CREATE FUNCTION banso.is_member() RETURNS boolean LANGUAGE sql STABLE AS
  $f$ SELECT EXISTS (SELECT 1 FROM banso.members WHERE role_name = current_user) $f$;
CREATE FUNCTION banso.is_lead() RETURNS boolean LANGUAGE sql STABLE AS
  $f$ SELECT EXISTS (SELECT 1 FROM banso.members WHERE role_name = current_user AND is_lead) $f$;
CREATE FUNCTION banso.advises(eid text) RETURNS boolean LANGUAGE sql STABLE AS
  $f$ SELECT EXISTS (SELECT 1 FROM banso.engagement_advisors WHERE engagement_id = eid AND role_name = current_user) $f$;
-- Inside a policy on engagement_advisors a subquery on the same table would recurse; this one runs as the
-- table's owner (search_path pinned) and answers only "has this engagement any advisor yet".
CREATE FUNCTION banso.has_advisors(eid text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS
  $f$ SELECT EXISTS (SELECT 1 FROM banso.engagement_advisors WHERE engagement_id = eid) $f$;

ALTER TABLE banso.changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY changes_read ON banso.changes FOR SELECT TO banso_team USING (
  (scope = 'library' AND banso.is_member())
  OR (scope = 'engagement' AND (banso.advises(engagement_id) OR banso.is_lead()))
  OR (scope = 'private' AND banso.advises(engagement_id))
);
CREATE POLICY changes_write ON banso.changes FOR INSERT TO banso_team WITH CHECK (
  author = current_user AND (
    (scope = 'library' AND banso.is_member())
    OR (scope = 'engagement' AND (banso.advises(engagement_id) OR banso.is_lead()))
    OR (scope = 'private' AND banso.advises(engagement_id))
  )
);

ALTER TABLE banso.engagement_advisors ENABLE ROW LEVEL SECURITY;
CREATE POLICY advisors_read ON banso.engagement_advisors FOR SELECT TO banso_team USING (banso.is_member());
-- Sharing an engagement: the first advisor claims it; afterwards its advisors or the lead add colleagues.
CREATE POLICY advisors_add ON banso.engagement_advisors FOR INSERT TO banso_team WITH CHECK (
  banso.is_member() AND (
    (role_name = current_user AND NOT banso.has_advisors(engagement_id))
    OR banso.advises(engagement_id) OR banso.is_lead()
  )
);
-- Un-sharing: an advisor leaves (their own row); the lead may remove anyone.
CREATE POLICY advisors_leave ON banso.engagement_advisors FOR DELETE TO banso_team USING (
  role_name = current_user OR banso.is_lead()
);
`,
  },
];

export const HUB_SCHEMA_VERSION = HUB_MIGRATIONS.length;

/** What a client needs of a PostgreSQL connection (pg's Client fits). */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/**
 * Create or bring the hub schema up to date. Run by the hub's owner (an administrator role), never by an
 * advisor. Each version commits alone; a failure rolls back that version only and says which.
 */
export async function migrateHub(admin: SqlClient): Promise<{ from: number; to: number }> {
  await admin.query('CREATE SCHEMA IF NOT EXISTS banso');
  await admin.query('CREATE TABLE IF NOT EXISTS banso.hub_meta (key text PRIMARY KEY, value text NOT NULL)');
  const cur = await admin.query<{ value: string }>("SELECT value FROM banso.hub_meta WHERE key = 'schema_version'");
  const from = cur.rows[0] ? Number(cur.rows[0].value) : 0;
  if (from > HUB_SCHEMA_VERSION) {
    throw new Error(`この同期ハブのスキーマ (v${from}) は、このアプリ (v${HUB_SCHEMA_VERSION}) より新しいため使えません。アプリを更新してください。`);
  }
  for (const m of HUB_MIGRATIONS) {
    if (m.version <= from) continue;
    await admin.query('BEGIN');
    try {
      await admin.query(m.sql);
      await admin.query(
        "INSERT INTO banso.hub_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        [String(m.version)],
      );
      await admin.query('COMMIT');
    } catch (err) {
      await admin.query('ROLLBACK');
      throw new Error(`同期ハブのスキーマ v${m.version}（${m.name}）を適用できませんでした: ${(err as Error).message}`);
    }
  }
  return { from, to: HUB_SCHEMA_VERSION };
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Add an advisor: a login role of their own in the team group, and a row in members. Admin only. */
export async function addAdvisor(
  admin: SqlClient,
  a: { role: string; password: string; displayName?: string; lead?: boolean },
): Promise<void> {
  if (!ROLE_NAME.test(a.role)) throw new Error(`ロール名は英小文字・数字・_ で指定してください: 「${a.role.slice(0, 40)}」`);
  const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [a.role]);
  // Role names are checked above; a password goes through format('%L') on the server, never into this string.
  const fmt = await admin.query<{ sql: string }>(
    exists.rowCount ? "SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS sql" : "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS sql",
    [a.role, a.password],
  );
  await admin.query(fmt.rows[0]!.sql);
  await admin.query(`GRANT banso_team TO "${a.role}"`);
  await admin.query(
    'INSERT INTO banso.members (role_name, display_name, is_lead) VALUES ($1, $2, $3) ON CONFLICT (role_name) DO UPDATE SET display_name = EXCLUDED.display_name, is_lead = EXCLUDED.is_lead',
    [a.role, a.displayName ?? a.role, a.lead ?? false],
  );
}
