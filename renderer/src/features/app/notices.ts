import { create } from 'zustand';
import type { Notice } from '../../../../shared/contract/notices.ts';
import { errorMessage, send } from '../../api/client.ts';

interface NoticesState {
  /** What the core has to tell the user (recovery at start, a restore, read-only, a failed backup). */
  items: Notice[];
  /** Japanese message when dismissing failed. */
  error: string | null;
  load: () => Promise<void>;
  dismiss: (id: string) => Promise<void>;
}

export const useNotices = create<NoticesState>()((set) => ({
  items: [],
  error: null,
  load: async () => {
    try {
      const { items } = await send('notices.list', {});
      set({ items, error: null });
    } catch {
      // The status line already says when the core cannot be reached.
    }
  },
  dismiss: async (id) => {
    try {
      const { items } = await send('notices.dismiss', { id });
      set({ items, error: null });
    } catch (e) {
      set({ error: errorMessage(e) });
    }
  },
}));
