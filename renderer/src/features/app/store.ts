import { create } from 'zustand';
import type { Info } from '../../../../shared/contract/index.ts';
import { errorMessage, send } from '../../api/client.ts';

type Status = 'idle' | 'loading' | 'ready' | 'error';

interface AppInfoState {
  /** Last known answer of app.info (kept while reloading). */
  info: Info | null;
  status: Status;
  /** Japanese message of the last failure. */
  error: string | null;
  /** Ask the core for app.info (data folder, schema version, counts). */
  load: () => Promise<void>;
}

let pending: Promise<void> | null = null;

export const useAppInfo = create<AppInfoState>()((set) => ({
  info: null,
  status: 'idle',
  error: null,
  load: () => {
    // Several components may ask at once (status line, home); share one request.
    if (pending) return pending;
    set({ status: 'loading' });
    pending = (async () => {
      try {
        const info = await send('app.info', {});
        set({ info, status: 'ready', error: null });
      } catch (e) {
        set({ status: 'error', error: errorMessage(e) });
      } finally {
        pending = null;
      }
    })();
    return pending;
  },
}));
