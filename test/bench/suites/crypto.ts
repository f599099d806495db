import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enableEncryption } from '../../../electron/core/crypto/folder.ts';
import { setFolderKey } from '../../../electron/core/crypto/keyring.ts';
import { createCore, type Core } from '../../../electron/core/index.ts';
import { percentile, type BenchSuite } from '../harness.ts';
import { growLibrary } from '../library.ts';
import { N_CASES, QUERY_CLASSES } from './cases.ts';

const PASS = 'bench のパスフレーズ';
const ROUNDS = 5;
const NO_FILTERS = { prefectures: [], fields: [], technologies: [], programs: [], yearFrom: null, yearTo: null };

async function search(core: Core, q: { query: string; filters?: object }): Promise<number> {
  const t = performance.now();
  const r = await core.invoke('cases.search', { query: q.query, filters: { ...NO_FILTERS, ...q.filters }, sort: 'relevance', offset: 0, limit: 100 });
  const ms = performance.now() - t;
  if (!r.ok) throw new Error(`cases.search ${q.query}: ${r.error.code}`);
  return ms;
}

/**
 * Search on an encrypted library against the same library plain, side by side in one run: one
 * library of N_CASES generated cases, a copy of it encrypted (`encryption enable`), both opened,
 * and every query of the cases suite's classes run on each in turn (plain, encrypted, plain, …),
 * so that both see the same machine load. Issue 18: the encrypted p95 within 15 % of the plain one.
 */
export const cryptoSuite: BenchSuite = {
  id: 'crypto',
  async run(rec) {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-crypto-'));
    try {
      const plainDir = path.join(base, 'plain');
      const encDir = path.join(base, 'encrypted');
      await growLibrary(plainDir, [N_CASES], () => {});
      fs.cpSync(plainDir, encDir, { recursive: true });
      const t = performance.now();
      await enableEncryption(encDir, { passphrase: PASS });
      const enableMs = performance.now() - t;
      const size = (d: string) => fs.statSync(path.join(d, 'banso.sqlite3')).size / 1024 / 1024;
      const plain = await createCore({ dataDir: plainDir, loadSeeds: false, autoBackup: false, backgroundCheck: false });
      setFolderKey(encDir, null);
      const openT = performance.now();
      const enc = await createCore({ dataDir: encDir, loadSeeds: false, autoBackup: false, backgroundCheck: false, unlock: { passphrase: PASS } });
      const openMs = performance.now() - openT;
      const times = { plain: [] as number[], enc: [] as number[] };
      try {
        const queries = Object.values(QUERY_CLASSES).flat();
        for (const q of queries) {
          await search(plain, q); // warm both caches alike
          await search(enc, q);
        }
        for (let r = 0; r < ROUNDS; r++) {
          for (const q of queries) {
            times.plain.push(await search(plain, q));
            times.enc.push(await search(enc, q));
          }
        }
      } finally {
        plain.close();
        enc.close();
      }
      const p = (xs: number[], k: number) => percentile([...xs].sort((a, b) => a - b), k);
      const n = times.plain.length;
      const label = `${N_CASES / 1000}k cases`;
      const ratio = p(times.enc, 95) / p(times.plain, 95);
      rec.push(
        { name: `search p50, plain (${label}, side by side)`, value: p(times.plain, 50), unit: 'ms', n },
        { name: `search p50, encrypted (${label}, side by side)`, value: p(times.enc, 50), unit: 'ms', n },
        { name: `search p95, plain (${label}, side by side)`, value: p(times.plain, 95), unit: 'ms', n },
        { name: `search p95, encrypted (${label}, side by side)`, value: p(times.enc, 95), unit: 'ms', n },
        { name: `search p95 encrypted / plain (${label})`, value: ratio, unit: '×', n, ...(N_CASES === 100_000 ? { target: { op: '<=' as const, value: 1.15 } } : {}) },
        { name: `encryption enable of the ${label} library (copy, swap, backups)`, value: enableMs / 1000, unit: 's', n: 1 },
        { name: `open of the encrypted ${label} library (scrypt unlock included)`, value: openMs, unit: 'ms', n: 1 },
        { name: `database file, plain / encrypted (${label})`, value: size(plainDir), unit: `MiB / ${size(encDir).toFixed(1)} MiB`, n: 1 },
      );
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  },
};
