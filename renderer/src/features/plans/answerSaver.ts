import { useCallback, useRef, useState } from 'react';
import { useFlushOnLeave } from '../../lib/flushOnLeave.ts';
import type { PlanAnswerResult } from '../../../../shared/contract/plans.ts';
import { ApiError, errorMessage, send } from '../../api/client.ts';
import type { SaveState } from '../engagements/autosave.ts';

/**
 * Autosave for plan answers: one answer per question, sent with plan.answer at most
 * ANSWER_DELAY_MS after the last edit. One save at a time, in order; edits made while a save is
 * in flight go in the next round. While an IME is composing the delay starts again, so
 * half-converted text is never saved. A refused value keeps its Japanese message beside its
 * question until it is edited again. Leaving the page (or the plan) saves at once.
 */

export const ANSWER_DELAY_MS = 600;

export interface AnswerSaver {
  saveState: SaveState;
  /** Messages per question id. */
  errors: Record<string, string>;
  edit: (questionId: string, value: unknown, opts?: { immediate?: boolean }) => void;
  flush: () => Promise<void>;
  setComposing: (composing: boolean) => void;
}

function describe(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return errorMessage(e);
}

export function useAnswerSaver(engagementId: string, onResult: (r: PlanAnswerResult) => void): AnswerSaver {
  const pending = useRef(new Map<string, unknown>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const composing = useRef(false);
  const onResultRef = useRef(onResult);
  onResultRef.current = onResult;
  const errorsRef = useRef<Record<string, string>>({});
  const [errors, setErrorsState] = useState<Record<string, string>>({});
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const flushRef = useRef<() => Promise<void>>(() => Promise.resolve());

  const setErrors = (next: Record<string, string>) => {
    errorsRef.current = next;
    setErrorsState(next);
  };
  const clearTimer = () => {
    if (timer.current !== null) {
      clearTimeout(timer.current);
      timer.current = null;
    }
  };
  const schedule = (ms = ANSWER_DELAY_MS) => {
    clearTimer();
    timer.current = setTimeout(() => {
      timer.current = null;
      if (composing.current) schedule();
      else void flushRef.current();
    }, ms);
  };

  const flush = async (): Promise<void> => {
    clearTimer();
    while (inFlight.current) await inFlight.current;
    if (pending.current.size === 0) return;
    const batch = [...pending.current.entries()];
    pending.current.clear();
    setSaveState('saving');
    const run = async () => {
      for (const [questionId, value] of batch) {
        try {
          const r = await send('plan.answer', { engagementId, questionId, value });
          if (errorsRef.current[questionId] !== undefined) {
            const next = { ...errorsRef.current };
            delete next[questionId];
            setErrors(next);
          }
          onResultRef.current(r);
        } catch (e) {
          // An edit made since then replaces the refused value; otherwise show why.
          if (!pending.current.has(questionId)) setErrors({ ...errorsRef.current, [questionId]: describe(e) });
        }
      }
    };
    inFlight.current = run().finally(() => {
      inFlight.current = null;
    });
    await inFlight.current;
    const busy = pending.current.size > 0 || timer.current !== null;
    setSaveState(busy ? 'saving' : Object.keys(errorsRef.current).length > 0 ? 'error' : 'saved');
  };
  flushRef.current = flush;

  const edit = useCallback((questionId: string, value: unknown, opts?: { immediate?: boolean }) => {
    pending.current.set(questionId, value);
    if (errorsRef.current[questionId] !== undefined) {
      const next = { ...errorsRef.current };
      delete next[questionId];
      setErrors(next);
    }
    setSaveState('saving');
    if (opts?.immediate === true) void flushRef.current();
    else schedule();
  }, []);

  const setComposing = useCallback((value: boolean) => {
    composing.current = value;
    if (!value && pending.current.size > 0) schedule();
  }, []);

  const stableFlush = useCallback(() => flushRef.current(), []);

  useFlushOnLeave(flushRef, composing);

  return { saveState, errors, edit, flush: stableFlush, setComposing };
}
