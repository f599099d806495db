import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('the core on a real SQLite file', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));

  it('creates the database in the data folder with WAL, synchronous=FULL and foreign keys', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const core = await createCore({ dataDir: path.join(dir, 'nested', 'data') });
    try {
      expect(fs.existsSync(path.join(dir, 'nested', 'data', 'banso.sqlite3'))).toBe(true);
      expect(core.ctx.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(core.ctx.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(core.ctx.db.pragma('foreign_keys', { simple: true })).toBe(1);
      const info = await core.call('app.info', {});
      expect(info.schemaVersion).toBe(core.ctx.schemaVersion);
      expect(info.dataDir).toBe(path.join(dir, 'nested', 'data'));
    } finally {
      core.close();
    }
  });

  it('round-trips settings through the contract and records the change in history', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    let core = await createCore({ dataDir: dir });
    await core.call('settings.update', { advisorName: '山田 花子', dateStyle: 'seireki' });
    core.close();
    core = await createCore({ dataDir: dir });
    try {
      expect(await core.call('settings.get', {})).toEqual({ advisorName: '山田 花子', organization: '', dateStyle: 'seireki' });
      const hist = core.ctx.db.prepare("SELECT field, old_value, new_value FROM history WHERE entity = 'settings' ORDER BY id").all();
      expect(hist).toEqual([
        { field: 'advisorName', old_value: '""', new_value: '"山田 花子"' },
        { field: 'dateStyle', old_value: '"wareki"', new_value: '"seireki"' },
      ]);
      expect(() => core.ctx.db.prepare('DELETE FROM history').run()).toThrow(/append-only/);
    } finally {
      core.close();
    }
  });

  it('rejects an invalid setting and changes nothing', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const core = await createCore({ dataDir: dir });
    try {
      const r = await core.invoke('settings.update', { advisorName: '佐藤', dateStyle: 'julian' });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', path: ['dateStyle'] } });
      expect(await core.call('settings.get', {})).toMatchObject({ advisorName: '', dateStyle: 'wareki' });
    } finally {
      core.close();
    }
  });
});
