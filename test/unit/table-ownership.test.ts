import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/tmp.ts';

/**
 * Repos own their tables: only the files of a table's feature (electron/core/<feature>/) write SQL
 * that names it. Schema files (migrations) name every table. The write path (electron/core/data/)
 * reaches record tables only through entity definitions, never by name.
 */
const OWNER: Record<string, string> = {
  cases: 'cases',
  cases_tri: 'cases',
  cases_bi: 'cases',
  synonyms: 'cases',
  seed_state: 'cases',
  clients: 'engagements',
  engagements: 'engagements',
  log_entries: 'engagements',
  next_actions: 'engagements',
  engagement_cases: 'engagements',
  plans: 'plans',
  plan_answers: 'plans',
  plan_templates: 'plans',
  sync_state: 'bundles',
  sync_seen: 'bundles',
  conflicts: 'bundles',
  bundle_ledger: 'bundles',
  history: 'data',
  changes: 'data',
  meta: 'data',
  derived: 'data',
  settings: 'settings',
};

/**
 * Known places that still query another feature's table (issue 13, not yet moved into the
 * owner's repo). This list may only shrink: a new entry fails review, a stale one fails here.
 */
const KNOWN: readonly string[] = [
  'bundles/records.ts → plans',
  'bundles/records.ts → plan_answers',
  'bundles/records.ts → history',
  'bundles/records.ts → cases',
  'bundles/service.ts → next_actions',
  'engagements/service.ts → plans',
  'engagements/repo.ts → cases',
  'plans/service.ts → engagements',
  'plans/service.ts → history',
  'plans/service.ts → cases',
  // Merged beside issue 13 (plan documents, attached cases): to move into the owners' repos too.
  'docs/store.ts → history',
  'docs/store.ts → plans',
  'plans/service.ts → engagement_cases',
];

const SQL_TABLE = /\b(?:FROM|INTO|UPDATE|JOIN|TABLE)\s+"?([a-z_][a-z0-9_]*)"?/gi;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

/** "feature/file.ts → table" for every SQL string literal naming a table outside its owner's folder. */
export function violations(root: string): string[] {
  const out = new Set<string>();
  for (const file of files(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const feature = rel.split('/')[0]!;
    if (feature === 'db') continue; // migrations and the open/check code see the whole schema
    if (feature === 'backup') continue; // integrity checks and facts about the whole file
    // The global search is a derived index over every feature's records: it may read them (SELECT
    // only); its index is kept current by triggers in its migration, never by writes from here.
    const readOnly = feature === 'search';
    const text = fs.readFileSync(file, 'utf8');
    // SQL lives in string literals: '…', "…" and `…`.
    for (const lit of text.match(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g) ?? []) {
      if (!/\b(SELECT|INSERT|UPDATE|DELETE|CREATE)\b/.test(lit)) continue;
      const writes = /\b(INSERT|UPDATE|DELETE|CREATE|REPLACE)\b/.test(lit);
      for (const m of lit.matchAll(SQL_TABLE)) {
        const table = m[1]!.toLowerCase();
        const owner = OWNER[table];
        if (owner === undefined || owner === feature) continue;
        if (readOnly && !writes) continue;
        out.add(`${rel} → ${table}`);
      }
    }
  }
  return [...out].sort();
}

describe('repos own their tables', () => {
  const core = path.join(REPO_ROOT, 'electron/core');

  it('no file writes SQL on another feature’s table beyond the known, shrinking list', () => {
    const found = violations(core).map((v) => v.replace(/^([a-z-]+)\/.*?([^/]+\.ts) →/, '$1/$2 →'));
    expect(found.filter((v) => !KNOWN.includes(v)), 'SQL on another feature’s table: move it into the owner’s repo').toEqual([]);
    expect(KNOWN.filter((k) => !found.includes(k)), 'no longer needed: remove from KNOWN').toEqual([]);
  });

  it('the rule fires on a file that queries another feature’s table', () => {
    const tmp = fs.mkdtempSync(path.join(REPO_ROOT, 'test', '.tmp-owners-'));
    try {
      fs.mkdirSync(path.join(tmp, 'cases'));
      fs.writeFileSync(path.join(tmp, 'cases', 'x.ts'), "db.prepare('SELECT * FROM plans WHERE engagement_id = ?');\ndb.prepare('SELECT * FROM cases');\n");
      expect(violations(tmp)).toEqual(['cases/x.ts → plans']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
