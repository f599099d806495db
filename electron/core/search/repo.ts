import { bigramTokens, normalizeText, normalizeValues } from '../../../shared/search/normalize.ts';
import type { DB } from '../db/types.ts';
import {
  answerDoc,
  clientDoc,
  engagementDoc,
  kindRange,
  SORT_SHIFT,
  logDoc,
  templateDoc,
  type ClientRow,
  type EngagementRow,
  type IndexedKind,
  type LogRow,
  type SearchDoc,
  type TemplateLike,
} from './definition.ts';

/** A document's key: kind, record id and (plan answers: the question id; built-in templates: 'builtin'). */
export interface DocKey {
  kind: IndexedKind;
  ref: string;
  sub: string;
}
export interface DocRow extends DocKey {
  id: number;
  engagement_id: string | null;
  /** Normalised. */
  title: string;
}

/**
 * Matches of a kind read newest first, at most this many; among them, title matches come first.
 * A title-only FTS5 query would have to read the position lists of every match (~10 ms for a
 * word in every log entry's text and in no title).
 */
export const WINDOW = 50;

/** Records indexed per transaction while catching up (other writers wait at most one batch). */
const BATCH = 2000;

/**
 * The global search's index (migration v12): documents, the two full-text tables and the queue of
 * changed records that the triggers fill. `catchUp` indexes the queued records anew; everything
 * else here reads.
 */
export class SearchIndexRepo {
  private readonly db: DB;
  private readonly s;

  constructor(db: DB) {
    this.db = db;
    this.s = {
      anyDirty: db.prepare('SELECT 1 FROM gsearch_dirty LIMIT 1').pluck(),
      dirty: db.prepare('SELECT kind, ref, sub FROM gsearch_dirty LIMIT ?'),
      pending: db.prepare('SELECT count(*) FROM gsearch_dirty').pluck(),
      undirty: db.prepare('DELETE FROM gsearch_dirty WHERE kind = ? AND ref = ? AND sub = ?'),
      docByKey: db.prepare('SELECT id FROM gsearch_docs WHERE kind = ? AND ref = ? AND sub = ?').pluck(),
      docsOfKind: db.prepare('SELECT ref, sub FROM gsearch_docs WHERE kind = ? AND sub = ?'),
      minId: db.prepare('SELECT min(id) FROM gsearch_docs WHERE id BETWEEN ? AND ?').pluck(),
      docDelete: db.prepare('DELETE FROM gsearch_docs WHERE id = ?'),
      docInsert: db.prepare('INSERT INTO gsearch_docs (id, kind, ref, sub, engagement_id, title) VALUES (?, ?, ?, ?, ?, ?)'),
      biIns: db.prepare('INSERT INTO gsearch_bi (rowid, title, text) VALUES (?, ?, ?)'),
      biDel: db.prepare('DELETE FROM gsearch_bi WHERE rowid = ?'),
      metaGet: db.prepare('SELECT value FROM gsearch_meta WHERE key = ?').pluck(),
      metaSet: db.prepare('INSERT INTO gsearch_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      client: db.prepare('SELECT id, name, kind, prefecture, industry, notes, contacts FROM clients WHERE id = ?'),
      engagement: db.prepare(`SELECT e.id, e.client_id, c.name AS client_name, e.program, e.title, e.status, e.advisors, e.notes, e.start_date
        FROM engagements e JOIN clients c ON c.id = e.client_id WHERE e.id = ?`),
      log: db.prepare(`SELECT l.id, l.engagement_id, l.date, l.mode, l.place, l.attendees, l.topics, l.notes, l.decisions,
        coalesce((SELECT group_concat(a.task || char(10) || a.owner, char(10)) FROM next_actions a WHERE a.log_entry_id = l.id), '') AS actions
        FROM log_entries l WHERE l.id = ?`),
      answer: db.prepare('SELECT value FROM plan_answers WHERE engagement_id = ? AND question_id = ?').pluck(),
      template: db.prepare('SELECT body FROM plan_templates WHERE id = ?').pluck(),
      planTemplate: db.prepare('SELECT template FROM plans WHERE engagement_id = ?').pluck(),
    };
  }

  /** Records changed since the last catch-up are waiting. */
  behind(): boolean {
    return this.s.anyDirty.get() !== undefined;
  }

  /** How many records wait to be indexed. */
  pending(): number {
    return this.s.pending.get() as number;
  }

  /** Index queued records anew (or drop those that are gone), at most `max`; returns how many. */
  catchUp(max = Infinity): number {
    let n = 0;
    for (;;) {
      const batch = Math.min(BATCH, max - n);
      if (batch <= 0) return n;
      const done = this.db.transaction(() => {
        const keys = this.s.dirty.all(batch) as DocKey[];
        for (const k of keys) {
          this.put(k, this.load(k));
          this.s.undirty.run(k.kind, k.ref, k.sub);
        }
        return keys.length;
      }).immediate();
      n += done;
      if (done < batch) return n;
    }
  }

  /**
   * The built-in templates (files, not rows): indexed again when their text changed (an app
   * update), judged by a fingerprint kept in gsearch_meta.
   */
  syncBuiltins(templates: readonly (TemplateLike & { id: string })[]): void {
    const fingerprint = JSON.stringify(templates.map((t) => [t.id, templateDoc(t)]));
    if (this.s.metaGet.get('builtins') === fingerprint) return;
    this.db.transaction(() => {
      const ids = new Set(templates.map((t) => t.id));
      for (const r of this.s.docsOfKind.all('template', 'builtin') as { ref: string; sub: string }[]) {
        if (!ids.has(r.ref)) this.put({ kind: 'template', ref: r.ref, sub: 'builtin' }, null);
      }
      for (const t of templates) this.put({ kind: 'template', ref: t.id, sub: 'builtin' }, templateDoc(t));
      this.s.metaSet.run('builtins', fingerprint);
    }).immediate();
  }

  /** The document of a stored record, or null when it no longer exists. */
  load(k: DocKey): SearchDoc | null {
    switch (k.kind) {
      case 'client': {
        const r = this.client(k.ref);
        return r ? clientDoc(r) : null;
      }
      case 'engagement': {
        const r = this.engagement(k.ref);
        return r ? engagementDoc(r) : null;
      }
      case 'log': {
        const r = this.log(k.ref);
        return r ? logDoc(r) : null;
      }
      case 'plan': {
        const v = this.answer(k.ref, k.sub);
        return v === undefined ? null : answerDoc(k.ref, v);
      }
      case 'template': {
        if (k.sub === 'builtin') return null; // indexed by syncBuiltins only
        const t = this.customTemplate(k.ref);
        return t ? templateDoc(t) : null;
      }
    }
  }

  /** Replace a document: the old one leaves the index; the new one gets the next id of its kind (newest first). */
  private put(k: DocKey, doc: SearchDoc | null): void {
    const old = this.s.docByKey.get(k.kind, k.ref, k.sub) as number | undefined;
    if (old !== undefined) {
      this.s.biDel.run(BigInt(old));
      this.s.docDelete.run(BigInt(old));
    }
    if (!doc) return;
    const { lo, hi } = kindRange(k.kind);
    // Newest first is ascending ids (FTS5 seeks forward cheaply; a descending scan reads a
    // word's whole doclist first). BigInt binds an INTEGER: a number binds a REAL, which is no rowid seek.
    const minIn = (a: number, b: number) => this.s.minId.get(BigInt(a), BigInt(b)) as number | null;
    // Records without a sort key: counting down from the top of the kind's range.
    const generalLo = lo + SORT_SHIFT * SORT_SHIFT;
    let id = (minIn(generalLo, hi) ?? hi + 1) - 1;
    if (doc.sortKey !== undefined) {
      // A slot per day, later days lower; within a day, counting down too (a day never has
      // 65,536 entries; if it had, the general ids take the rest, after every dated one).
      const base = lo + (SORT_SHIFT - 1 - doc.sortKey) * SORT_SHIFT;
      const next = (minIn(base, base + SORT_SHIFT - 1) ?? base + SORT_SHIFT) - 1;
      if (next >= base) id = next;
    }
    const title = normalizeText(doc.title);
    this.s.docInsert.run(BigInt(id), k.kind, k.ref, k.sub, doc.engagementId, title);
    const text = normalizeValues(doc.values);
    this.s.biIns.run(BigInt(id), bigramTokens(title), bigramTokens(text));
  }

  client(id: string): ClientRow | undefined {
    return this.s.client.get(id) as ClientRow | undefined;
  }
  engagement(id: string): EngagementRow | undefined {
    return this.s.engagement.get(id) as EngagementRow | undefined;
  }
  log(id: string): LogRow | undefined {
    return this.s.log.get(id) as LogRow | undefined;
  }
  answer(engagementId: string, questionId: string): string | undefined {
    return this.s.answer.get(engagementId, questionId) as string | undefined;
  }
  /** The template snapshot of an engagement's plan. */
  planTemplate(engagementId: string): TemplateLike | null {
    return parseTemplate(this.s.planTemplate.get(engagementId) as string | undefined);
  }
  customTemplate(id: string): TemplateLike | null {
    return parseTemplate(this.s.template.get(id) as string | undefined);
  }
  /**
   * Matches of one kind: the newest WINDOW read from FTS5 (a rowid range, ascending = newest first), title
   * matches first (any of `needles` in the normalised title), then the others; at most `limit`.
   * `table` and `match` come from the case search's query plan (the same layout of indexes).
   */
  matches(table: 'gsearch_bi', match: string, kind: IndexedKind, needles: readonly string[], limit: number): DocRow[] {
    const { lo, hi } = kindRange(kind);
    // The bounds as integer literals: bound from JavaScript they would be REAL values, which
    // FTS5 does not use to seek (a scan of every match of the other kinds, ~20 ms).
    const ids = this.db
      .prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? AND rowid BETWEEN ${int(lo)} AND ${int(hi)} ORDER BY rowid LIMIT ${int(Math.max(WINDOW, limit))}`)
      .pluck()
      .all(match) as number[];
    const docs = this.docs(ids);
    const inTitle = (d: DocRow) => needles.some((n) => n !== '' && d.title.includes(n));
    return [...docs.filter(inTitle), ...docs.filter((d) => !inTitle(d))].slice(0, limit);
  }

  docs(ids: readonly number[]): DocRow[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT id, kind, ref, sub, engagement_id, title FROM gsearch_docs WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids.map((id) => BigInt(id))) as DocRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is DocRow => r !== undefined);
  }

}

function parseTemplate(json: string | undefined): TemplateLike | null {
  if (json === undefined) return null;
  try {
    const t = JSON.parse(json) as TemplateLike;
    return typeof t.name === 'string' && Array.isArray(t.phases) ? t : null;
  } catch {
    return null;
  }
}

/** A safe integer as SQL text (never user input). */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}
