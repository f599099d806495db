import fs from 'node:fs';
import path from 'node:path';
import { ProgramCatalogueSchema, type ProgramCatalogue } from '../../../shared/domain/program.ts';
import { formatPath } from '../../../shared/errors.ts';

export const PROGRAMS_FILE = path.join('programs', 'programs.json');

/** Read and validate seeds/programs/programs.json. Throws with the file and field path when invalid. */
export function readProgramCatalogue(seedsDir: string): ProgramCatalogue {
  const file = path.join(seedsDir, PROGRAMS_FILE);
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const parsed = ProgramCatalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`${file}: ${formatPath(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)))}: ${i.message}`);
  }
  return parsed.data;
}

/** Used when the catalogue cannot be read: no programs, no quotas (the user's data stays usable). */
export const EMPTY_CATALOGUE: ProgramCatalogue = { sources: [], programs: [], quotas: [] };
