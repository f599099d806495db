import { create } from 'zustand';
import type { Dashboard } from '../../../../shared/contract/index.ts';
import { errorMessage, send } from '../../api/client.ts';
import { notify } from '../../lib/notify.tsx';

type Status = 'idle' | 'loading' | 'ready' | 'error';
type Action = Dashboard['nextActions'][number];

interface DashboardState {
  dashboard: Dashboard | null;
  status: Status;
  error: string | null;
  /** Actions being marked done (hidden at once, back if the save fails). */
  settling: ReadonlySet<string>;
  load: () => Promise<void>;
  setDone: (action: Action, done: boolean) => Promise<void>;
}

let pending: Promise<void> | null = null;

export const useDashboard = create<DashboardState>()((set, get) => ({
  dashboard: null,
  status: 'idle',
  error: null,
  settling: new Set(),

  load: () => {
    if (pending) return pending;
    if (!get().dashboard) set({ status: 'loading' });
    pending = (async () => {
      try {
        const dashboard = await send('dashboard.get', {});
        set({ dashboard, status: 'ready', error: null });
      } catch (e) {
        set({ status: 'error', error: errorMessage(e) });
      } finally {
        pending = null;
      }
    })();
    return pending;
  },

  setDone: async (action, done) => {
    set((s) => ({ settling: new Set([...s.settling, action.actionId]) }));
    try {
      await send('log.setActionDone', { entryId: action.entryId, actionId: action.actionId, done });
      await get().load();
      if (done) {
        notify({
          tone: 'ok',
          text: `「${action.task}」を完了にしました`,
          action: { label: '元に戻す', run: () => get().setDone(action, false) },
        });
      }
    } catch (e) {
      notify({ tone: 'error', text: `変更できませんでした: ${errorMessage(e)}` });
    } finally {
      set((s) => {
        const next = new Set(s.settling);
        next.delete(action.actionId);
        return { settling: next };
      });
    }
  },
}));
