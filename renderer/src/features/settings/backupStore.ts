import { create } from 'zustand';
import type { BackupList, BackupRestore, BackupVerify } from '../../../../shared/contract/backup.ts';
import { errorMessage, send } from '../../api/client.ts';
import { notify, notifyFailure } from '../../lib/notify.tsx';

export type VerifyState = { state: 'running' } | { state: 'done'; result: BackupVerify } | { state: 'error'; message: string };

interface BackupState {
  list: BackupList | null;
  loadStatus: 'idle' | 'loading' | 'ready' | 'error';
  loadError: string | null;
  creating: boolean;
  /** Verification results per backup name. */
  verify: Record<string, VerifyState>;
  load: () => Promise<void>;
  create: () => Promise<void>;
  check: (name: string) => Promise<void>;
  /** Restore a backup; resolves with the result, or null when it failed (the message says why). */
  restore: (name: string) => Promise<BackupRestore | null>;
}

export const useBackups = create<BackupState>()((set, get) => ({
  list: null,
  loadStatus: 'idle',
  loadError: null,
  creating: false,
  verify: {},

  load: async () => {
    set({ loadStatus: 'loading' });
    try {
      const list = await send('backup.list', {});
      set({ list, loadStatus: 'ready', loadError: null });
    } catch (e) {
      set({ loadStatus: 'error', loadError: errorMessage(e) });
    }
  },

  create: async () => {
    if (get().creating) return;
    set({ creating: true });
    try {
      const b = await send('backup.create', {});
      notify({ tone: 'ok', text: `バックアップしました（${b.name}）。` });
    } catch (e) {
      notifyFailure('バックアップできませんでした', e);
    } finally {
      set({ creating: false });
    }
    await get().load();
  },

  check: async (name) => {
    set((s) => ({ verify: { ...s.verify, [name]: { state: 'running' } } }));
    try {
      const result = await send('backup.verify', { name });
      set((s) => ({ verify: { ...s.verify, [name]: { state: 'done', result } } }));
    } catch (e) {
      set((s) => ({ verify: { ...s.verify, [name]: { state: 'error', message: errorMessage(e) } } }));
    }
  },

  restore: async (name) => {
    try {
      return await send('backup.restore', { name });
    } catch (e) {
      notifyFailure('復元できませんでした', e);
      await get().load();
      return null;
    }
  },
}));
