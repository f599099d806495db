import { create } from 'zustand';
import type { CaseFacets, CaseFilters, CaseHit, CaseSort } from '../../../../shared/contract/index.ts';
import { CASE_FIELDS, type Case, type CaseField, type CaseInputDraft } from '../../../../shared/domain/case.ts';
import { ApiError, errorMessage, send } from '../../api/client.ts';
import { notify, notifyFailure } from '../../lib/notify.tsx';

/** Rows per request while scrolling. */
export const PAGE_SIZE = 100;
/** Pages kept in the sparse cache; the ones furthest from the view are dropped first. */
const MAX_PAGES = 40;

export const EMPTY_FILTERS: CaseFilters = {
  prefectures: [],
  fields: [],
  technologies: [],
  programs: [],
  yearFrom: null,
  yearTo: null,
};

export type FacetGroup = 'prefecture' | 'field' | 'technology' | 'program';
const FILTER_KEY = {
  prefecture: 'prefectures',
  field: 'fields',
  technology: 'technologies',
  program: 'programs',
} as const satisfies Record<FacetGroup, keyof CaseFilters>;

export function selectedValues(filters: CaseFilters, group: FacetGroup): readonly string[] {
  return filters[FILTER_KEY[group]];
}

export function isCaseField(v: string): v is CaseField {
  return (CASE_FIELDS as readonly string[]).includes(v);
}

export function hasFilters(f: CaseFilters): boolean {
  return (
    f.prefectures.length + f.fields.length + f.technologies.length + f.programs.length > 0 ||
    f.yearFrom !== null ||
    f.yearTo !== null
  );
}

export type Mode = 'view' | 'edit' | 'create';
type Status = 'idle' | 'loading' | 'ready' | 'error';

export interface Detail {
  id: string | null;
  status: Status;
  case: Case | null;
  error: string | null;
}

interface CasesState {
  /** The committed search (the box may hold more while typing). */
  query: string;
  filters: CaseFilters;
  sort: CaseSort;
  /** Matches of the current search; null before the first answer. */
  total: number | null;
  /** true when there are more matches than `total` (the core stops counting at 10,000). */
  totalIsLowerBound: boolean;
  /** Words searched for after normalisation and synonyms. */
  terms: string[];
  tookMs: number | null;
  /** Sparse cache: page number → its rows. */
  pages: ReadonlyMap<number, CaseHit[]>;
  searchStatus: Status;
  searchError: string | null;
  /** Changes with every new search (not with a quiet refresh): the list goes back to the top. */
  searchKey: number;
  facets: CaseFacets | null;
  /** The query the facets were counted for, and whether newer ones are on their way. */
  facetsQuery: string | null;
  facetsLoading: boolean;
  facetsError: string | null;
  /** Keyboard position in the list (row index), -1 for none. */
  cursor: number;
  detail: Detail;
  mode: Mode;
  /** The form has changes not saved yet. */
  dirty: boolean;
  /** A case to open once the user agrees to drop unsaved changes. */
  pendingOpen: string | null;

  /** Start (or run again) the search with these changes. */
  search: (changes?: Partial<Pick<CasesState, 'query' | 'filters' | 'sort'>>) => void;
  /** The user is typing a new query: facet counts for the current one are not wanted now. */
  typing: () => void;
  toggleFilter: (group: FacetGroup, value: string) => void;
  setYears: (from: number | null, to: number | null) => void;
  clearFilters: () => void;
  /** Make sure the rows first..last are loaded (or loading). */
  ensureRange: (first: number, last: number) => void;
  /** Search again quietly, keeping the scroll position (after a change). */
  refresh: () => Promise<void>;
  /** First visit: search; later visits: refresh. */
  init: () => void;
  setCursor: (index: number) => void;
  /** Open a case in the detail pane (asks first when a form has unsaved changes). */
  requestOpen: (id: string) => void;
  open: (id: string | null) => Promise<void>;
  confirmPendingOpen: () => void;
  cancelPendingOpen: () => void;
  startCreate: () => void;
  startEdit: () => void;
  cancelEdit: () => void;
  setDirty: (dirty: boolean) => void;
  /** Create or update from the form. Throws ApiError for the form to show. */
  save: (input: CaseInputDraft) => Promise<Case>;
  /** Delete, offering 元に戻す in the notice. */
  remove: (id: string) => Promise<void>;
}

// Bookkeeping outside React. `gen` changes with every search or refresh; answers
// from an older one are dropped.
let gen = 0;
let hardPending = false;
const inflight = new Set<number>();
/** Pages shown from before a refresh: still drawn, fetched again when in view. */
let stale = new Set<number>();
let facetsTimer: ReturnType<typeof setTimeout> | null = null;
/** Bumped when typing starts: facet counts asked for before it are dropped. */
let facetsGen = 0;
/** Facet counts follow the results after this pause (a new search within it skips them). */
export const FACETS_DELAY_MS = 150;

function cancelFacetsTimer(): void {
  if (facetsTimer !== null) clearTimeout(facetsTimer);
  facetsTimer = null;
}

/** The row at an index, if its page is loaded. */
export function hitAt(pages: ReadonlyMap<number, CaseHit[]>, index: number): CaseHit | undefined {
  return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

function withPage(pages: ReadonlyMap<number, CaseHit[]>, page: number, items: CaseHit[]): Map<number, CaseHit[]> {
  const next = new Map(pages);
  next.set(page, items);
  if (next.size > MAX_PAGES) {
    const far = [...next.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
    for (const k of far.slice(0, next.size - MAX_PAGES)) next.delete(k);
  }
  return next;
}

/** A hit as it looks after an edit, until the next answer brings fresh highlights. */
function patchHit(hit: CaseHit, c: Case): CaseHit {
  return {
    ...hit,
    title: c.title,
    titleParts: c.title === hit.title ? hit.titleParts : [{ text: c.title, hit: false }],
    prefecture: c.prefecture,
    municipality: c.municipality,
    organization: c.organization,
    fiscalYear: c.fiscalYear,
    fields: c.fields,
    technologies: c.technologies,
  };
}

function notFoundText(e: unknown): string {
  return e instanceof ApiError && e.code === 'not_found'
    ? 'この事例は見つかりません。削除された可能性があります。'
    : errorMessage(e);
}

export const useCases = create<CasesState>()((set, get) => {
  const params = () => {
    const { query, filters, sort } = get();
    return { query, filters, sort };
  };

  const loadFacets = async (g: number) => {
    const { query, filters } = get();
    const fg = facetsGen;
    set({ facetsLoading: true });
    try {
      const facets = await send('cases.facets', { query, filters });
      if (g === gen && fg === facetsGen) set({ facets, facetsQuery: query, facetsLoading: false, facetsError: null });
    } catch (e) {
      if (g === gen && fg === facetsGen) set({ facetsLoading: false, facetsError: errorMessage(e) });
    }
  };

  /** A new search: the first page replaces everything when it arrives. */
  const runSearch = async (withFacets: boolean) => {
    const g = ++gen;
    hardPending = true;
    inflight.clear();
    set({ searchStatus: 'loading' });
    try {
      const result = await send('cases.search', { ...params(), offset: 0, limit: PAGE_SIZE });
      if (g !== gen) return;
      hardPending = false;
      stale = new Set();
      set((s) => ({
        pages: new Map([[0, result.items]]),
        total: result.total,
        totalIsLowerBound: result.totalIsLowerBound,
        terms: result.terms,
        tookMs: result.tookMs,
        searchStatus: 'ready',
        searchError: null,
        searchKey: s.searchKey + 1,
        cursor: result.total > 0 ? 0 : -1,
      }));
      // Facet counts after the list has been painted: the results matter most.
      // Counted once typing has paused: while the next keystroke's search is on its way, a
      // count for this query would only hold it up (the core answers one request at a time).
      if (withFacets) {
        cancelFacetsTimer();
        facetsTimer = setTimeout(() => {
          facetsTimer = null;
          if (g === gen) void loadFacets(g);
        }, FACETS_DELAY_MS);
      }
    } catch (e) {
      if (g !== gen) return;
      hardPending = false;
      set({ searchStatus: 'error', searchError: errorMessage(e), pages: new Map(), total: null });
    }
  };

  return {
    query: '',
    filters: EMPTY_FILTERS,
    sort: 'relevance',
    total: null,
    totalIsLowerBound: false,
    terms: [],
    tookMs: null,
    pages: new Map(),
    searchStatus: 'idle',
    searchError: null,
    searchKey: 0,
    facets: null,
    facetsQuery: null,
    facetsLoading: false,
    facetsError: null,
    cursor: -1,
    detail: { id: null, status: 'idle', case: null, error: null },
    mode: 'view',
    dirty: false,
    pendingOpen: null,

    typing: () => {
      // Drawing counts for the old query now would hold up the next answer.
      facetsGen++;
      cancelFacetsTimer();
    },

    search: (changes = {}) => {
      const onlySort = Object.keys(changes).length === 1 && 'sort' in changes;
      set(changes);
      void runSearch(!onlySort || get().facets === null);
    },

    toggleFilter: (group, value) => {
      const { filters } = get();
      const key = FILTER_KEY[group];
      const current: readonly string[] = filters[key];
      const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
      if (key === 'fields') get().search({ filters: { ...filters, fields: next.filter(isCaseField) } });
      else get().search({ filters: { ...filters, [key]: next } });
    },

    setYears: (from, to) => {
      get().search({ filters: { ...get().filters, yearFrom: from, yearTo: to } });
    },

    clearFilters: () => {
      get().search({ filters: EMPTY_FILTERS });
    },

    ensureRange: (first, last) => {
      const { total, pages } = get();
      if (hardPending || total === null || total === 0) return;
      const lastPage = Math.floor(Math.min(last, total - 1) / PAGE_SIZE);
      for (let p = Math.max(0, Math.floor(first / PAGE_SIZE)); p <= lastPage; p++) {
        if ((pages.has(p) && !stale.has(p)) || inflight.has(p)) continue;
        const g = gen;
        inflight.add(p);
        void (async () => {
          try {
            const result = await send('cases.search', { ...params(), offset: p * PAGE_SIZE, limit: PAGE_SIZE });
            if (g !== gen) return;
            stale.delete(p);
            set((s) => ({ pages: withPage(s.pages, p, result.items), total: result.total, searchError: null }));
          } catch (e) {
            if (g === gen) set({ searchError: errorMessage(e) });
          } finally {
            if (g === gen) inflight.delete(p);
          }
        })();
      }
    },

    refresh: async () => {
      if (hardPending) return;
      const g = ++gen;
      inflight.clear();
      void loadFacets(g);
      try {
        // The first page gives the new total; the other pages are fetched again as they come into view.
        const result = await send('cases.search', { ...params(), offset: 0, limit: PAGE_SIZE });
        if (g !== gen) return;
        set((s) => {
          const pages = new Map<number, CaseHit[]>();
          for (const [p, items] of s.pages) if (p > 0 && p * PAGE_SIZE < result.total) pages.set(p, items);
          pages.set(0, result.items);
          stale = new Set([...pages.keys()].filter((p) => p > 0));
          return {
            pages,
            total: result.total,
            totalIsLowerBound: result.totalIsLowerBound,
            terms: result.terms,
            tookMs: result.tookMs,
            searchStatus: 'ready',
            searchError: null,
            cursor: Math.min(s.cursor, result.total - 1),
          };
        });
      } catch (e) {
        if (g === gen) set({ searchError: errorMessage(e) });
      }
    },

    init: () => {
      const { total, searchStatus } = get();
      if (searchStatus === 'loading') return;
      if (total === null) get().search();
      else void get().refresh();
    },

    setCursor: (index) => {
      const { total } = get();
      if (total === null || total === 0) return;
      set({ cursor: Math.max(0, Math.min(total - 1, index)) });
    },

    requestOpen: (id) => {
      const { mode, dirty, detail } = get();
      if (mode !== 'view' && dirty) {
        if (!(mode === 'edit' && detail.id === id)) set({ pendingOpen: id });
        return;
      }
      void get().open(id);
    },

    confirmPendingOpen: () => {
      const id = get().pendingOpen;
      set({ pendingOpen: null, dirty: false, mode: 'view' });
      if (id) void get().open(id);
    },

    cancelPendingOpen: () => {
      set({ pendingOpen: null });
    },

    open: async (id) => {
      if (id === null) {
        set({ detail: { id: null, status: 'idle', case: null, error: null }, mode: 'view', dirty: false });
        return;
      }
      const prev = get().detail;
      set({
        detail: { id, status: 'loading', case: prev.id === id ? prev.case : null, error: null },
        mode: 'view',
        dirty: false,
      });
      try {
        const c = await send('cases.get', { id });
        if (get().detail.id === id) set({ detail: { id, status: 'ready', case: c, error: null } });
      } catch (e) {
        if (get().detail.id === id) set({ detail: { id, status: 'error', case: null, error: notFoundText(e) } });
      }
    },

    startCreate: () => {
      const { mode, dirty } = get();
      if (mode !== 'view' && dirty) return;
      set({ mode: 'create', dirty: false });
    },
    startEdit: () => {
      if (get().detail.case) set({ mode: 'edit', dirty: false });
    },
    cancelEdit: () => {
      set({ mode: 'view', dirty: false });
    },
    setDirty: (dirty) => {
      if (get().dirty !== dirty) set({ dirty });
    },

    save: async (input) => {
      const { mode, detail } = get();
      if (mode === 'edit' && detail.case) {
        const id = detail.case.id;
        const updated = await send('cases.update', { id, patch: input });
        set((s) => {
          const pages = new Map<number, CaseHit[]>();
          for (const [p, items] of s.pages) pages.set(p, items.map((h) => (h.id === id ? patchHit(h, updated) : h)));
          return { pages, detail: { id, status: 'ready', case: updated, error: null }, mode: 'view', dirty: false };
        });
        notify({ tone: 'ok', text: '保存しました' });
        void get().refresh();
        return updated;
      }
      const created = await send('cases.create', input);
      set({ detail: { id: created.id, status: 'ready', case: created, error: null }, mode: 'view', dirty: false });
      notify({ tone: 'ok', text: '登録しました' });
      void get().refresh();
      return created;
    },

    remove: async (id) => {
      try {
        const { deleted } = await send('cases.delete', { id });
        set((s) =>
          s.detail.id === id ? { detail: { id: null, status: 'idle', case: null, error: null }, mode: 'view', dirty: false } : {},
        );
        void get().refresh();
        notify({
          tone: 'ok',
          text: `削除しました: ${deleted.title}`,
          action: {
            label: '元に戻す',
            run: async () => {
              try {
                const restored = await send('cases.restore', { case: deleted });
                notify({ tone: 'ok', text: '元に戻しました' });
                await get().refresh();
                void get().open(restored.id);
              } catch (e) {
                notifyFailure('元に戻せませんでした', e);
              }
            },
          },
        });
      } catch (e) {
        notifyFailure('削除できませんでした', e);
      }
    },
  };
});
