export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** Sample size: repetitions, or rows for throughput figures. */
  n: number;
  /** The target an issue set for this figure, if any (shown with whether it was met). */
  target?: { op: '<=' | '>='; value: number };
  /** The step failed: what it said (the row counts as MISSED). */
  error?: string;
}

/** Whether a result meets its target (undefined when it has none). */
export function meets(r: BenchResult): boolean | undefined {
  if (r.error !== undefined) return false;
  if (!r.target) return undefined;
  return r.target.op === '<=' ? r.value <= r.target.value : r.value >= r.target.value;
}

/**
 * Where a suite puts its figures as it goes, so a later step that fails keeps the earlier ones.
 * `step` runs one step and turns a failure into a MISSED row with the error (the run goes on).
 */
export class Recorder {
  readonly results: BenchResult[] = [];

  push(...rows: BenchResult[]): void {
    this.results.push(...rows);
    for (const r of rows) process.stderr.write(`bench:   ${r.name}: ${r.error ? `FAILED ${r.error}` : `${round(r.value)} ${r.unit}`}\n`);
  }

  async step<T>(name: string, fn: () => Promise<T> | T): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.push(failed(name, err));
      return undefined;
    }
  }
}

/** A MISSED row for a step that failed. */
export function failed(name: string, err: unknown): BenchResult {
  const message = (err instanceof Error ? err.message : String(err)).split('\n').slice(0, 3).join(' / ').slice(0, 300);
  return { name, value: NaN, unit: '', n: 0, error: message };
}

export interface BenchSuite {
  /** Short id used with --only. */
  id: string;
  /** Figures go to `rec` (or are returned); a throw becomes a MISSED row and the next suite runs. */
  run(rec: Recorder): Promise<BenchResult[] | void>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export function median(xs: number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50);
}

/** Time `fn` `n` times (after `warmup` runs) and return the samples in ms. */
export async function sample(n: number, fn: () => unknown | Promise<unknown>, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function table(results: BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.error !== undefined ? '-' : String(round(r.value)),
    r.unit,
    String(r.n),
    r.error !== undefined
      ? `MISSED (failed: ${r.error})`
      : r.target
        ? `${r.target.op === '<=' ? '≤' : '≥'} ${r.target.value} ${meets(r) ? 'met' : 'MISSED'}`
        : '',
  ]);
  const head = ['benchmark', 'value', 'unit', 'n', 'target'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 3 ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ');
  return [line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}
