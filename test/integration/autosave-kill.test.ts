import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** Run the autosave child until it has printed `killAfter` saves, then SIGKILL it. Returns the printed save numbers. */
function runAndKill(args: string[], killAfter: number): Promise<{ saved: number[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test/helpers/autosave-child.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const saved: number[] = [];
    let buf = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const m = /^saved (\d+)$/.exec(line);
        if (m) saved.push(Number(m[1]));
      }
      if (!killed && saved.length >= killAfter) {
        killed = true;
        child.kill('SIGKILL'); // mid-stream: the child is writing the next update right now
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ saved, signal, stderr }));
  });
}

describe('autosave survives a killed process', () => {
  it('keeps every save that was reported before SIGKILL, and the database stays intact', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    let core = await createCore({ dataDir: t.dir, loadSeeds: false });
    const c = await addClient(core);
    const e = await addEngagement(core, { clientId: c.id });
    const l = (await addLog(core, { engagementId: e.id })).entry;
    core.close();

    const { saved, signal, stderr } = await runAndKill([t.dir, c.id, e.id, l.id, '100000'], 150);
    expect(signal, stderr).toBe('SIGKILL');
    expect(saved.length).toBeGreaterThanOrEqual(150);
    expect(saved).toEqual(saved.map((_, i) => i + 1)); // in order, none skipped

    core = await createCore({ dataDir: t.dir, loadSeeds: false });
    try {
      const db = core.ctx.db;
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // Every reported save is in the history (one row per changed field) …
      const hist = new Set(
        (db.prepare("SELECT new_value FROM history WHERE field = 'notes'").all() as { new_value: string }[]).map((r) => JSON.parse(r.new_value) as string),
      );
      const label = (k: number) => (k % 3 === 0 ? `client ${k}` : k % 3 === 1 ? `engagement ${k}` : `entry ${k}`);
      const missing = saved.filter((k) => !hist.has(label(k)));
      expect(missing).toEqual([]);
      // … and each record holds its last reported value, or a later one committed just before the kill.
      const last = saved.at(-1)!;
      const lastOf = (r: number) => Math.max(...saved.filter((k) => k % 3 === r));
      const num = (s: string) => Number(s.split(' ')[1]);
      const client = await core.call('clients.get', { id: c.id });
      const eng = await core.call('engagements.get', { id: e.id });
      const entry = await core.call('log.get', { id: l.id });
      expect(num(client.notes)).toBeGreaterThanOrEqual(lastOf(0));
      expect(num(eng.notes)).toBeGreaterThanOrEqual(lastOf(1));
      expect(num(entry.notes)).toBeGreaterThanOrEqual(lastOf(2));
      for (const v of [client.notes, eng.notes, entry.notes]) expect(num(v)).toBeLessThanOrEqual(last + 3);
      // A save is all or nothing: the entry's minutes belong to the same update as its notes.
      expect(entry.minutes).toBe((num(entry.notes) % 1440) + 1);
      // The database keeps working after the crash.
      await core.call('clients.update', { id: c.id, patch: { notes: 'after crash' } });
      expect((await core.call('clients.get', { id: c.id })).notes).toBe('after crash');
    } finally {
      core.close();
    }
  });
});
