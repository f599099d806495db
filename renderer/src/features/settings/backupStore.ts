import { create } from 'zustand';
import type { BackupList, BackupRestore, BackupVerify } from '../../../../shared/contract/backup.ts';
import { errorMessage, send } from '../../api/client.ts';

export type VerifyState = { state: 'running' } | { state: 'done'; result: BackupVerify } | { state: 'error'; message: string };

interface BackupState {
  list: BackupList | null;
  loadStatus: 'idle' | 'loading' | 'ready' | 'error';
  loadError: string | null;
  creating: boolean;
  /** The outcome of the last create/restore, in Japanese. */
  message: { kind: 'ok' | 'error'; text: string } | null;
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
  message: null,
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
    set({ creating: true, message: null });
    try {
      const b = await send('backup.create', {});
      set({ message: { kind: 'ok', text: `バックアップしました（${b.name}）。` } });
    } catch (e) {
      set({ message: { kind: 'error', text: errorMessage(e) } });
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
    set({ message: null });
    try {
      return await send('backup.restore', { name });
    } catch (e) {
      set({ message: { kind: 'error', text: errorMessage(e) } });
      await get().load();
      return null;
    }
  },
}));
