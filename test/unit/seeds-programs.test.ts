import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProgramCatalogue } from '../../electron/core/engagements/programs.ts';
import { ENGAGEMENT_PROGRAM_CODES } from '../../shared/domain/engagement.ts';
import { CATALOGUE_PROGRAM_CODES, ProgramCatalogueSchema } from '../../shared/domain/program.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

describe('seeds/programs/programs.json', () => {
  const cat = readProgramCatalogue(path.join(REPO_ROOT, 'seeds'));

  it('validates and lists every catalogue program once, in the codes of the issue', () => {
    expect(cat.programs.map((p) => p.code).sort()).toEqual([...CATALOGUE_PROGRAM_CODES].sort());
  });

  it('carries the figures of the domain brief', () => {
    const by = Object.fromEntries(cat.programs.map((p) => [p.code, p]));
    expect(by['system-building']!.funding.capYen).toBe(100_000_000);
    expect(by['satellite-office']!.funding).toMatchObject({ rate: '1/2', capYen: 20_000_000 });
    expect(by['iot']!.funding).toMatchObject({ rate: '1/2', capYen: 20_000_000 });
    expect(by['infra-subsidy']!.funding).toMatchObject({ rate: '1/2', capYen: null });
    expect(by['trial-satellite']!.funding.capYen).toBe(10_000_000);
    expect(by['autonomous']!.funding.capYen).toBe(250_000_000);
    expect(by['telework-grant']!.funding.rate).toMatch(/3\/4/);
  });

  it('maps engagement programs to catalogue programs and has quota rules only for engagement programs', () => {
    const mapped = cat.programs.flatMap((p) => p.engagementPrograms);
    expect(mapped.sort()).toEqual(['advisor', 'plan-a', 'plan-b', 'system-building', 'telework']);
    for (const q of cat.quotas) expect(ENGAGEMENT_PROGRAM_CODES).toContain(q.program);
  });

  it('refuses a broken catalogue with the file and field path', () => {
    const t = tempDir();
    try {
      fs.mkdirSync(path.join(t.dir, 'programs'));
      const raw = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'seeds/programs/programs.json'), 'utf8'));
      raw.programs[0].eligibility[0].kinds = ['village'];
      fs.writeFileSync(path.join(t.dir, 'programs', 'programs.json'), JSON.stringify(raw));
      expect(() => readProgramCatalogue(t.dir)).toThrow(/programs\[0\]\.eligibility\[0\]\.kinds\[0\]/);
      raw.programs[0].eligibility[0].kinds = ['municipality'];
      raw.programs.push(raw.programs[0]);
      expect(ProgramCatalogueSchema.safeParse(raw).success).toBe(false); // duplicate code
    } finally {
      t.cleanup();
    }
  });
});
