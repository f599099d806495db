import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CaseEntity } from '../../electron/core/cases/entity.ts';
import { defineEntity, f, type Entity } from '../../electron/core/data/entity.ts';
import { ENTITIES } from '../../electron/core/data/registry.ts';
import { ClientEntity, EngagementEntity, LogEntryEntity, NextActionEntity } from '../../electron/core/engagements/entities.ts';
import { PlanAnswerEntity, PlanEntity, TemplateEntity } from '../../electron/core/plans/entities.ts';
import { CASE_CSV_COLUMNS, CASE_CSV_EXTRA_COLUMNS, CaseSchema } from '../../shared/domain/case.ts';
import { ClientSchema } from '../../shared/domain/client.ts';
import { EngagementSchema } from '../../shared/domain/engagement.ts';
import { LogEntrySchema, NextActionSchema } from '../../shared/domain/log.ts';
import { PlanAnswerRecordSchema, PlanRecordSchema } from '../../shared/domain/plan.ts';
import { TemplateRecordSchema } from '../../shared/domain/template.ts';

/** The contract's schema of each entity's record (shared/ stays the contract). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SCHEMAS: [Entity<any, any>, z.ZodObject][] = [
  [CaseEntity, CaseSchema],
  [ClientEntity, ClientSchema],
  [EngagementEntity, EngagementSchema],
  [LogEntryEntity, LogEntrySchema],
  [NextActionEntity, NextActionSchema],
  [PlanEntity, PlanRecordSchema],
  [PlanAnswerEntity, PlanAnswerRecordSchema],
  [TemplateEntity, TemplateRecordSchema as unknown as z.ZodObject],
];

/** What is wrong between a definition and its schema: fields in one and not the other. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function mismatches(e: Entity<any, any>, schema: z.ZodObject): string[] {
  const inSchema = new Set(Object.keys(schema.shape));
  const defined = e.fields.filter((x) => !x.storageOnly).map((x) => x.key);
  const out: string[] = [];
  for (const k of defined) if (!inSchema.has(k)) out.push(`${e.name}.${k}: in the definition, not in the schema`);
  for (const k of inSchema) if (!defined.includes(k) && !(k in e.virtual)) out.push(`${e.name}.${k}: in the schema, not in the definition`);
  for (const k of Object.keys(e.virtual)) if (!inSchema.has(k)) out.push(`${e.name}.${k}: declared virtual, not in the schema`);
  return out;
}

describe('entity definitions', () => {
  it('every registered entity has its schema, and each definition lists exactly the schema fields', () => {
    expect(new Set(SCHEMAS.map(([e]) => e.name))).toEqual(new Set(ENTITIES.map((e) => e.name)));
    for (const [e, schema] of SCHEMAS) expect(mismatches(e, schema), e.name).toEqual([]);
  });

  it('a field in the schema and not in the definition fails, and the other way round', () => {
    const schema = z.object({ id: z.string(), title: z.string(), rating: z.number() });
    const e = defineEntity({ name: 'x', label: 'x', table: 'xs', key: ['id'], fields: { id: f.text(), title: f.text(), colour: f.text() } });
    expect(mismatches(e, schema)).toEqual(['x.colour: in the definition, not in the schema', 'x.rating: in the schema, not in the definition']);
  });

  it('derives columns, SQL, mappers and file columns from one definition', () => {
    const e = defineEntity({
      name: 'fixture',
      label: '見本',
      table: 'fixtures',
      key: ['id'],
      fields: {
        id: f.text(),
        fiscalYear: f.integer().orNull(),
        tags: f.json<string[]>(),
        done: f.boolean(),
        notes: f.text().personalData().internal(),
        legacyName: f.text().in('old_name'),
        updatedAt: f.text().stamp(),
      },
    });
    expect(e.fields.map((x) => x.column)).toEqual(['id', 'fiscal_year', 'tags', 'done', 'notes', 'old_name', 'updated_at']);
    expect(e.sql.insert).toBe(
      'INSERT INTO fixtures (id, fiscal_year, tags, done, notes, old_name, updated_at, version) VALUES (@id, @fiscal_year, @tags, @done, @notes, @old_name, @updated_at, @version)',
    );
    expect(e.sql.update).toBe('UPDATE fixtures SET fiscal_year = @fiscal_year, tags = @tags, done = @done, notes = @notes, old_name = @old_name, updated_at = @updated_at, version = @version WHERE id = @id');
    const rec = { id: 'a', fiscalYear: null, tags: ['x', 'y'], done: true, notes: 'n', legacyName: 'L', updatedAt: 'T' };
    const params = e.toParams(rec);
    expect(params).toEqual({ id: 'a', fiscal_year: null, tags: '["x","y"]', done: 1, notes: 'n', old_name: 'L', updated_at: 'T' });
    // Row and record types are inferred: a row's JSON column is text, a record's is the value.
    const row: NonNullable<(typeof e)['__row']> = { id: 'a', fiscal_year: null, tags: '["x","y"]', done: 1, notes: 'n', old_name: 'L', updated_at: 'T' };
    const back: NonNullable<(typeof e)['__record']> = e.toRecord(row);
    expect(back).toEqual(rec);
    expect(e.fileColumns).toEqual(['id', 'fiscal_year', 'tags', 'done', 'old_name', 'updated_at']);
    expect(e.personalFields).toEqual(['notes']);
  });

  it("the case definition's file columns are the case CSV's columns, in order", () => {
    expect(CaseEntity.fileColumns).toEqual([...CASE_CSV_COLUMNS, ...CASE_CSV_EXTRA_COLUMNS]);
  });

  it('composite keys name a record as a/b', () => {
    expect(PlanAnswerEntity.idOf({ engagementId: 'e1', questionId: 'q-1' })).toBe('e1/q-1');
    expect(PlanAnswerEntity.keyParams('e1/q-1')).toEqual({ engagement_id: 'e1', question_id: 'q-1' });
    expect(PlanAnswerEntity.sql.update).toMatch(/WHERE engagement_id = @engagement_id AND question_id = @question_id$/);
  });
});
