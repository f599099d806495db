import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHash, dataChecksum } from '../../electron/core/bundles/hash.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { contract, METHOD_NAMES } from '../../shared/contract/index.ts';
import type { BundleEntity } from '../../shared/domain/bundle.ts';
import { ErrorCodeSchema, type Result } from '../../shared/errors.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { request } from '../helpers/http.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';
import { rng as mulberry32 } from '../helpers/prng.ts';

/**
 * Bad input everywhere: thousands of mutated files (fixed-seed PRNG, so a failure reproduces)
 * against the four importers — case CSV, case JSON, plan templates and hand-off bundles — through
 * the real dispatcher on a real SQLite file. For every input: no exception escapes, every failure
 * is a structured AppError value with a Japanese message and never 'internal' (an unexpected
 * exception), and a refused input leaves the database exactly as it was: not a row changed, not
 * even a write attempted and rolled back (sqlite's total_changes() is part of the fingerprint).
 * Accepted mutations (a changed character in a body is still a valid file) are imported as usual.
 */

// ------------------------------------------------------------------------------------------------
// A fixed-seed PRNG and mutations.


class Fuzz {
  readonly rnd: () => number;
  constructor(seed: number) {
    this.rnd = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

const enc = new TextEncoder();
/** あいう漢字 in Shift_JIS, a lone UTF-8 continuation byte, an invalid lead byte, a BOM, NUL. */
const GARBAGE: readonly number[][] = [
  [0x82, 0xa0, 0x82, 0xa2, 0x82, 0xa4, 0x8a, 0xbf, 0x8e, 0x9a],
  [0x80],
  [0xff, 0xfe],
  [0xc3],
  [0xef, 0xbb, 0xbf],
  [0x00],
  [0xed, 0xa0, 0x80], // an encoded surrogate: invalid UTF-8
];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** One random byte-level mutation (works on any file). */
function mutateBytes(f: Fuzz, src: Uint8Array): Uint8Array {
  const b = new Uint8Array(src);
  const at = f.int(b.length + 1);
  switch (f.int(8)) {
    case 0: {
      // flip bits in a few bytes
      for (let i = 0, n = 1 + f.int(4); i < n && b.length > 0; i++) b[f.int(b.length)]! ^= 1 << f.int(8);
      return b;
    }
    case 1:
      return b.subarray(0, f.int(b.length)); // truncated
    case 2:
    case 3: {
      // duplicate or remove a line
      const lines = Buffer.from(b).toString('latin1').split('\n');
      const i = f.int(lines.length);
      if (f.int(2) === 0) lines.splice(i, 0, lines[i]!);
      else lines.splice(i, 1);
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    case 4:
      return concat(b.subarray(0, at), Uint8Array.from(f.pick(GARBAGE)), b.subarray(at)); // invalid UTF-8 / Shift_JIS
    case 5:
      return concat(b.subarray(0, at), enc.encode('あ'.repeat(100_000 + f.int(200_000))), b.subarray(at)); // a huge string
    case 6: {
      const n = f.pick([100, 5_000, 100_000]);
      return concat(b.subarray(0, at), enc.encode('['.repeat(n) + ']'.repeat(n)), b.subarray(at)); // deep nesting
    }
    default: {
      // swap two random slices
      const x = f.int(b.length + 1);
      const [lo, hi] = at < x ? [at, x] : [x, at];
      return concat(b.subarray(hi), b.subarray(lo, hi), b.subarray(0, lo));
    }
  }
}

const WRONG_VALUES = (f: Fuzz): unknown[] => [
  null,
  0,
  -1,
  1e308,
  1.5,
  true,
  '',
  'x',
  '2026-02-30',
  'あ'.repeat(200_000),
  [],
  [1, 'a', null],
  {},
  { unexpected: 1 },
  nest(f.pick([50, 500, 3000])),
];

function nest(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Every (parent, key) of a JSON value, without recursion. */
function slots(root: unknown): { parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      v.forEach((c, i) => {
        out.push({ parent: v, key: i });
        stack.push(c);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        stack.push(c);
      }
    }
  }
  return out;
}

/** One random structural mutation of parsed JSON: a wrong type, a removed or an unknown key, a duplicated array item. */
function mutateJson(f: Fuzz, root: unknown): unknown {
  const copy = structuredClone(root);
  const all = slots(copy);
  if (all.length === 0) return f.pick(WRONG_VALUES(f));
  const { parent, key } = f.pick(all);
  const op = f.int(4);
  if (op === 0 || op === 1) {
    (parent as Record<string | number, unknown>)[key] = f.pick(WRONG_VALUES(f));
  } else if (op === 2) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (Array.isArray(parent)) {
    parent.splice(key as number, 0, structuredClone(parent[key as number]));
  } else {
    parent[`x${f.int(1000)}`] = f.pick(WRONG_VALUES(f));
  }
  return copy;
}

// ------------------------------------------------------------------------------------------------
// The database and the checks.

let core: Core;
let cleanup: () => void;
const base: { csv?: Uint8Array; json?: Uint8Array; sjis?: Uint8Array; template?: string; engagement?: string; library?: string } = {};

/**
 * Counts, newest stamps and the cases' text lengths and highest seq: equal before and after =
 * nothing was written. (Not SQLite's total_changes(): a case import is written as it is read and
 * rolled back when a row is rejected, and rolled-back changes count there although nothing stays.)
 */
function cheapFingerprint(): string {
  const tables = ['cases', 'clients', 'engagements', 'log_entries', 'plans', 'plan_templates'];
  const parts = [
    "SELECT total(length(title) + length(summary) + length(body) + length(tags)) || '/' || coalesce(max(seq), 0) || '/' || coalesce(max(created_at), '') FROM cases",
    ...tables.map((t) => `SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM ${t}`),
    ...['next_actions', 'engagement_cases', 'plan_answers', 'synonyms', 'seed_state', 'sync_state', 'sync_seen'].map((t) => `SELECT count(*) FROM ${t}`),
    'SELECT coalesce(max(id), 0) FROM history',
    "SELECT count(*) || '/' || coalesce(max(id), 0) || '/' || count(resolved_at) FROM conflicts",
  ];
  return parts.map((q) => String(core.ctx.db.prepare(q).pluck().get())).join('|');
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const stats = { inputs: 0, refused: 0, accepted: 0, codes: new Map<string, number>() };

/**
 * Run one input through the dispatcher. `refusedWhenOk` says when a successful answer still
 * means "nothing written" (a case file with rejected rows).
 */
async function attempt(method: string, input: unknown, refusedWhenOk: (v: never) => boolean = () => false, what = ''): Promise<Result<unknown>> {
  const before = cheapFingerprint();
  let r: Result<unknown>;
  try {
    r = await core.invoke(method, input);
  } catch (err) {
    throw new Error(`${method} threw instead of answering (${what}): ${String(err)}`);
  }
  stats.inputs++;
  if (!r.ok) {
    stats.refused++;
    stats.codes.set(r.error.code, (stats.codes.get(r.error.code) ?? 0) + 1);
    expect(ErrorCodeSchema.safeParse(r.error.code).success, what).toBe(true);
    expect(r.error.code, `${what}: ${r.error.message}`).not.toBe('internal');
    expect(r.error.message, what).toMatch(JAPANESE);
    expect(r.error.message.length, `${what}: ${r.error.message.slice(0, 300)}`).toBeLessThan(2000);
    if (r.error.path !== undefined) expect(Array.isArray(r.error.path), what).toBe(true);
    expect(cheapFingerprint(), `${what}: a refused input changed the database`).toBe(before);
    if (process.env.FUZZ_DEBUG) console.warn(what.split(' #')[0], r.error.code, r.error.message.slice(0, 60));
  } else if (refusedWhenOk(r.value as never)) {
    stats.refused++;
    expect(cheapFingerprint(), `${what}: a refused file changed the database`).toBe(before);
  } else {
    stats.accepted++;
    if (process.env.FUZZ_DEBUG) console.warn(what.split(' #')[0], 'ACCEPTED', JSON.stringify(r.value).slice(0, 80));
  }
  return r;
}

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

beforeAll(async () => {
  const t = tempDir('banso-fuzz-');
  cleanup = t.cleanup;
  core = await createCore({ dataDir: path.join(t.dir, 'data'), loadSeeds: false });
  const ids: string[] = [];
  for (const c of [
    { title: 'テレワーク拠点の整備', summary: '空き校舎を改修, 「引用」を含む', body: '1行目\n2行目 "quoted"\n3行目', prefecture: '徳島県', municipality: '神山町', fields: ['テレワーク・働き方'], technologies: ['光回線', 'VPN'], fiscalYear: 2021, outcomes: [{ label: '進出企業', value: '9', unit: '社' }], sources: [{ document: '総務省 事例集', section: 'p.12' }], tags: ['移住'] },
    { title: '遠隔医療の実証', summary: 'オンライン診療', prefecture: '長野県', fields: ['医療・介護・健康'], fiscalYear: 2023 },
    { title: 'キャッシュレス商店街', summary: '電子決済', prefecture: '全国', fields: ['キャッシュレス'] },
    { title: 'GIGAスクール', summary: '1人1台端末', prefecture: '北海道', fields: ['教育'], fiscalYear: 2020 },
    { title: '防災アプリ', summary: '避難情報', prefecture: '高知県', fields: ['防災'] },
  ]) {
    ids.push((await core.call('cases.create', c as never)).id);
  }
  base.csv = Buffer.from((await core.call('cases.export', { format: 'csv' })).contentBase64, 'base64');
  base.json = Buffer.from((await core.call('cases.export', { format: 'json' })).contentBase64, 'base64');
  base.sjis = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/cases/sjis.csv'));

  const template = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'seeds/templates/plan-a.json'), 'utf8')) as Record<string, unknown>;
  base.template = JSON.stringify({ ...template, id: 'fuzz-a', name: '検査用テンプレート' }, null, 2);
  await core.call('templates.import', { json: base.template, onConflict: 'replace' });

  const client = await addClient(core, { name: '検査町', contacts: [{ name: '担当 一郎', role: '企画課', email: 'a@example.jp', phone: '' }] });
  const e = await addEngagement(core, { clientId: client.id, program: 'plan-a', startDate: '2026-04-01' });
  await core.call('engagements.attachCase', { id: e.id, caseId: ids[0]! });
  await addLog(core, { engagementId: e.id, notes: 'メモ', nextActions: [{ task: '資料送付', due: '2026-05-01' }] });
  await addLog(core, { engagementId: e.id, date: '2026-05-10', mode: 'phone', minutes: 15 });
  await core.call('plan.create', { engagementId: e.id });
  await core.call('plan.answer', { engagementId: e.id, questionId: 'region-overview', value: '中山間地域' });
  await core.call('plan.answer', { engagementId: e.id, questionId: 'issues', value: [{ id: 'r1', cells: { title: '窓口', importance: '3', urgency: '2' } }] });
  base.engagement = Buffer.from((await core.call('bundle.export', { engagementId: e.id })).contentBase64, 'base64').toString('utf8');
  base.library = Buffer.from((await core.call('bundle.export', { library: true })).contentBase64, 'base64').toString('utf8');
});

afterAll(() => {
  core?.close();
  cleanup();
});

/** Re-sign a mutated bundle (record hashes and checksum) so the mutation reaches the checks behind them. */
function resign(b: unknown): unknown {
  if (!b || typeof b !== 'object') return b;
  const bundle = b as { data?: Record<string, unknown>; checksum?: unknown };
  const data = bundle.data;
  if (!data || typeof data !== 'object') return b;
  const sign = (entity: BundleEntity, r: unknown) => {
    if (r && typeof r === 'object' && 'record' in r && r.record && typeof r.record === 'object') {
      try {
        (r as unknown as { hash: string }).hash = recordHash(entity, r.record);
      } catch {
        /* too deep to hash here; the importer refuses it before hashing */
      }
    }
  };
  const each = (key: string, entity: BundleEntity) => (Array.isArray(data[key]) ? (data[key] as unknown[]).forEach((r) => sign(entity, r)) : sign(entity, data[key]));
  each('client', 'client');
  each('engagement', 'engagement');
  each('log', 'logEntry');
  each('plan', 'plan');
  each('answers', 'planAnswer');
  each('cases', 'case');
  each('synonyms', 'synonyms');
  try {
    bundle.checksum = dataChecksum(data);
  } catch {
    /* idem */
  }
  return b;
}

describe('fuzzing the importers (fixed seed)', () => {
  it('case CSV: 900 mutated files (UTF-8 with BOM and Shift_JIS)', async () => {
    const f = new Fuzz(0xca5e);
    for (let i = 0; i < 900; i++) {
      const src = i % 6 === 5 ? base.sjis! : base.csv!;
      let bytes = mutateBytes(f, src);
      if (f.int(4) === 0) bytes = mutateBytes(f, bytes);
      await attempt('cases.import', { format: 'csv', contentBase64: b64(bytes) }, (v: { written: boolean }) => !v.written, `csv #${i}`);
    }
  });

  it('case JSON: 700 mutated files (bytes and structure)', async () => {
    const f = new Fuzz(0x150);
    const parsed = JSON.parse(Buffer.from(base.json!).toString('utf8')) as unknown;
    for (let i = 0; i < 700; i++) {
      const bytes = i % 2 === 0 ? mutateBytes(f, base.json!) : enc.encode(JSON.stringify(mutateJson(f, parsed)));
      await attempt('cases.import', { format: 'json', contentBase64: b64(bytes) }, (v: { written: boolean }) => !v.written, `json #${i}`);
    }
  });

  it('templates: 500 mutated files through templates.validate (never writes) and templates.import', async () => {
    const f = new Fuzz(0x7e3);
    const parsed = JSON.parse(base.template!) as unknown;
    for (let i = 0; i < 500; i++) {
      const text = i % 2 === 0 ? new TextDecoder().decode(mutateBytes(f, enc.encode(base.template!))) : JSON.stringify(mutateJson(f, parsed));
      const v = await attempt('templates.validate', { json: text }, () => true, `template validate #${i}`);
      const valid = v.ok && (v.value as { errors: unknown[] }).errors.length === 0;
      const r = await attempt('templates.import', { json: text, onConflict: 'replace' }, () => false, `template import #${i}`);
      // validate and import agree on what a valid template is (a valid one may still take a built-in's id).
      if (valid) expect(r.ok || r.error.code === 'conflict', `template #${i}`).toBe(true);
      else expect(r.ok, `template #${i}`).toBe(false);
    }
  });

  it('bundles: 1,000 mutated engagement and library bundles (bytes, structure, and structure re-signed)', async () => {
    const f = new Fuzz(0xb0d1e);
    const eng = JSON.parse(base.engagement!) as unknown;
    const lib = JSON.parse(base.library!) as unknown;
    for (let i = 0; i < 1000; i++) {
      const src = i % 4 === 3 ? { text: base.library!, parsed: lib } : { text: base.engagement!, parsed: eng };
      const mode = i % 3;
      const input =
        mode === 0
          ? { contentBase64: b64(mutateBytes(f, enc.encode(src.text))) }
          : { text: JSON.stringify(mode === 1 ? mutateJson(f, src.parsed) : resign(mutateJson(f, src.parsed))) };
      await attempt('bundle.import', input, () => false, `bundle #${i} (mode ${mode})`);
    }
    // The unmutated files still import cleanly afterwards, and the database is sound.
    expect((await core.call('bundle.import', { text: base.engagement! })).conflicts).toBe(0);
    expect(core.ctx.db.pragma('foreign_key_check')).toEqual([]);
    expect(core.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('covered thousands of inputs, most of them refused for a reason', () => {
    expect(stats.inputs).toBeGreaterThan(3000);
    expect(stats.refused).toBeGreaterThan(1500);
    expect(stats.accepted).toBeGreaterThan(50);
    expect([...stats.codes.keys()].every((c) => c !== 'internal')).toBe(true);
  });
});

describe('every method refuses input that fails its schema with a structured error', () => {
  const BAD: unknown[] = [42, 'x', [1, 2], true, nest(5_000)];

  it('in the core (what IPC and HTTP both call): invalid_input with a Japanese message, nothing written', async () => {
    const fp = fingerprint(core.ctx.db);
    for (const m of METHOD_NAMES) {
      for (const input of BAD) {
        const r = await core.invoke(m, input);
        expect(r.ok, m).toBe(false);
        if (!r.ok) {
          expect(r.error.code, `${m}: ${r.error.message}`).toBe('invalid_input');
          expect(r.error.message, m).toMatch(JAPANESE);
        }
      }
      // Strict objects refuse an unknown key instead of ignoring it.
      const strict = contract[m].input.safeParse({ __unknown_key__: 1 });
      if (!strict.success) {
        const r = await core.invoke(m, { __unknown_key__: 1 });
        expect(r.ok, m).toBe(false);
        if (!r.ok) expect(r.error.code, m).toBe('invalid_input');
      }
    }
    expect(fingerprint(core.ctx.db)).toEqual(fp);
  });

  describe('over HTTP (browser mode)', () => {
    let host: WebHost;
    let staticDir: string;
    beforeAll(async () => {
      staticDir = path.join(core.ctx.dataDir, '..', 'static');
      fs.mkdirSync(staticDir, { recursive: true });
      fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
      host = await startWebHost({ invoke: core.invoke, staticDir });
    });
    afterAll(async () => {
      await host.close();
    });

    it('answers 400 with {ok:false, error:{code, message, path}} for every method, and for bundle fields', async () => {
      const fp = fingerprint(core.ctx.db);
      const headers = { 'content-type': 'application/json', 'x-banso-secret': host.secret };
      for (const m of METHOD_NAMES) {
        const r = await request(host.port, { method: 'POST', path: '/api/invoke', headers, body: JSON.stringify({ method: m, input: 42 }) });
        expect(r.status, m).toBe(400);
        const body = JSON.parse(r.body) as { ok: boolean; error: { code: string; message: string } };
        expect(body, m).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        expect(body.error.message, m).toMatch(JAPANESE);
      }
      const cases: [unknown, (string | number)[]][] = [
        [{ contentBase64: 12 }, ['contentBase64']],
        [{ text: 'x', contentBase64: 'eA==' }, []],
        [{ text: '{"format":"banso-bundle","version":1,"kind":"library","data":{}}' }, ['exportedAt']],
      ];
      for (const [input, p] of cases) {
        const r = await request(host.port, { method: 'POST', path: '/api/invoke', headers, body: JSON.stringify({ method: 'bundle.import', input }) });
        expect(r.status).toBe(400);
        const body = JSON.parse(r.body) as { error: { code: string; path?: unknown[] } };
        expect(body.error.code).toBe('invalid_input');
        expect(body.error.path ?? []).toEqual(p);
      }
      const conflict = await request(host.port, { method: 'POST', path: '/api/invoke', headers, body: JSON.stringify({ method: 'conflicts.resolve', input: { id: 1, keep: 'both' } }) });
      expect(JSON.parse(conflict.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', path: ['keep'], message: expect.stringMatching(/mine \/ theirs/) } });
      expect(fingerprint(core.ctx.db)).toEqual(fp);
    });
  });
});
