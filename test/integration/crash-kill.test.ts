import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDirFor, listBackups, verifyBackupFile } from '../../electron/core/backup/files.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { createCore } from '../../electron/core/index.ts';
import { addCases } from '../helpers/cases.ts';
import { addClient, addEngagement } from '../helpers/engagements.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';
import { rng as prng } from '../helpers/prng.ts';

/**
 * Crash durability: a child process (fixtures/crash-writer.ts) commits log entries and case edits
 * through the core's services and reports each commit; it is SIGKILLed at a random moment, KILLS times in a row on the same
 * database. After every kill the database opens without recovery, passes integrity_check and
 * holds every reported commit, each one whole (an entry's next actions belong to it).
 * The moments come from a seeded PRNG: CRASH_SEED=… reproduces a run (the seed is printed).
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 50);
const SEED = Number(process.env.CRASH_SEED ?? 20260401);


interface Run {
  logs: { id: string; k: number }[];
  cases: number[];
  ready: boolean;
  signal: NodeJS.Signals | null;
  stderr: string;
}

interface Writer {
  /** Resolves when the child has loaded its modules and waits for "go". */
  loaded: Promise<void>;
  /**
   * Let it open the database and write; kill it `delayMs` after it is ready (or, with
   * `beforeReady`, `delayMs` after "go": a kill while it opens the database, checks it and writes
   * its start backup).
   */
  go(run: number, delayMs: number, beforeReady: boolean, withBackup: boolean): Promise<Run>;
}

const live = new Set<ReturnType<typeof spawn>>();

function spawnWriter(dataDir: string, engagementId: string, caseId: string, cacheDir: string): Writer {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test/integration/fixtures/crash-writer.ts'), dataDir, engagementId, caseId], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    // The compile cache makes the 50 starts cheaper; it changes nothing in what the child does.
    env: { ...process.env, NODE_COMPILE_CACHE: cacheDir },
  });
  child.stdin.on('error', () => {}); // a child that died early: its exit is reported below
  live.add(child);
  child.on('exit', () => live.delete(child));
  const r: Run = { logs: [], cases: [], ready: false, signal: null, stderr: '' };
  let onLoaded: () => void = () => {};
  let onReady: () => void = () => {};
  const loaded = new Promise<void>((resolve) => (onLoaded = resolve));
  const exited = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      r.signal = signal;
      onLoaded();
      resolve(r);
    });
  });
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line === 'loaded') onLoaded();
      else if (line === 'ready') {
        r.ready = true;
        onReady();
      } else {
        const m = /^log (\S+) (\d+)$/.exec(line);
        if (m) r.logs.push({ id: m[1]!, k: Number(m[2]) });
        const c = /^case (\d+)$/.exec(line);
        if (c) r.cases.push(Number(c[1]));
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (r.stderr += d.toString()));
  return {
    loaded,
    go(run, delayMs, beforeReady, withBackup) {
      const kill = () => setTimeout(() => child.kill('SIGKILL'), delayMs);
      if (beforeReady) kill();
      else onReady = kill;
      child.stdin.write(`go ${run}${withBackup ? ' backup' : ''}\n`);
      return exited;
    },
  };
}

const t = tempDir('banso-crash-');
afterAll(() => {
  for (const c of live) c.kill('SIGKILL');
  t.cleanup();
});

describe('crash durability (SIGKILL at random moments)', () => {
  it(`keeps every reported commit whole through ${KILLS} kills, and the database stays intact`, { timeout: 120_000 }, async () => {
    process.stderr.write(`crash-kill: seed ${SEED}, ${KILLS} kills (CRASH_SEED / CRASH_KILLS to change)\n`);
    const dataDir = path.join(t.dir, 'data');
    const core = await createCore({ dataDir, loadSeeds: false });
    const client = await addClient(core);
    const eng = await addEngagement(core, { clientId: client.id });
    const [caseId] = await addCases(core, [{ title: '事例', summary: 'r0 k0', body: '本文', prefecture: '長野県', fields: ['教育'] }]);
    core.close();

    const random = prng(SEED);
    const reported = new Map<string, number>(); // entry id → k
    const runOf = new Map<string, number>();
    let lastCase: [number, number] = [0, 0];
    let kills = 0;
    let commits = 0;
    let duringOpen = 0;
    const cacheDir = path.join(t.dir, 'compile-cache');
    const pending: Writer[] = [];
    let spawned = 0;
    const timing = { wait: 0, run: 0, check: 0 };
    for (let run = 1; run <= KILLS; run++) {
      // One kill in eight lands while the child opens the database (or writes its start backup); the rest while it commits.
      const beforeReady = random() < 0.125;
      const delay = beforeReady ? Math.floor(random() * 40) : Math.floor(random() * 150);
      // One start in three writes a start backup first (so kills also land in backups).
      const withBackup = random() < 1 / 3;
      const t0 = performance.now();
      // The next children load their modules while this one writes (they open nothing before "go").
      while (pending.length < 2 && spawned < KILLS) {
        pending.push(spawnWriter(dataDir, eng.id, caseId!, cacheDir));
        spawned++;
      }
      const writer = pending.shift()!;
      await writer.loaded;
      const t1 = performance.now();
      const r = await writer.go(run, delay, beforeReady, withBackup);
      const t2 = performance.now();
      timing.wait += t1 - t0;
      timing.run += t2 - t1;
      expect(r.signal, r.stderr).toBe('SIGKILL');
      kills++;
      if (!r.ready) duringOpen++;
      for (const l of r.logs) {
        reported.set(l.id, l.k);
        runOf.set(l.id, run);
      }
      commits += r.logs.length + r.cases.length;
      if (r.cases.length > 0) lastCase = [run, r.cases.at(-1)!];

      const o = await openDatabase(dataDir);
      try {
        expect(o.recovery, `run ${run}: the start-up check found damage`).toBeNull();
        expect(o.db.pragma('integrity_check', { simple: true }), `run ${run}`).toBe('ok');
        expect(o.db.pragma('foreign_key_check'), `run ${run}`).toEqual([]);
        const rows = o.db.prepare('SELECT id, notes, minutes FROM log_entries').all() as { id: string; notes: string; minutes: number }[];
        const byId = new Map(rows.map((x) => [x.id, x]));
        const missing = [...reported.keys()].filter((id) => !byId.has(id));
        expect(missing, `run ${run}: reported log entries missing`).toEqual([]);
        // Every stored entry is whole: its notes, minutes and next actions come from one commit.
        const actions = new Map(
          (o.db.prepare('SELECT log_entry_id AS id, count(*) AS n FROM next_actions GROUP BY log_entry_id').all() as { id: string; n: number }[]).map((x) => [x.id, x.n]),
        );
        for (const e of rows) {
          const k = Number(/k(\d+)$/.exec(e.notes)?.[1]);
          expect(e.minutes, `entry ${e.id}`).toBe((k % 600) + 1);
          expect(actions.get(e.id) ?? 0, `entry ${e.id} next actions`).toBe(k % 3);
          if (reported.has(e.id)) expect(e.notes).toBe(`r${runOf.get(e.id)} k${reported.get(e.id)}`);
        }
        // The case holds its last reported edit, or a later one committed just before the kill.
        const summary = (o.db.prepare('SELECT summary FROM cases WHERE id = ?').get(caseId) as { summary: string }).summary;
        const m = /^r(\d+) k(\d+)$/.exec(summary);
        expect(m, summary).not.toBeNull();
        const stored: [number, number] = [Number(m![1]), Number(m![2])];
        expect(stored[0] > lastCase[0] || (stored[0] === lastCase[0] && stored[1] >= lastCase[1]), `case ${summary} is older than the reported r${lastCase[0]} k${lastCase[1]}`).toBe(true);
        expect(stored[0]).toBeLessThanOrEqual(run);
      } finally {
        o.db.close();
      }
      timing.check += performance.now() - t2;
    }
    process.stderr.write(`crash-kill: ${kills} kills (${duringOpen} while opening), ${commits} reported commits, all present (ms: waiting for a child ${Math.round(timing.wait)}, running ${Math.round(timing.run)}, checking ${Math.round(timing.check)})\n`);
    expect(kills).toBe(KILLS);
    // Children were also killed while writing their start backup: a backup that is listed is always whole.
    const backups = listBackups(backupDirFor(dataDir));
    expect(backups.length).toBeGreaterThan(0);
    for (const b of backups) expect(verifyBackupFile(path.join(backupDirFor(dataDir), b.name)), b.name).toMatchObject({ ok: true });
    expect(commits).toBeGreaterThan(KILLS); // the kills really landed among commits
    // The database keeps working after all this.
    const after = await createCore({ dataDir, loadSeeds: false });
    try {
      expect((await after.call('log.list', { engagementId: eng.id })).items.length).toBeGreaterThanOrEqual(reported.size);
      await after.call('cases.update', { id: caseId!, patch: { summary: 'after the crashes' } });
      expect((await after.call('cases.get', { id: caseId! })).summary).toBe('after the crashes');
    } finally {
      after.close();
    }
  });
});
