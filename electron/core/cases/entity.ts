import type { CaseField, CaseOrigin, CasePrefectureSchema, Outcome, OrganizationTypeSchema, Source } from '../../../shared/domain/case.ts';
import type { z } from 'zod';
import { normalizeText } from '../../../shared/search/normalize.ts';
import { defineEntity, f, type EntityRecord, type EntityRow } from '../data/entity.ts';

/** Key used to match a case without id on import: normalised title + municipality. */
export function titleKey(title: string, municipality: string): string {
  return `${normalizeText(title).trim()}\u0001${normalizeText(municipality).trim()}`;
}

/**
 * A case (好事例) as stored in `cases`. The field order is the file order: the CSV header and the
 * JSON keys of an export are `fileColumns` (the required columns, then the optional ones).
 */
export const CaseEntity = defineEntity({
  name: 'case',
  label: '事例',
  table: 'cases',
  key: ['id'],
  // Libraries of 100k cases are imported in bulk: the created state is in the change log, not copied into history.
  history: 'changes',
  fields: {
    id: f.text(),
    title: f.text(),
    summary: f.text(),
    body: f.text(),
    prefecture: f.text<z.infer<typeof CasePrefectureSchema>>(),
    municipality: f.text(),
    organization: f.text(),
    fields: f.json<CaseField[]>(),
    technologies: f.json<string[]>(),
    programs: f.json<string[]>(),
    fiscalYear: f.integer().orNull(),
    outcomes: f.json<Outcome[]>(),
    sources: f.json<Source[]>(),
    tags: f.json<string[]>(),
    organizationType: f.text<z.infer<typeof OrganizationTypeSchema>>(),
    size: f.text(),
    origin: f.text<CaseOrigin>(),
    createdAt: f.text().stamp(),
    updatedAt: f.text().stamp(),
  },
  // seq: the row id the full-text indexes use; user_modified: set by the repo (seeds keep a user's edit).
  extraColumns: ['title_key', 'user_modified'],
  computed: (c) => ({ title_key: titleKey(c.title, c.municipality) }),
});

export type CaseRecord = EntityRecord<typeof CaseEntity>;
export type CaseRow = EntityRow<typeof CaseEntity> & { seq: number; user_modified: number; title_key: string; version: number };
