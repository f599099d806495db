import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { casesToCsv } from '../../electron/core/cases/codec.ts';
import { BULK_ROWS } from '../../electron/core/db/wal.ts';
import { createCore } from '../../electron/core/index.ts';
import { generateCases } from '../bench/gen-cases.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('the write-ahead log after a bulk write', () => {
  it('is folded into the database and truncated after a large import, and left alone after a small one', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const core = await createCore({ dataDir: t.dir, loadSeeds: false });
    cleanups.unshift(() => core.close());
    const wal = path.join(t.dir, 'banso.sqlite3-wal');
    const csv = (n: number, seed: number) => Buffer.from(casesToCsv(generateCases(n, seed).map((c) => ({ ...c, id: crypto.randomUUID() })))).toString('base64');

    await core.call('cases.import', { format: 'csv', contentBase64: csv(20, 1) });
    expect(fs.statSync(wal).size).toBeGreaterThan(0);

    const r = await core.call('cases.import', { format: 'csv', contentBase64: csv(BULK_ROWS + 50, 2) });
    expect(r.imported).toBe(BULK_ROWS + 50);
    expect(fs.statSync(wal).size).toBe(0);
    expect((await core.call('cases.search', { query: '' })).total).toBe(BULK_ROWS + 70);
  });
});
