import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_FIELDS, SeedCaseFileSchema, type SeedCase } from '../../shared/domain/case.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const casesFile = path.join(repoRoot, 'seeds/cases/cases.json');
/** The public source documents live beside the repo (../shared/seeds), as in CI. */
const sourcesDir = path.resolve(repoRoot, '../shared/seeds');
const sourcesExist = fs.existsSync(sourcesDir);

/** Length of a run of characters that counts as a copied sentence. */
const COPY_RUN = 30;

function loadCases(): SeedCase[] {
  const raw: unknown = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
  const parsed = SeedCaseFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`seeds/cases/cases.json does not match SeedCaseFileSchema:\n${issues}`);
  }
  return parsed.data.cases;
}

const stripSpace = (s: string): string => s.replace(/\s+/gu, '');

/** Every run of COPY_RUN characters (whitespace removed) of the source texts. */
function sourceRuns(dir: string): Set<string> {
  const runs = new Set<string>();
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
    const chars = Array.from(stripSpace(fs.readFileSync(path.join(dir, name), 'utf8')));
    for (let i = 0; i + COPY_RUN <= chars.length; i++) runs.add(chars.slice(i, i + COPY_RUN).join(''));
  }
  return runs;
}

/** The copied runs of one text, merged into the longest stretches for a readable message. */
function copiedStretches(text: string, runs: Set<string>): string[] {
  const chars = Array.from(stripSpace(text));
  const found: string[] = [];
  let i = 0;
  while (i + COPY_RUN <= chars.length) {
    if (runs.has(chars.slice(i, i + COPY_RUN).join(''))) {
      let end = i + COPY_RUN;
      while (end < chars.length && runs.has(chars.slice(end - COPY_RUN + 1, end + 1).join(''))) end++;
      found.push(chars.slice(i, end).join(''));
      i = end;
    } else {
      i++;
    }
  }
  return found;
}

describe('seed case library (seeds/cases/cases.json)', () => {
  const cases = loadCases();

  it('parses with SeedCaseFileSchema and holds at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it('has unique ids and unique (title, municipality) pairs', () => {
    const ids = cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const pairs = cases.map((c) => `${c.title}\u0000${c.municipality}`);
    const dupes = pairs.filter((p, i) => pairs.indexOf(p) !== i).map((p) => p.replace('\u0000', ' / '));
    expect(dupes).toEqual([]);
  });

  it('names a document and a section for every source of every case', () => {
    for (const c of cases) {
      expect(c.sources.length, c.title).toBeGreaterThanOrEqual(1);
      for (const s of c.sources) {
        expect(s.document.trim(), c.title).not.toBe('');
        expect(s.section.trim(), c.title).not.toBe('');
      }
    }
  });

  it('uses only the fixed field vocabulary', () => {
    const allowed = new Set<string>(CASE_FIELDS);
    for (const c of cases) for (const f of c.fields) expect(allowed.has(f), `${c.title}: ${f}`).toBe(true);
  });

  it('covers at least 10 fields and 15 prefectures', () => {
    const fields = new Set(cases.flatMap((c) => c.fields));
    const prefectures = new Set(cases.map((c) => c.prefecture).filter((p) => p !== '' && p !== '全国'));
    expect(fields.size).toBeGreaterThanOrEqual(10);
    expect(prefectures.size).toBeGreaterThanOrEqual(15);
  });

  it('has a summary and a body for every case', () => {
    for (const c of cases) {
      expect(c.summary.trim(), c.title).not.toBe('');
      expect(c.body.trim(), c.title).not.toBe('');
    }
  });

  it(`copies no run of ${COPY_RUN} characters from the source documents into a summary or body`, () => {
    if (!sourcesExist) {
      // Only a developer machine without ../shared may skip this; CI always has the documents beside the clone.
      expect(process.env.CI, `source documents not found at ${sourcesDir}`).toBeFalsy();
      return;
    }
    const runs = sourceRuns(sourcesDir);
    expect(runs.size).toBeGreaterThan(0);
    const copied: string[] = [];
    for (const c of cases) {
      for (const part of ['summary', 'body'] as const) {
        for (const stretch of copiedStretches(c[part], runs)) copied.push(`${c.title} [${part}]: ${stretch}`);
      }
    }
    expect(copied).toEqual([]);
  });
});
