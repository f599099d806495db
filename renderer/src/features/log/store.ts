import { create } from 'zustand';
import type { LogEntry } from '../../../../shared/domain/log.ts';
import { setCached, write, writeAndRefresh } from '../../api/query.ts';
import { notify, notifyFailure } from '../../lib/notify.tsx';

/**
 * UI state of 支援記録: which entry the form shows. The engagements, the engagement and its entries
 * come from the query cache (LogPage); the address (#/log?engagement=…&entry=…) is the selection.
 */
interface LogState {
  engagementId: string | null;
  /** The entry in the form (null for a new entry not saved yet, or no form). */
  selectedId: string | null;
  /** Identity of the open form: it stays the same when a new entry gets its id on first save. */
  formKey: string | null;

  /** Follow the address. */
  sync: (engagementId: string | null, entryId: string | null) => void;
  newEntry: () => void;
  closeForm: () => void;
  /** After the form `formKey` saved (created or updated) an entry. */
  entrySaved: (entry: LogEntry, formKey?: string) => void;
  /** Delete, offering 元に戻す in the notice. */
  deleteEntry: (id: string) => Promise<void>;
}

let newSeq = 0;

/** Put a saved entry into the cached list at once (the list is fetched again right after). */
function upsertCached(entry: LogEntry): void {
  setCached('log.list', { engagementId: entry.engagementId }, (cur) => {
    if (!cur) return cur;
    const known = cur.items.some((x) => x.id === entry.id);
    return { ...cur, items: known ? cur.items.map((x) => (x.id === entry.id ? entry : x)) : [entry, ...cur.items] };
  });
}

export const useLog = create<LogState>()((set, get) => ({
  engagementId: null,
  selectedId: null,
  formKey: null,

  sync: (engagementId, entryId) => {
    const s = get();
    if (engagementId !== s.engagementId) {
      set({ engagementId, selectedId: entryId, formKey: entryId ? `entry-${entryId}` : null });
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
    upsertCached(entry);
    // A new entry that got its id becomes the selected one — if its form is still the open one.
    if (formKey !== undefined && get().formKey === formKey) set({ selectedId: entry.id });
  },

  deleteEntry: async (id) => {
    try {
      const { deleted } = await write('log.delete', { id });
      set((s) => (s.selectedId === id ? { selectedId: null, formKey: null } : {}));
      notify({
        tone: 'ok',
        text: '支援記録を削除しました',
        action: {
          label: '元に戻す',
          run: async () => {
            try {
              const r = await writeAndRefresh('log.restore', { entry: deleted });
              if (get().engagementId === r.entry.engagementId) set({ selectedId: r.entry.id, formKey: `entry-${r.entry.id}` });
              notify({ tone: 'ok', text: '元に戻しました' });
            } catch (e) {
              notifyFailure('元に戻せませんでした', e);
            }
          },
        },
      });
    } catch (e) {
      notifyFailure('削除できませんでした', e);
    }
  },
}));
