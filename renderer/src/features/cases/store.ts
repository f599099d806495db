import { create } from 'zustand';
import type { CaseFilters, CaseHit, CaseSearchResult, CaseSort } from '../../../../shared/contract/index.ts';
import { CASE_FIELDS, type Case, type CaseField, type CaseInputDraft } from '../../../../shared/domain/case.ts';
import { queryClient, setCached, write, writeAndRefresh } from '../../api/query.ts';
import { notify, notifyFailure } from '../../lib/notify.tsx';

/**
 * UI state of 事例ライブラリ: the search as committed, the keyboard cursor, the open case and the
 * form mode. The results, counts and cases themselves live in the query cache (data.ts).
 */

/** Rows per request while scrolling. */
export const PAGE_SIZE = 100;

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

export interface SearchParams {
  query: string;
  filters: CaseFilters;
  sort: CaseSort;
}

/** What facet counts are asked for: a query and filters (sort does not change counts). */
export interface FacetParams {
  query: string;
  filters: CaseFilters;
}

interface CasesState extends SearchParams {
  /** Keyboard position in the list (row index), -1 for none. */
  cursor: number;
  /** The case shown in the detail pane. */
  openId: string | null;
  mode: Mode;
  /** The form has changes not saved yet. */
  dirty: boolean;
  /** A case to open once the user agrees to drop unsaved changes. */
  pendingOpen: string | null;
  /** The counts wanted now: set once typing pauses after the results came, cleared when typing resumes. */
  facets: FacetParams | null;

  /** Start (or run again) the search with these changes. */
  search: (changes?: Partial<SearchParams>) => void;
  /** The user is typing a new query: facet counts for the current one are not wanted now. */
  typing: () => void;
  /** The first page of `params` has come: ask for its counts once typing has paused. */
  resultsShown: (params: SearchParams) => void;
  toggleFilter: (group: FacetGroup, value: string) => void;
  setYears: (from: number | null, to: number | null) => void;
  clearFilters: () => void;
  setCursor: (index: number, total: number) => void;
  /** Open a case in the detail pane (asks first when a form has unsaved changes). */
  requestOpen: (id: string) => void;
  open: (id: string | null) => void;
  confirmPendingOpen: () => void;
  cancelPendingOpen: () => void;
  startCreate: () => void;
  startEdit: () => void;
  cancelEdit: () => void;
  setDirty: (dirty: boolean) => void;
  /** Create or update from the form. Throws ApiError for the form to show. */
  save: (input: CaseInputDraft, editing: Case | null) => Promise<Case>;
  /** Delete, offering 元に戻す in the notice. */
  remove: (c: Case) => Promise<void>;
}

/** Facet counts follow the results after this pause (a new search within it skips them). */
export const FACETS_DELAY_MS = 150;
let facetsTimer: ReturnType<typeof setTimeout> | null = null;

function cancelFacetsTimer(): void {
  if (facetsTimer !== null) clearTimeout(facetsTimer);
  facetsTimer = null;
}

export function searchInput(p: SearchParams, page: number) {
  return { query: p.query, filters: p.filters, sort: p.sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE };
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

/** Show an edited case in every cached result page at once (the pages are read again right after). */
function patchCachedHits(c: Case): void {
  queryClient.setQueriesData<CaseSearchResult>({ queryKey: ['cases.search'] }, (r) =>
    r && r.items.some((h) => h.id === c.id) ? { ...r, items: r.items.map((h) => (h.id === c.id ? patchHit(h, c) : h)) } : r,
  );
}

const sameFacets = (a: FacetParams | null, b: FacetParams) => a !== null && a.query === b.query && JSON.stringify(a.filters) === JSON.stringify(b.filters);

export const useCases = create<CasesState>()((set, get) => ({
  query: '',
  filters: EMPTY_FILTERS,
  sort: 'relevance',
  cursor: -1,
  openId: null,
  mode: 'view',
  dirty: false,
  pendingOpen: null,
  facets: null,

  search: (changes = {}) => {
    const before = get();
    const changed = (Object.keys(changes) as (keyof SearchParams)[]).some((k) => JSON.stringify(changes[k]) !== JSON.stringify(before[k]));
    // The same search again (Enter after the delay fired): its answer and counts are on their way.
    if (!changed) return;
    cancelFacetsTimer();
    set(changes);
  },

  typing: () => {
    // Drawing counts for the old query now would hold up the next answer (the core answers one
    // request at a time): drop the wish and the request in flight (the last counts stay shown).
    cancelFacetsTimer();
    if (get().facets !== null) set({ facets: null });
    void queryClient.cancelQueries({ queryKey: ['cases.facets'] });
  },

  resultsShown: (params) => {
    cancelFacetsTimer();
    const wanted = { query: params.query, filters: params.filters };
    if (sameFacets(get().facets, wanted)) return;
    facetsTimer = setTimeout(() => {
      facetsTimer = null;
      const { query, filters } = get();
      if (query === wanted.query && JSON.stringify(filters) === JSON.stringify(wanted.filters)) set({ facets: wanted });
    }, FACETS_DELAY_MS);
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

  setCursor: (index, total) => {
    if (total <= 0) return;
    set({ cursor: Math.max(0, Math.min(total - 1, index)) });
  },

  requestOpen: (id) => {
    const { mode, dirty, openId } = get();
    if (mode !== 'view' && dirty) {
      if (!(mode === 'edit' && openId === id)) set({ pendingOpen: id });
      return;
    }
    get().open(id);
  },

  confirmPendingOpen: () => {
    const id = get().pendingOpen;
    set({ pendingOpen: null, dirty: false, mode: 'view' });
    if (id) get().open(id);
  },

  cancelPendingOpen: () => {
    set({ pendingOpen: null });
  },

  open: (id) => {
    set({ openId: id, mode: 'view', dirty: false });
  },

  startCreate: () => {
    const { mode, dirty } = get();
    if (mode !== 'view' && dirty) return;
    set({ mode: 'create', dirty: false });
  },
  startEdit: () => {
    if (get().openId) set({ mode: 'edit', dirty: false });
  },
  cancelEdit: () => {
    set({ mode: 'view', dirty: false });
  },
  setDirty: (dirty) => {
    if (get().dirty !== dirty) set({ dirty });
  },

  save: async (input, editing) => {
    if (editing) {
      // A second window that saved first makes this save a conflict instead of overwriting it.
      const updated = await write('cases.update', { id: editing.id, patch: input, expectedUpdatedAt: editing.updatedAt });
      setCached('cases.get', { id: updated.id }, () => updated);
      patchCachedHits(updated);
      set({ openId: updated.id, mode: 'view', dirty: false });
      notify({ tone: 'ok', text: '保存しました' });
      return updated;
    }
    const created = await write('cases.create', input);
    setCached('cases.get', { id: created.id }, () => created);
    set({ openId: created.id, mode: 'view', dirty: false });
    notify({ tone: 'ok', text: '登録しました' });
    return created;
  },

  remove: async (c) => {
    try {
      const { deleted } = await write('cases.delete', { id: c.id });
      set((s) => (s.openId === c.id ? { openId: null, mode: 'view', dirty: false } : {}));
      notify({
        tone: 'ok',
        text: `削除しました: ${deleted.title}`,
        action: {
          label: '元に戻す',
          run: async () => {
            try {
              const restored = await writeAndRefresh('cases.restore', { case: deleted });
              notify({ tone: 'ok', text: '元に戻しました' });
              get().open(restored.id);
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
}));
