import { create } from 'zustand';
import type { EngagementSummary, EngagementView } from '../../../../shared/contract/index.ts';
import type { LogEntry } from '../../../../shared/domain/log.ts';
import { ApiError, errorMessage, send } from '../../api/client.ts';
import { notify } from '../../lib/notify.tsx';

type Status = 'idle' | 'loading' | 'ready' | 'error';

interface LogState {
  /** Every engagement, for the selector. */
  options: EngagementSummary[];
  optionsStatus: Status;
  engagementId: string | null;
  engagement: EngagementView | null;
  engagementError: string | null;
  entries: LogEntry[];
  entriesStatus: Status;
  /** The entry in the form (null for a new entry not saved yet, or no form). */
  selectedId: string | null;
  /** Identity of the open form: it stays the same when a new entry gets its id on first save. */
  formKey: string | null;
  historyKey: number;

  loadOptions: () => Promise<void>;
  /** Forget the selection (on entering the page: everything is read again). */
  reset: () => void;
  /** Follow the address (#/log?engagement=…&entry=…). */
  sync: (engagementId: string | null, entryId: string | null) => Promise<void>;
  newEntry: () => void;
  closeForm: () => void;
  /** After the form `formKey` saved (created or updated) an entry. */
  entrySaved: (entry: LogEntry, formKey?: string) => void;
  /** Entries (their over-quota marks) and the engagement's quota, again. */
  refresh: () => Promise<void>;
  deleteEntry: (id: string) => Promise<void>;
}

let newSeq = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

export const useLog = create<LogState>()((set, get) => {
  const loadEngagement = async (id: string) => {
    set({ entriesStatus: 'loading' });
    try {
      const [view, list] = await Promise.all([send('engagements.get', { id }), send('log.list', { engagementId: id })]);
      if (get().engagementId !== id) return;
      set({ engagement: view, entries: list.items, entriesStatus: 'ready', engagementError: null });
    } catch (e) {
      if (get().engagementId !== id) return;
      set({
        entriesStatus: 'error',
        engagementError:
          e instanceof ApiError && e.code === 'not_found' ? 'この案件は見つかりません。削除された可能性があります。' : errorMessage(e),
      });
    }
  };

  return {
    options: [],
    optionsStatus: 'idle',
    engagementId: null,
    engagement: null,
    engagementError: null,
    entries: [],
    entriesStatus: 'idle',
    selectedId: null,
    formKey: null,
    historyKey: 0,

    loadOptions: async () => {
      if (get().optionsStatus !== 'ready') set({ optionsStatus: 'loading' });
      try {
        const r = await send('engagements.list', {});
        set({ options: r.items, optionsStatus: 'ready' });
      } catch {
        set({ optionsStatus: 'error' });
      }
    },

    reset: () => {
      set({ engagementId: null, engagement: null, engagementError: null, entries: [], entriesStatus: 'idle', selectedId: null, formKey: null });
    },

    sync: async (engagementId, entryId) => {
      const s = get();
      if (engagementId !== s.engagementId) {
        set({
          engagementId,
          engagement: null,
          engagementError: null,
          entries: [],
          entriesStatus: engagementId ? 'loading' : 'idle',
          selectedId: entryId,
          formKey: entryId ? `entry-${entryId}` : null,
        });
        if (engagementId) await loadEngagement(engagementId);
        return;
      }
      if (entryId && entryId !== s.selectedId) set({ selectedId: entryId, formKey: `entry-${entryId}` });
    },

    newEntry: () => {
      newSeq += 1;
      set({ selectedId: null, formKey: `new-${newSeq}` });
    },

    closeForm: () => {
      set({ selectedId: null, formKey: null });
    },

    entrySaved: (entry, formKey) => {
      set((s) => {
        const known = s.entries.some((x) => x.id === entry.id);
        const ours = s.engagementId === entry.engagementId;
        return {
          entries: !ours ? s.entries : known ? s.entries.map((x) => (x.id === entry.id ? entry : x)) : [entry, ...s.entries],
          // A new entry that got its id becomes the selected one — if its form is still the open one.
          selectedId: formKey !== undefined && s.formKey === formKey ? entry.id : s.selectedId,
          historyKey: s.historyKey + 1,
        };
      });
      // Saving one entry can move the marks of the others and the quota: ask again once typing pauses.
      if (refreshTimer !== null) clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        void get().refresh();
      }, 150);
    },

    refresh: async () => {
      const id = get().engagementId;
      if (!id) return;
      try {
        const [view, list] = await Promise.all([send('engagements.get', { id }), send('log.list', { engagementId: id })]);
        if (get().engagementId !== id) return;
        set({ engagement: view, entries: list.items, entriesStatus: 'ready' });
      } catch {
        // Keep what is shown; the next save asks again.
      }
    },

    deleteEntry: async (id) => {
      try {
        const { deleted } = await send('log.delete', { id });
        set((s) => ({
          entries: s.entries.filter((x) => x.id !== id),
          ...(s.selectedId === id ? { selectedId: null, formKey: null } : {}),
        }));
        void get().refresh();
        notify({
          tone: 'ok',
          text: '支援記録を削除しました',
          action: {
            label: '元に戻す',
            run: async () => {
              try {
                const r = await send('log.restore', { entry: deleted });
                await get().refresh();
                if (get().engagementId === r.entry.engagementId) set({ selectedId: r.entry.id, formKey: `entry-${r.entry.id}` });
                notify({ tone: 'ok', text: '元に戻しました' });
              } catch (e) {
                notify({ tone: 'error', text: `元に戻せませんでした: ${errorMessage(e)}` });
              }
            },
          },
        });
      } catch (e) {
        notify({ tone: 'error', text: `削除できませんでした: ${errorMessage(e)}` });
      }
    },
  };
});
