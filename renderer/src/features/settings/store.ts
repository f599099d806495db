import { create } from 'zustand';
import type { Settings, SettingKey } from '../../../../shared/contract/index.ts';
import { SETTING_KEYS } from '../../../../shared/contract/index.ts';
import { ApiError, errorMessage, send } from '../../api/client.ts';
import type { SaveState } from '../../components/SaveIndicator.tsx';

/** How long to wait after the last keystroke before saving. */
export const SAVE_DELAY_MS = 500;

export type { SaveState };
export type FieldErrors = Partial<Record<SettingKey, string>>;

interface SettingsState {
  /** What the core last confirmed. */
  saved: Settings | null;
  /** What the form shows (may be ahead of `saved` while a save is pending). */
  draft: Settings | null;
  loadStatus: 'idle' | 'loading' | 'ready' | 'error';
  loadError: string | null;
  saveState: SaveState;
  /** A save failure that belongs to no single field. */
  saveError: string | null;
  /** Japanese messages per field, from ApiError.path / issues. */
  fieldErrors: FieldErrors;
  load: () => Promise<void>;
  /** Change one field; saved automatically after SAVE_DELAY_MS (or at once). */
  edit: <K extends SettingKey>(key: K, value: Settings[K], opts?: { immediate?: boolean }) => void;
  /** Save pending changes now. */
  flush: () => Promise<void>;
  /**
   * Tell the store an IME composition started/ended in a field: half-converted
   * text is never saved; the delay starts again when the composition ends.
   */
  setComposing: (composing: boolean) => void;
}

// Bookkeeping outside React: keys changed since the last save, the debounce
// timer and the request in flight. Saves run one at a time, in order.
const dirty = new Set<SettingKey>();
let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight: Promise<void> | null = null;
let loading: Promise<void> | null = null;
let composing = false;

function clearTimer(): void {
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
}

function schedule(run: () => void): void {
  clearTimer();
  timer = setTimeout(() => {
    timer = null;
    // Still converting (IME): wait for the composition to end.
    if (composing) schedule(run);
    else run();
  }, SAVE_DELAY_MS);
}

function isSettingKey(x: unknown): x is SettingKey {
  return typeof x === 'string' && (SETTING_KEYS as readonly string[]).includes(x);
}

/** Spread an ApiError over the fields it names; the rest is a general message. */
function toFieldErrors(e: unknown): { fields: FieldErrors; general: string | null } {
  const fields: FieldErrors = {};
  if (e instanceof ApiError) {
    for (const issue of e.issues ?? []) {
      const key = issue.path[0];
      if (isSettingKey(key) && !fields[key]) fields[key] = issue.message;
    }
    const key = e.path?.[0];
    if (isSettingKey(key) && !fields[key]) fields[key] = e.message;
    if (Object.keys(fields).length > 0) return { fields, general: null };
  }
  return { fields, general: errorMessage(e) };
}

export const useSettings = create<SettingsState>()((set, get) => ({
  saved: null,
  draft: null,
  loadStatus: 'idle',
  loadError: null,
  saveState: 'idle',
  saveError: null,
  fieldErrors: {},

  load: () => {
    if (loading) return loading;
    // Never overwrite what the user is typing.
    if (dirty.size > 0 || inFlight) return Promise.resolve();
    set({ loadStatus: 'loading' });
    loading = (async () => {
      try {
        const settings = await send('settings.get', {});
        if (dirty.size > 0) {
          set({ saved: settings, loadStatus: 'ready', loadError: null });
        } else {
          set({ saved: settings, draft: settings, loadStatus: 'ready', loadError: null });
        }
      } catch (e) {
        set({ loadStatus: 'error', loadError: errorMessage(e) });
      } finally {
        loading = null;
      }
    })();
    return loading;
  },

  edit: (key, value, opts) => {
    const { draft, fieldErrors } = get();
    if (!draft) return;
    const otherErrors: FieldErrors = {};
    for (const k of SETTING_KEYS) {
      const message = fieldErrors[k];
      if (k !== key && message !== undefined) otherErrors[k] = message;
    }
    dirty.add(key);
    set({ draft: { ...draft, [key]: value }, fieldErrors: otherErrors, saveError: null, saveState: 'saving' });
    if (opts?.immediate) {
      void get().flush();
    } else {
      schedule(() => void get().flush());
    }
  },

  setComposing: (value) => {
    composing = value;
    if (!value && dirty.size > 0) schedule(() => void get().flush());
  },

  flush: async () => {
    clearTimer();
    // One save at a time: wait for the one in flight, then send what is left.
    while (inFlight) await inFlight;
    const { draft } = get();
    if (!draft || dirty.size === 0) return;

    const patch: Partial<Settings> = {};
    for (const key of dirty) Object.assign(patch, { [key]: draft[key] });
    dirty.clear();
    set({ saveState: 'saving' });

    inFlight = (async () => {
      try {
        const next = await send('settings.update', patch);
        const stillPending = dirty.size > 0 || timer !== null;
        set((s) => ({
          saved: next,
          saveError: null,
          // A field that failed earlier and was not edited since is still unsaved.
          saveState: stillPending ? 'saving' : Object.keys(s.fieldErrors).length > 0 ? 'error' : 'saved',
        }));
      } catch (e) {
        // The failed keys stay as typed; editing a field again retries it.
        const { fields, general } = toFieldErrors(e);
        set((s) => ({
          fieldErrors: { ...s.fieldErrors, ...fields },
          saveError: general,
          saveState: 'error',
        }));
      } finally {
        inFlight = null;
      }
    })();
    await inFlight;
  },
}));
