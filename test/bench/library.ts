import { casesToCsv } from '../../electron/core/cases/codec.ts';
import { createCore } from '../../electron/core/index.ts';
import { generateCases } from './gen-cases.ts';

/** One step of growing a library: how many cases it holds after the step, and what the step cost. */
export interface GrowthStep {
  cases: number;
  /** Rows imported in this step and their rate (CSV through the contract, as the UI imports). */
  rows: number;
  rowsPerSecond: number;
  /** Rows per second of this process's CPU time (user + system) during the import: what the import costs whatever else the machine runs. */
  rowsPerCpuSecond: number;
}

/**
 * Grow a library of generated cases through the contract (`cases.import`, CSV, as a user imports),
 * in steps up to each size in `sizes`. Each step opens a core, imports and closes it in order (as
 * a user's session would), then `after(step)` measures the folder with nothing else open.
 */
export async function growLibrary(dataDir: string, sizes: readonly number[], after: (step: GrowthStep) => Promise<void> | void): Promise<void> {
  const all = generateCases(sizes.at(-1) ?? 0);
  let have = 0;
  for (const size of sizes) {
    const chunk = all.slice(have, size);
    const csv = Buffer.from(casesToCsv(chunk)).toString('base64');
    const core = await createCore({ dataDir, loadSeeds: false, autoBackup: false, backgroundCheck: false });
    let s: number;
    let cpu: number;
    try {
      const t = performance.now();
      const u = process.cpuUsage();
      const r = await core.call('cases.import', { format: 'csv', contentBase64: csv, fileName: 'bench.csv', skipInvalid: false });
      s = (performance.now() - t) / 1000;
      const used = process.cpuUsage(u);
      cpu = (used.user + used.system) / 1e6;
      if (r.imported !== chunk.length) throw new Error(`the library import wrote ${r.imported} of ${chunk.length} rows`);
    } finally {
      core.close();
    }
    have = size;
    await after({ cases: size, rows: chunk.length, rowsPerSecond: chunk.length / s, rowsPerCpuSecond: chunk.length / cpu });
  }
}
