import { create } from 'zustand';
import type { BundleImportResult } from '../../../../shared/contract/index.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { ask, writeAndRefresh } from '../../api/query.ts';
import { saveFile } from '../../lib/files.ts';
import { notify, notifyExported, notifyFailure, notifyImported, type Tone } from '../../lib/notify.tsx';
import { bytesToBase64, readFileBytes } from '../../lib/files.ts';

/** The result of the last export or import, shown under its section. */
export interface Outcome {
  tone: Tone;
  text: string;
}

/** UI state of 受け渡し (the engagements and conflicts come from the query cache). */
interface TransferState {
  busy: 'export' | 'import' | null;
  exportOutcome: Outcome | null;
  importOutcome: (Outcome & { result?: BundleImportResult; fileName?: string }) | null;
  /** Conflicts being resolved (their buttons wait). */
  resolving: ReadonlySet<number>;
  resolveError: { id: number; text: string } | null;
  exportBundle: (target: { engagementId: string } | { library: true }, passphrase?: string) => Promise<void>;
  importFile: (file: File, passphrase?: string) => Promise<void>;
  /** A sealed bundle that needs (another try at) its passphrase. */
  sealedFile: File | null;
  resolve: (id: number, keep: 'mine' | 'theirs') => Promise<void>;
}

/**
 * Write a bundle and save it (desktop: the save dialog; browser: a download), with the same notice
 * as every export. Resolves with that line (or what happened on cancel); throws with a Japanese message.
 */
export async function exportAndSave(target: { engagementId: string } | { library: true }, passphrase?: string): Promise<string> {
  const file = await ask('bundle.export', passphrase ? { ...target, passphrase } : target);
  const saved = await saveFile(file);
  return notifyExported(file, saved, `${file.records}件の記録`) ?? '書き出しを取りやめました。';
}

export function importSummary(r: BundleImportResult): string {
  return `追加 ${r.added}件 / 更新 ${r.updated}件 / 変更なし ${r.unchanged}件 / 競合 ${r.conflicts}件`;
}

export const useTransfer = create<TransferState>()((set) => ({
  busy: null,
  exportOutcome: null,
  importOutcome: null,
  resolving: new Set(),
  resolveError: null,
  sealedFile: null,

  exportBundle: async (target, passphrase) => {
    set({ busy: 'export', exportOutcome: null });
    try {
      set({ exportOutcome: { tone: 'ok', text: `${await exportAndSave(target, passphrase)}${passphrase ? '（パスフレーズで暗号化）' : ''}` } });
    } catch (e) {
      notifyFailure('書き出せませんでした', e);
      set({ exportOutcome: { tone: 'error', text: `書き出せませんでした: ${errorMessage(e)}` } });
    } finally {
      set({ busy: null });
    }
  },

  importFile: async (file, passphrase) => {
    set({ busy: 'import', importOutcome: null });
    try {
      const bytes = await readFileBytes(file);
      const contentBase64 = await bytesToBase64(bytes);
      // Everything may have changed: every cached read is fetched again before the result shows.
      const result = await writeAndRefresh('bundle.import', { contentBase64, fileName: file.name, ...(passphrase ? { passphrase } : {}) });
      set({ sealedFile: null });
      const text = importSummary(result);
      // Conflicts wait on this page: not a plain success.
      const tone = notifyImported(`取り込みました: ${text}`, { count: result.conflicts, what: '競合は下の一覧で解決してください' });
      set({ importOutcome: { tone, text, result, fileName: file.name } });
    } catch (e) {
      notifyFailure('取り込めませんでした', e);
      // A sealed bundle: ask for its passphrase (again) and try the same file.
      const sealed = e instanceof ApiError && e.path?.[0] === 'passphrase';
      set({ importOutcome: { tone: 'error', text: errorMessage(e), fileName: file.name }, sealedFile: sealed ? file : null });
    } finally {
      set({ busy: null });
    }
  },

  resolve: async (id, keep) => {
    set((s) => ({ resolving: new Set([...s.resolving, id]), resolveError: null }));
    try {
      await writeAndRefresh('conflicts.resolve', { id, keep });
      notify({ tone: 'ok', text: keep === 'mine' ? '自分の版を残しました' : '取り込んだ版を採用しました' });
    } catch (e) {
      set({ resolveError: { id, text: errorMessage(e) } });
    } finally {
      set((s) => {
        const next = new Set(s.resolving);
        next.delete(id);
        return { resolving: next };
      });
    }
  },
}));
