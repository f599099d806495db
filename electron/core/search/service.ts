import { SEARCH_KINDS, SEARCH_KIND_CODES, type GlobalHit, type GlobalSearchGroup, type GlobalSearchResult, type SearchKind } from '../../../shared/contract/search.ts';
import type { SnippetPart } from '../../../shared/contract/cases.ts';
import { formatFiscalYearWareki } from '../../../shared/domain/wareki.ts';
import { highlight, snippet } from '../../../shared/search/highlight.ts';
import { rowToCase, type CaseRow } from '../cases/repo.ts';
import type { CaseSearch, Plan as CasePlan } from '../cases/search.ts';
import { normalizeText } from '../../../shared/search/normalize.ts';
import type { DB } from '../db/types.ts';
import type { Logger } from '../log.ts';
import { clientContext, clientDoc, engagementContext, engagementDoc, engagementName, logDoc, logTitle, questionPlace, templateDoc, type IndexedKind, type TemplateLike } from './definition.ts';
import { SearchIndexRepo, WINDOW, type DocRow } from './repo.ts';


/** Up to this many waiting records are indexed before a search answers (~50–100 ms at most). */
const FOREGROUND_MAX = 1500;
/** With more waiting, this many are indexed per search (the rest in the background). */
const FOREGROUND_CHUNK = 500;

const plain = (parts: readonly SnippetPart[]) => parts.map((p) => p.text).join('');

export interface GlobalSearchDeps {
  db: DB;
  /** The case search: its query plan (normalisation, synonyms, 1–2 character words) and its results. */
  cases: CaseSearch;
  /** Rows of the case table by seq (the case repo's). */
  caseRows: (seqs: readonly number[]) => CaseRow[];
  /** Built-in templates (seeds/templates). */
  builtinTemplates: () => readonly (TemplateLike & { id: string })[];
  readOnly: () => boolean;
  log: Logger;
}

/**
 * `search.global`: one query over every kind of record. Words, phrases, exclusions and synonyms
 * are planned once by the case search (CaseSearch.plan), and the same FTS5 expression runs on the
 * case indexes and on this feature's index of the other records (same layout, same
 * normalisation), one rowid range per kind. Before a search the index catches up with the
 * records changed since the last one (the triggers of migration v12 queued them).
 */
export class GlobalSearchService {
  readonly repo: SearchIndexRepo;
  private readonly deps: GlobalSearchDeps;
  private builtinsSynced = false;

  constructor(deps: GlobalSearchDeps) {
    this.deps = deps;
    this.repo = new SearchIndexRepo(deps.db);
  }

  /**
   * Bring the index up to date before a search: everything when few records wait (an edit or
   * two: the usual case), else one chunk (after an upgrade of a large database the core indexes
   * the rest in the background, see catchUpSome); returns how many records still wait.
   */
  refresh(): number {
    if (this.deps.readOnly()) return 0;
    try {
      if (!this.builtinsSynced) {
        this.repo.syncBuiltins(this.deps.builtinTemplates());
        this.builtinsSynced = true;
      }
      if (!this.repo.behind()) return 0;
      const waiting = this.repo.pending();
      if (waiting <= FOREGROUND_MAX) {
        this.repo.catchUp();
        return 0;
      }
      return waiting - this.repo.catchUp(FOREGROUND_CHUNK);
    } catch (err) {
      // A full disk or a locked file: search what is indexed; the queue stays for the next time.
      this.deps.log.warn(`global search: the index could not catch up (${(err as Error).message})`);
      return this.safePending();
    }
  }

  /** Index at most `max` waiting records (the core's background indexing); returns how many still wait. */
  catchUpSome(max: number): number {
    if (this.deps.readOnly()) return 0;
    try {
      const n = this.repo.catchUp(max);
      if (n > 0) this.deps.log.info(`global search: ${n} records indexed`);
      return n < max ? 0 : this.repo.pending();
    } catch (err) {
      this.deps.log.warn(`global search: background indexing stopped (${(err as Error).message})`);
      return 0;
    }
  }

  private safePending(): number {
    try {
      return this.repo.pending();
    } catch {
      return 0;
    }
  }

  search(input: { query: string; kind?: SearchKind | undefined; limit: number }): GlobalSearchResult {
    const t0 = performance.now();
    const pending = this.refresh();
    const plan = this.deps.cases.plan(input.query);
    const kinds = input.kind ? [input.kind] : SEARCH_KIND_CODES;
    const groups: GlobalSearchGroup[] = [];
    if (plan.match && plan.table) {
      // The case search answers every word from its one bigram index (issue 17); so does this one.
      const table = 'gsearch_bi';
      const cache = new Templates(this.repo, this.deps.builtinTemplates);
      for (const kind of kinds) {
        const { items, more } = kind === 'case' ? this.cases(plan, input.limit) : this.kind(table, plan.match, kind, input.limit, plan.needles, cache);
        if (items.length > 0) groups.push({ kind, label: SEARCH_KINDS[kind], items, more });
      }
    }
    return { groups, terms: plan.terms, pending, tookMs: performance.now() - t0 };
  }

  /**
   * Cases through the case library's own indexes and its query plan, read like the other kinds
   * (the newest WINDOW matches, title matches first) rather than through CaseSearch.search, whose
   * exact count and relevance window cost more than the palette's five rows need.
   */
  private cases(plan: CasePlan, limit: number): { items: GlobalHit[]; more: boolean } {
    const t = plan.table!;
    const seqs = this.deps.db.prepare(`SELECT rowid FROM ${t} WHERE ${t} MATCH ? ORDER BY rowid DESC LIMIT ${Math.max(WINDOW, limit + 1)}`).pluck().all(plan.match) as number[];
    const rows = this.deps.caseRows(seqs).map(rowToCase);
    const inTitle = (title: string) => plan.needles.some((n) => n !== '' && normalizeText(title).includes(n));
    const ordered = [...rows.filter((c) => inTitle(c.title)), ...rows.filter((c) => !inTitle(c.title))];
    const items = ordered.slice(0, limit).map((c) => {
      const snippetParts = snippet([c.summary, c.body], plan.needles);
      return {
        kind: 'case' as const,
        id: c.id,
        title: c.title,
        titleParts: highlight(c.title, plan.needles),
        snippet: plain(snippetParts),
        snippetParts,
        context: [c.prefecture, c.municipality, c.fiscalYear ? formatFiscalYearWareki(c.fiscalYear) : ''].filter(Boolean).join(' '),
      };
    });
    return { items, more: ordered.length > limit };
  }

  private kind(table: 'gsearch_bi', match: string, kind: IndexedKind, limit: number, needles: string[], templates: Templates): { items: GlobalHit[]; more: boolean } {
    const docs = this.repo.matches(table, match, kind, needles, limit + 1);
    const items: GlobalHit[] = [];
    for (const d of docs.slice(0, limit)) {
      const hit = this.hit(d, needles, templates);
      if (hit) items.push(hit);
    }
    return { items, more: docs.length > limit };
  }

  /** A result with its context, read from the record itself (null when it vanished meanwhile). */
  private hit(d: DocRow, needles: string[], templates: Templates): GlobalHit | null {
    const make = (title: string, values: readonly string[], context: string, extra: Partial<GlobalHit>, id = d.ref): GlobalHit => {
      const titleParts = highlight(title, needles);
      // A snippet only where it shows a hit: the title and the context say the rest.
      const cut = snippet(values, needles);
      const snippetParts = cut.some((p) => p.hit) ? cut : [];
      return { kind: d.kind, id, title, titleParts, snippet: plain(snippetParts), snippetParts, context, ...extra };
    };
    switch (d.kind) {
      case 'client': {
        const r = this.repo.client(d.ref);
        if (!r) return null;
        return make(r.name, clientDoc(r).values, clientContext(r), { clientId: r.id });
      }
      case 'engagement': {
        const r = this.repo.engagement(d.ref);
        if (!r) return null;
        // The client's name (indexed with the engagement) is in the context already.
        return make(engagementName(r), engagementDoc(r).values.slice(1), engagementContext(r), { engagementId: r.id, clientId: r.client_id });
      }
      case 'log': {
        const r = this.repo.log(d.ref);
        if (!r) return null;
        const e = this.repo.engagement(r.engagement_id);
        const doc = logDoc(r);
        const context = [e ? engagementName(e) : '', r.date].filter(Boolean).join('・');
        return make(logTitle(r), doc.values, context, { engagementId: r.engagement_id, clientId: e?.client_id, entryId: r.id });
      }
      case 'plan': {
        const value = this.repo.answer(d.ref, d.sub);
        if (value === undefined) return null;
        const e = this.repo.engagement(d.ref);
        const t = templates.ofPlan(d.ref);
        const place = t ? questionPlace(t, d.sub) : null;
        const values = (this.repo.load({ kind: 'plan', ref: d.ref, sub: d.sub })?.values ?? []);
        const context = [e ? engagementName(e) : '', place?.phase ?? '', place?.section ?? ''].filter(Boolean).join(' › ');
        return make(place?.label ?? `設問 ${d.sub}`, values, context, { engagementId: d.ref, clientId: e?.client_id, questionId: d.sub, phaseId: place?.phaseId }, `${d.ref}#${d.sub}`);
      }
      case 'template': {
        const t = d.sub === 'builtin' ? templates.builtin(d.ref) : this.repo.customTemplate(d.ref);
        if (!t) return null;
        return make(t.name, templateDoc(t).values, d.sub === 'builtin' ? '組み込みのテンプレート' : '自作のテンプレート', {});
      }
    }
  }
}

/** Template snapshots read once per search. */
class Templates {
  private readonly plans = new Map<string, TemplateLike | null>();
  private builtins: Map<string, TemplateLike> | null = null;
  private readonly repo: SearchIndexRepo;
  private readonly list: () => readonly (TemplateLike & { id: string })[];
  constructor(repo: SearchIndexRepo, list: () => readonly (TemplateLike & { id: string })[]) {
    this.repo = repo;
    this.list = list;
  }
  ofPlan(engagementId: string): TemplateLike | null {
    if (!this.plans.has(engagementId)) this.plans.set(engagementId, this.repo.planTemplate(engagementId));
    return this.plans.get(engagementId)!;
  }
  builtin(id: string): TemplateLike | null {
    this.builtins ??= new Map(this.list().map((t) => [t.id, t]));
    return this.builtins.get(id) ?? null;
  }
}
