import { create } from 'zustand';
import type { Template, TemplateProblem } from '../../../../shared/domain/template.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { ask, readFresh, write } from '../../api/query.ts';
import { notify } from '../../lib/notify.tsx';
import { clampSelection, type Selection } from './draft.ts';

/**
 * The template editor (テンプレートの管理): the list of templates, the one being edited as a draft,
 * the selected node of its outline, and the problems the core reported (by path).
 *
 * Saving is explicit (保存 / Ctrl+S): a template is only valid as a whole, and every save raises
 * its version, which plans offer as 「最新版に更新」. Saving sends the version the draft was loaded
 * at; a template saved elsewhere since then is a conflict the user resolves (reload or overwrite).
 */

export interface Loaded {
  id: string;
  builtIn: boolean;
  version: number;
  /** JSON of the template as stored: the draft is dirty when it differs. */
  baseline: string;
}

/** The editor's UI state: the template being edited (the list comes from the query cache). */
interface TemplatesState {
  loaded: Loaded | null;
  draft: Template | null;
  loading: boolean;
  loadError: string | null;
  selection: Selection;
  /** Problems of the draft by path, from the last save (and re-checked while editing). */
  problems: TemplateProblem[];
  saving: boolean;
  /** The stored template is newer than the draft's base. */
  conflict: { version: number } | null;

  open: (id: string) => Promise<void>;
  close: () => void;
  setDraft: (t: Template, selection?: Selection) => void;
  select: (s: Selection) => void;
  save: (opts?: { overwrite?: boolean }) => Promise<boolean>;
  revalidate: () => Promise<void>;
  discard: () => void;
}

export function isDirty(s: Pick<TemplatesState, 'draft' | 'loaded'>): boolean {
  return s.draft !== null && s.loaded !== null && !s.loaded.builtIn && JSON.stringify(s.draft) !== s.loaded.baseline;
}

/** Problems of an ApiError about a template: every issue with its path as one string. */
export function problemsOf(e: unknown): TemplateProblem[] {
  if (!(e instanceof ApiError)) return [{ path: '', message: errorMessage(e) }];
  if (e.issues && e.issues.length > 0) return e.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return [{ path: (e.path ?? []).map(String).join('.'), message: e.message }];
}

let openSeq = 0;

export const useTemplates = create<TemplatesState>()((set, get) => ({
  loaded: null,
  draft: null,
  loading: false,
  loadError: null,
  selection: { kind: 'template' },
  problems: [],
  saving: false,
  conflict: null,

  open: async (id) => {
    const seq = ++openSeq;
    set({ loading: true, loadError: null });
    try {
      const r = await readFresh('templates.get', { id });
      if (seq !== openSeq) return;
      const keep = get().loaded?.id === id ? get().selection : ({ kind: 'template' } as Selection);
      set({
        loaded: { id, builtIn: r.builtIn, version: r.template.version, baseline: JSON.stringify(r.template) },
        draft: r.template,
        selection: clampSelection(r.template, keep),
        loading: false,
        problems: [],
        conflict: null,
      });
    } catch (e) {
      if (seq !== openSeq) return;
      set({ loading: false, loadError: errorMessage(e), loaded: null, draft: null });
    }
  },

  close: () => {
    openSeq++;
    set({ loaded: null, draft: null, problems: [], conflict: null, selection: { kind: 'template' }, loadError: null });
  },

  setDraft: (t, selection) => {
    if (get().loaded?.builtIn) return;
    set(selection ? { draft: t, selection } : { draft: t });
  },

  select: (selection) => set({ selection }),

  save: async (opts = {}) => {
    const { draft, loaded } = get();
    if (!draft || !loaded || loaded.builtIn || get().saving) return false;
    set({ saving: true });
    try {
      let expectedVersion = loaded.version;
      if (opts.overwrite) expectedVersion = (await readFresh('templates.get', { id: loaded.id })).template.version;
      const saved = await write('templates.save', { template: draft, expectedVersion });
      set({
        saving: false,
        draft: saved,
        loaded: { ...loaded, version: saved.version, baseline: JSON.stringify(saved) },
        selection: clampSelection(saved, get().selection),
        problems: [],
        conflict: null,
      });
      notify({ tone: 'ok', text: `保存しました（版 ${saved.version}）` });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict' && e.path?.[0] === 'version') {
        const current = await readFresh('templates.get', { id: loaded.id }).catch(() => null);
        set({ saving: false, conflict: { version: current?.template.version ?? loaded.version + 1 } });
        return false;
      }
      const problems = problemsOf(e);
      set({ saving: false, problems });
      notify({ tone: 'error', text: `保存できませんでした（誤り ${problems.length}件）。` });
      return false;
    }
  },

  revalidate: async () => {
    const { draft, loaded } = get();
    if (!draft || !loaded) return;
    try {
      const r = await ask('templates.validate', { template: draft });
      if (get().draft === draft) set({ problems: r.errors });
    } catch {
      // Keep the problems shown; the next save reports again.
    }
  },

  discard: () => {
    const { loaded } = get();
    if (!loaded) return;
    const t = JSON.parse(loaded.baseline) as Template;
    set({ draft: t, problems: [], conflict: null, selection: clampSelection(t, get().selection) });
  },

}));
