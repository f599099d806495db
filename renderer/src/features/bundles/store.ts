import { create } from 'zustand';
import type { BundleImportResult, ConflictView, EngagementSummary } from '../../../../shared/contract/index.ts';
import { errorMessage, send } from '../../api/client.ts';
import { saveFile } from '../../lib/save.ts';
import { notifyExported, notifyFailure, notifyImported, type Tone } from '../../lib/notify.tsx';
import { bytesToBase64, readFileBytes } from '../cases/base64.ts';

type Status = 'idle' | 'loading' | 'ready' | 'error';

/** The result of the last export or import, shown under its section. */
export interface Outcome {
  tone: Tone;
  text: string;
}

interface TransferState {
  engagements: EngagementSummary[];
  conflicts: ConflictView[];
  status: Status;
  error: string | null;
  busy: 'export' | 'import' | null;
  exportOutcome: Outcome | null;
  importOutcome: (Outcome & { result?: BundleImportResult; fileName?: string }) | null;
  /** Conflicts being resolved (their buttons wait). */
  resolving: ReadonlySet<number>;
  resolveError: { id: number; text: string } | null;
  load: () => Promise<void>;
  loadConflicts: () => Promise<void>;
  exportBundle: (target: { engagementId: string } | { library: true }) => Promise<void>;
  importFile: (file: File) => Promise<void>;
  resolve: (id: number, keep: 'mine' | 'theirs') => Promise<void>;
}

/**
 * Write a bundle and save it (desktop: the save dialog; browser: a download), with the same notice
 * as every export. Resolves with that line (or what happened on cancel); throws with a Japanese message.
 */
export async function exportAndSave(target: { engagementId: string } | { library: true }): Promise<string> {
  const file = await send('bundle.export', target);
  const saved = await saveFile(file);
  return notifyExported(file, saved, `${file.records}件の記録`) ?? '書き出しを取りやめました。';
}

export function importSummary(r: BundleImportResult): string {
  return `追加 ${r.added}件 / 更新 ${r.updated}件 / 変更なし ${r.unchanged}件 / 競合 ${r.conflicts}件`;
}

export const useTransfer = create<TransferState>()((set, get) => ({
  engagements: [],
  conflicts: [],
  status: 'idle',
  error: null,
  busy: null,
  exportOutcome: null,
  importOutcome: null,
  resolving: new Set(),
  resolveError: null,

  load: async () => {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const [engagements, conflicts] = await Promise.all([send('engagements.list', {}), send('conflicts.list', {})]);
      set({ engagements: engagements.items, conflicts: conflicts.items, status: 'ready', error: null });
    } catch (e) {
      set({ status: 'error', error: errorMessage(e) });
    }
  },

  loadConflicts: async () => {
    try {
      set({ conflicts: (await send('conflicts.list', {})).items });
    } catch (e) {
      set({ resolveError: { id: 0, text: errorMessage(e) } });
    }
  },

  exportBundle: async (target) => {
    set({ busy: 'export', exportOutcome: null });
    try {
      set({ exportOutcome: { tone: 'ok', text: await exportAndSave(target) } });
    } catch (e) {
      notifyFailure('書き出せませんでした', e);
      set({ exportOutcome: { tone: 'error', text: `書き出せませんでした: ${errorMessage(e)}` } });
    } finally {
      set({ busy: null });
    }
  },

  importFile: async (file) => {
    set({ busy: 'import', importOutcome: null });
    try {
      const bytes = await readFileBytes(file);
      const contentBase64 = await bytesToBase64(bytes);
      const result = await send('bundle.import', { contentBase64, fileName: file.name });
      const text = importSummary(result);
      // Conflicts wait on this page: not a plain success.
      const tone = notifyImported(`取り込みました: ${text}`, { count: result.conflicts, what: '競合は下の一覧で解決してください' });
      set({ importOutcome: { tone, text, result, fileName: file.name } });
      await get().load();
    } catch (e) {
      notifyFailure('取り込めませんでした', e);
      set({ importOutcome: { tone: 'error', text: errorMessage(e), fileName: file.name } });
    } finally {
      set({ busy: null });
    }
  },

  resolve: async (id, keep) => {
    set((s) => ({ resolving: new Set([...s.resolving, id]), resolveError: null }));
    try {
      await send('conflicts.resolve', { id, keep });
      await get().loadConflicts();
    } catch (e) {
      set({ resolveError: { id, text: errorMessage(e) } });
      await get().loadConflicts();
    } finally {
      set((s) => {
        const next = new Set(s.resolving);
        next.delete(id);
        return { resolving: next };
      });
    }
  },
}));
