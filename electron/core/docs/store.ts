import fs from 'node:fs';
import path from 'node:path';
import { PlanDocSettingsSchema, GlossarySchema, type GlossaryEntry, type PlanDocSettings } from '../../../shared/domain/plan-doc.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatPath } from '../../../shared/errors.ts';
import type { DB } from '../db/types.ts';
import { readZip } from './zip.ts';

/**
 * The plan document's settings and the municipality's reference .docx, per plan (plan_documents,
 * migration 0010). Writes run in one IMMEDIATE transaction with their history row (entity
 * 'plan', field 'document.<key>'), like the plan's answers.
 */

export interface PlanDocRecord {
  settings: PlanDocSettings;
  reference: { name: string; bytes: Buffer } | null;
  updatedAt: string | null;
}

/** The largest reference document taken (a 様式 is text and styles; images make it large). */
export const MAX_REFERENCE_BYTES = 20 * 1024 * 1024;

interface Row {
  settings: string;
  reference_name: string | null;
  reference_docx: Uint8Array | null;
  updated_at: string;
}

function planExists(db: DB, engagementId: string): void {
  if (!db.prepare('SELECT 1 FROM plans WHERE engagement_id = ?').get(engagementId)) {
    throw new AppError('not_found', 'この案件にはまだ計画がありません。', { path: ['engagementId'] });
  }
}

export function readPlanDoc(db: DB, engagementId: string): PlanDocRecord {
  const r = db.prepare('SELECT settings, reference_name, reference_docx, updated_at FROM plan_documents WHERE engagement_id = ?').get(engagementId) as Row | undefined;
  if (!r) return { settings: PlanDocSettingsSchema.parse({}), reference: null, updatedAt: null };
  const parsed = PlanDocSettingsSchema.safeParse(JSON.parse(r.settings));
  return {
    settings: parsed.success ? parsed.data : PlanDocSettingsSchema.parse({}),
    reference: r.reference_docx && r.reference_name ? { name: r.reference_name, bytes: Buffer.from(r.reference_docx) } : null,
    updatedAt: r.updated_at,
  };
}

function upsert(db: DB, engagementId: string, at: string, fields: { settings?: string; name?: string | null; bytes?: Uint8Array | null }): void {
  db.prepare(`INSERT INTO plan_documents (engagement_id, settings, reference_name, reference_docx, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (engagement_id) DO UPDATE SET settings = excluded.settings, reference_name = excluded.reference_name, reference_docx = excluded.reference_docx, updated_at = excluded.updated_at`)
    .run(engagementId, fields.settings ?? '{}', fields.name ?? null, fields.bytes ?? null, at);
}

const history = (db: DB, at: string, engagementId: string, field: string, old: unknown, value: unknown) =>
  db.prepare('INSERT INTO history (at, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)').run(at, 'plan', engagementId, field, JSON.stringify(old), JSON.stringify(value));

/** Merge a patch into the settings; a bad value is refused with its field and nothing is written. */
export function updatePlanDoc(db: DB, engagementId: string, patch: Record<string, unknown>, at: string): PlanDocRecord {
  return db
    .transaction(() => {
      planExists(db, engagementId);
      const cur = readPlanDoc(db, engagementId);
      const r = PlanDocSettingsSchema.safeParse({ ...cur.settings, ...patch });
      if (!r.success) {
        const i = r.error.issues[0]!;
        throw new AppError('invalid_input', `文書の設定が正しくありません。「${formatPath(i.path.map(String))}」: ${i.message}`, { path: ['patch', ...i.path.map(String)] });
      }
      const changed = (Object.keys(r.data) as (keyof PlanDocSettings)[]).filter((k) => JSON.stringify(r.data[k]) !== JSON.stringify(cur.settings[k]));
      if (changed.length === 0) return cur;
      upsert(db, engagementId, at, { settings: JSON.stringify(r.data), name: cur.reference?.name ?? null, bytes: cur.reference?.bytes ?? null });
      for (const k of changed) history(db, at, engagementId, `document.${k}`, cur.settings[k], r.data[k]);
      return readPlanDoc(db, engagementId);
    })
    .immediate();
}

/** Checks that the bytes are a Word document with styles (word/document.xml and word/styles.xml). */
export function checkReferenceDocx(bytes: Uint8Array, name: string): void {
  if (bytes.length === 0) throw new AppError('invalid_input', `「${name}」は空のファイルです。`, { path: ['contentBase64'] });
  if (bytes.length > MAX_REFERENCE_BYTES) throw new AppError('invalid_input', `「${name}」は大きすぎます（20MBまで）。`, { path: ['contentBase64'] });
  let names: string[];
  try {
    names = readZip(bytes).map((e) => e.name);
  } catch {
    throw new AppError('invalid_input', `「${name}」は Word 文書（.docx）として読めません。`, { path: ['contentBase64'] });
  }
  if (!names.includes('word/document.xml') || !names.includes('word/styles.xml')) {
    throw new AppError('invalid_input', `「${name}」に Word のスタイル（word/styles.xml）がありません。Word で保存した .docx を指定してください。`, { path: ['contentBase64'] });
  }
}

/** Store (or with null, remove) the reference .docx whose styles the plan document takes. */
export function setPlanDocReference(db: DB, engagementId: string, ref: { name: string; bytes: Uint8Array } | null, at: string): PlanDocRecord {
  if (ref) checkReferenceDocx(ref.bytes, ref.name);
  return db
    .transaction(() => {
      planExists(db, engagementId);
      const cur = readPlanDoc(db, engagementId);
      upsert(db, engagementId, at, { settings: JSON.stringify(cur.settings), name: ref?.name ?? null, bytes: ref?.bytes ?? null });
      history(db, at, engagementId, 'document.reference', cur.reference?.name ?? null, ref?.name ?? null);
      return readPlanDoc(db, engagementId);
    })
    .immediate();
}

const glossaryCache = new Map<string, GlossaryEntry[]>();

/** seeds/glossary/glossary.json, validated (shared/domain/plan-doc.ts); a bad file is logged by the caller and gives no glossary. */
export function readGlossary(seedsDir: string): GlossaryEntry[] {
  const file = path.join(seedsDir, 'glossary', 'glossary.json');
  const hit = glossaryCache.get(file);
  if (hit) return hit;
  const r = GlossarySchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${file}: ${formatPath(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)))}: ${i.message}`);
  }
  glossaryCache.set(file, r.data.terms);
  return r.data.terms;
}
