import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_FIELDS, SeedCaseFileSchema, type SeedCase } from '../../shared/domain/case.ts';
import { buildFingerprint, copiedStretches, readFingerprint, RUN_LENGTH } from '../helpers/seed-sources.ts';
import { tempDir } from '../helpers/tmp.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const casesFile = path.join(repoRoot, 'seeds/cases/cases.json');

function loadCases(): SeedCase[] {
  const raw: unknown = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
  const parsed = SeedCaseFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`seeds/cases/cases.json does not match SeedCaseFileSchema:\n${issues}`);
  }
  return parsed.data.cases;
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

  // The source documents are not in the repo (they live in ../shared/seeds); their fingerprint is
  // (test/fixtures/seed-sources, built by test/helpers/seed-sources.ts), so this runs everywhere.
  describe(`copies no run of ${RUN_LENGTH} characters of the source documents into a summary or body`, () => {
    const { index, keys } = readFingerprint();

    it('the fingerprint covers the five source documents, and agrees with the hashing used here', () => {
      expect(index.documents.map((d) => d.name)).toEqual([
        '000_8b3b46cba266350d.txt',
        '001_b26cbd180fea2e59.txt',
        '002_a3723aaccd23e225.txt',
        '003_110ed948248ccc67.txt',
        '004_acb8e31bbfb94ded.txt',
      ]);
      for (const d of index.documents) expect(d.runs, d.name).toBeGreaterThan(d.characters * 0.9);
      expect(keys.size).toBeGreaterThanOrEqual(Math.max(...index.documents.map((d) => d.runs)));
      // Each document's first run is found, as a case quoting it would be; one character off is not.
      expect(index.probes).toHaveLength(index.documents.length);
      for (const probe of index.probes) {
        expect(Array.from(probe)).toHaveLength(RUN_LENGTH);
        expect(copiedStretches(`前置き。${probe}。後書き`, keys), probe).toEqual([probe]);
        expect(copiedStretches(probe.slice(0, -1) + '〓', keys), probe).toEqual([]);
      }
    });

    it(`flags ${RUN_LENGTH} copied characters (whitespace ignored) and merges them into one stretch, but not ${RUN_LENGTH - 1}`, () => {
      const t = tempDir();
      try {
        const source = '地域の課題を住民と一緒に整理し、優先順位を付けてから情報システムの導入を検討する手順を、三か月の伴走で身に付けることを目指した。';
        fs.writeFileSync(path.join(t.dir, 'doc.txt'), source);
        const own = new Set(buildFingerprint(t.dir).keys);
        const chars = Array.from(source);
        const copied = chars.slice(5, 5 + RUN_LENGTH + 4).join('');
        const spaced = copied.slice(0, 10) + ' \n ' + copied.slice(10);
        expect(copiedStretches(`冒頭の文。${spaced}末尾`, own)).toEqual([copied]);
        expect(copiedStretches(`冒頭の文。${chars.slice(5, 5 + RUN_LENGTH - 1).join('')}末尾`, own)).toEqual([]);
      } finally {
        t.cleanup();
      }
    });

    it('finds no copied run in any seed case', () => {
      const copied: string[] = [];
      for (const c of cases) {
        for (const part of ['summary', 'body'] as const) {
          for (const stretch of copiedStretches(c[part], keys)) copied.push(`${c.title} [${part}]: ${stretch}`);
        }
      }
      expect(copied).toEqual([]);
    });
  });
});
