import { useCallback, useRef, useState } from 'react';
import { useFlushOnLeave } from './flushOnLeave.ts';
import { ApiError, errorMessage } from '../api/client.ts';
import { fieldErrors } from './form.ts';

/**
 * The one autosave engine, for every form without a Save button: 支援先, 案件, 支援記録, 設定 and the
 * plan's answers. The form edits a draft; each changed field is checked locally (the shared/ zod
 * schema of that field, see lib/check.ts) and sent at most AUTOSAVE_DELAY_MS after the last
 * keystroke (so a crash loses at most that much typing). Our domain rules, kept here once:
 *
 * - One save at a time, in order; edits made while a save is in flight go in the next one.
 * - Half-converted IME text is never saved: while composing, the delay starts again.
 * - A field that fails its check (locally or in the core) shows its Japanese message beside it
 *   and is not sent until it is edited again; the other fields are still saved.
 * - A stale write (`conflict`) loads the record again and sends the same fields once more.
 * - No answer at all (connection, busy database): the same fields are tried again after RETRY_MS.
 * - Leaving the form (unmount) or the page saves at once.
 *
 * batch 'patch' (records, settings): the changed fields go as one PATCH, all or nothing.
 * batch 'each' (plan answers): one call per changed field, in order; a refused one keeps its
 * message and the others are saved.
 */

import type { SaveState } from '../components/SaveIndicator.tsx';

export type { SaveState };
export const AUTOSAVE_DELAY_MS = 600;
/** After a failure that is not the user's input (connection, busy database): try again. */
const RETRY_MS = 4000;

export type Prepared = { ok: true; value: unknown } | { ok: false; errors: Record<string, string> };

export interface AutosaveOptions<V extends object> {
  /** The form values as first shown. */
  initial: V;
  /**
   * Check one field and turn it into what the contract takes; errors keyed "field" or
   * "field.0.name". Default: sent as it is.
   */
  prepare?: (key: keyof V & string, value: V[keyof V & string], all: V) => Prepared;
  /** 'patch' (default): the changed fields in one call; 'each': one call per field, in order. */
  batch?: 'patch' | 'each';
  /**
   * Send the changed fields; resolve with the record as form values (adopted where the user is not
   * typing), or nothing; throw an ApiError when refused.
   * null: nothing worth saving yet (a new record with nothing typed in it).
   */
  save: (patch: Record<string, unknown>, all: V) => Promise<V | null | void>;
  /** After a `conflict`: load the record again (the caller keeps its new updatedAt). */
  reload?: () => Promise<V>;
}

export interface Autosave<V extends object> {
  draft: V;
  saveState: SaveState;
  /** Messages per field path ("name", "contacts.0.email"). */
  errors: Record<string, string>;
  /** A failure that belongs to no field. */
  general: string | null;
  edit: <K extends keyof V & string>(key: K, value: V[K], opts?: { immediate?: boolean }) => void;
  /** Save pending changes now (resolves when saved or failed). */
  flush: () => Promise<void>;
  /** Replace the form with these values (after undo or reload); pending edits are dropped. */
  reset: (values: V) => void;
  setComposing: (composing: boolean) => void;
  /** true while something is not saved yet. */
  pending: () => boolean;
}

/** An answer of the core about the input (refused, gone, stale): trying again would not help. */
function isAnswer(e: unknown): boolean {
  return e instanceof ApiError && (e.code === 'invalid_input' || e.code === 'not_found' || e.code === 'conflict');
}

/** Value comparison for form values: row keys (React keys) do not count. */
function same(a: unknown, b: unknown): boolean {
  const strip = (k: string, v: unknown) => (k === 'key' ? undefined : v);
  return JSON.stringify(a ?? null, strip) === JSON.stringify(b ?? null, strip);
}

export function useAutosave<V extends object>(options: AutosaveOptions<V>): Autosave<V> {
  const opts = useRef(options);
  opts.current = options;
  const [draft, setDraftState] = useState<V>(options.initial);
  const draftRef = useRef<V>(options.initial);
  const savedRef = useRef<V>(options.initial);
  const dirty = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const composing = useRef(false);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [errors, setErrorsState] = useState<Record<string, string>>({});
  const errorsRef = useRef<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);

  const setDraft = (next: V) => {
    draftRef.current = next;
    setDraftState(next);
  };
  const setErrors = (next: Record<string, string>) => {
    errorsRef.current = next;
    setErrorsState(next);
  };
  const isField = (key: string) => Object.prototype.hasOwnProperty.call(draftRef.current, key);
  const get = (o: V, k: string): unknown => (o as Record<string, unknown>)[k];

  const clearTimer = () => {
    if (timer.current !== null) {
      clearTimeout(timer.current);
      timer.current = null;
    }
  };

  const flushRef = useRef<() => Promise<void>>(() => Promise.resolve());

  const schedule = (ms = AUTOSAVE_DELAY_MS) => {
    clearTimer();
    timer.current = setTimeout(() => {
      timer.current = null;
      if (composing.current) schedule();
      else void flushRef.current();
    }, ms);
  };

  /** Take the core's answer: fields the core changed by itself (not being edited) follow it. */
  const adopt = (result: V, sent: readonly string[]) => {
    const before = savedRef.current;
    savedRef.current = result;
    const current = draftRef.current;
    let next: V | null = null;
    for (const k of Object.keys(result)) {
      if (dirty.current.has(k) || sent.includes(k) || errorsRef.current[k] !== undefined) continue;
      if (same(get(before, k), get(result, k)) || !same(get(current, k), get(before, k))) continue;
      next = { ...(next ?? current), [k]: get(result, k) };
    }
    if (next) setDraft(next);
  };

  const settle = () => {
    const pendingNow = dirty.current.size > 0 || timer.current !== null;
    const hasErrors = Object.keys(errorsRef.current).length > 0;
    setSaveState(pendingNow ? 'saving' : hasErrors ? 'error' : 'saved');
  };

  const flush = async (): Promise<void> => {
    clearTimer();
    while (inFlight.current) await inFlight.current;
    if (dirty.current.size === 0) return;
    const all = draftRef.current;
    const patch: Record<string, unknown> = {};
    const sent: string[] = [];
    const local: Record<string, string> = {};
    const prepare = opts.current.prepare ?? ((_k: string, value: unknown): Prepared => ({ ok: true, value }));
    for (const key of dirty.current) {
      const p = prepare(key as keyof V & string, get(all, key) as V[keyof V & string], all);
      if (p.ok) {
        patch[key] = p.value;
        sent.push(key);
      } else {
        Object.assign(local, p.errors);
      }
    }
    dirty.current.clear();
    if (Object.keys(local).length > 0) setErrors({ ...errorsRef.current, ...local });
    if (sent.length === 0) {
      settle();
      return;
    }
    setSaveState('saving');

    const runEach = async () => {
      let lost = false;
      for (const key of sent) {
        try {
          const result = await opts.current.save({ [key]: patch[key] }, draftRef.current);
          if (result) adopt(result, [key]);
          if (errorsRef.current[key] !== undefined && !dirty.current.has(key)) {
            const next = { ...errorsRef.current };
            delete next[key];
            setErrors(next);
          }
        } catch (e) {
          if (!isAnswer(e)) {
            // No answer: send it again later, unless it has been edited since.
            if (!dirty.current.has(key)) dirty.current.add(key);
            lost = true;
            setGeneral(errorMessage(e));
          } else if (!dirty.current.has(key)) {
            // An edit made since then replaces the refused value; otherwise show why.
            setErrors({ ...errorsRef.current, [key]: errorMessage(e) });
          }
        }
      }
      if (lost) {
        setSaveState('error');
        schedule(RETRY_MS);
        return;
      }
      setGeneral(null);
      settle();
    };

    const run = async () => {
      let retried = false;
      for (;;) {
        try {
          const result = await opts.current.save(patch, draftRef.current);
          if (result === null) {
            const pendingNow = dirty.current.size > 0 || timer.current !== null;
            setSaveState(pendingNow ? 'saving' : Object.keys(errorsRef.current).length > 0 ? 'error' : 'idle');
            return;
          }
          if (result) adopt(result, sent);
          setGeneral(null);
          settle();
          return;
        } catch (e) {
          const reload = opts.current.reload;
          if (e instanceof ApiError && e.code === 'conflict' && reload && !retried) {
            retried = true;
            try {
              adopt(await reload(), sent);
              continue;
            } catch (e2) {
              fail(e2, sent);
              return;
            }
          }
          fail(e, sent);
          return;
        }
      }
    };

    const fail = (e: unknown, keys: readonly string[]) => {
      const { fields, general: message } = fieldErrors(e, (k) => isField(k.split('.')[0] ?? k));
      const faulty = new Set(Object.keys(fields).map((k) => k.split('.')[0] ?? k));
      // Fields the core did not complain about were not saved either (one patch, all or nothing).
      for (const k of keys) if (!faulty.has(k)) dirty.current.add(k);
      if (Object.keys(fields).length > 0) setErrors({ ...errorsRef.current, ...fields });
      setGeneral(message);
      setSaveState('error');
      if (!isAnswer(e) && dirty.current.size > 0) schedule(RETRY_MS);
    };

    inFlight.current = (opts.current.batch === 'each' ? runEach() : run()).finally(() => {
      inFlight.current = null;
    });
    await inFlight.current;
  };
  flushRef.current = flush;

  const edit = useCallback(<K extends keyof V & string>(key: K, value: V[K], o?: { immediate?: boolean }) => {
    setDraft({ ...draftRef.current, [key]: value });
    dirty.current.add(key);
    const errs = errorsRef.current;
    if (Object.keys(errs).some((k) => k === key || k.startsWith(`${key}.`))) {
      setErrors(Object.fromEntries(Object.entries(errs).filter(([k]) => k !== key && !k.startsWith(`${key}.`))));
    }
    setSaveState('saving');
    if (o?.immediate) void flushRef.current();
    else schedule();
  }, []);

  const reset = useCallback((values: V) => {
    clearTimer();
    dirty.current.clear();
    savedRef.current = values;
    setDraft(values);
    setErrors({});
    setGeneral(null);
  }, []);

  const setComposing = useCallback((value: boolean) => {
    composing.current = value;
    if (!value && dirty.current.size > 0) schedule();
  }, []);

  const stableFlush = useCallback(() => flushRef.current(), []);
  const pending = useCallback(() => dirty.current.size > 0 || inFlight.current !== null || timer.current !== null, []);

  useFlushOnLeave(flushRef, composing);

  return { draft, saveState, errors, general, edit, flush: stableFlush, reset, setComposing, pending };
}
