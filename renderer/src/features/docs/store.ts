import { create } from 'zustand';
import type { DocModel, Era } from '../../../../shared/domain/document.ts';
import type { SaveFileResult } from '../../../../shared/save-file.ts';
import { errorMessage, send } from '../../api/client.ts';
import { saveFile } from '../../lib/save.ts';

export type DocKind = 'plan' | 'report';
export type Unanswered = 'omit' | 'mark';

export interface DocOptionsState {
  doc: DocKind;
  era: Era;
  unanswered: Unanswered;
}

type Status = 'idle' | 'loading' | 'ready' | 'error';

interface DocsState {
  engagementId: string | null;
  options: DocOptionsState;
  /** The document model of the options shown (kept while the next one loads). */
  model: DocModel | null;
  /** The options `model` was made with. */
  shown: DocOptionsState | null;
  status: Status;
  /** Japanese message of the last failure to build the preview. */
  error: string | null;
  saving: boolean;
  /** Show an engagement's document; `doc` from the route, the era from the settings. */
  open: (engagementId: string, doc: DocKind) => Promise<void>;
  /** Change options and show the document again. */
  setOptions: (patch: Partial<DocOptionsState>) => Promise<void>;
  /** docs.export with the options shown, then saveFile (dialog on the desktop, download in the browser). */
  save: () => Promise<{ fileName: string; result: SaveFileResult }>;
}

// Answers may arrive out of order when options change quickly: only the latest request counts.
let seq = 0;

/** The date style chosen in 設定 (和暦 unless changed). */
async function settingsEra(): Promise<Era> {
  try {
    return (await send('settings.get', {})).dateStyle;
  } catch {
    return 'wareki';
  }
}

const inputOf = (engagementId: string, o: DocOptionsState) => ({ engagementId, doc: o.doc, era: o.era, unanswered: o.unanswered });

export const useDocs = create<DocsState>()((set, get) => {
  const load = async () => {
    const { engagementId, options } = get();
    if (!engagementId) return;
    const mine = ++seq;
    set({ status: 'loading' });
    try {
      const model = await send('docs.model', inputOf(engagementId, options));
      if (mine !== seq) return;
      set({ model, shown: options, status: 'ready', error: null });
    } catch (e) {
      if (mine !== seq) return;
      set({ status: 'error', error: errorMessage(e), model: null, shown: null });
    }
  };

  return {
    engagementId: null,
    options: { doc: 'plan', era: 'wareki', unanswered: 'omit' },
    model: null,
    shown: null,
    status: 'idle',
    error: null,
    saving: false,

    open: async (engagementId, doc) => {
      const same = get().engagementId === engagementId;
      // Another engagement: forget its document at once, never show it under this one's name.
      if (!same) set({ engagementId, model: null, shown: null, error: null });
      const era = same ? get().options.era : await settingsEra();
      set((s) => ({ options: { ...s.options, doc, era } }));
      await load();
    },

    setOptions: async (patch) => {
      set((s) => ({ options: { ...s.options, ...patch } }));
      await load();
    },

    save: async () => {
      const { engagementId, options } = get();
      if (!engagementId) throw new Error('案件が選ばれていません。');
      set({ saving: true });
      try {
        const out = await send('docs.export', inputOf(engagementId, options));
        const result = await saveFile(out);
        return { fileName: out.fileName, result };
      } finally {
        set({ saving: false });
      }
    },
  };
});
