import type { KeyboardEvent } from 'react';
import { isPlainEnter } from '../../lib/ime.ts';

interface ImeTarget {
  setComposing: (composing: boolean) => void;
  flush: () => Promise<void>;
}

/**
 * Props for a one-line field of an autosaved form: half-converted IME text is never saved, and
 * a plain Enter saves at once — never the Enter that confirms a conversion.
 */
export function lineProps(form: ImeTarget) {
  return {
    onCompositionStart: () => {
      form.setComposing(true);
    },
    onCompositionEnd: () => {
      form.setComposing(false);
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      if (isPlainEnter(e)) {
        e.preventDefault();
        void form.flush();
      }
    },
  };
}

/** Props for a multi-line field: Enter is a new line; composition still holds the save back. */
export function areaProps(form: ImeTarget) {
  return {
    onCompositionStart: () => {
      form.setComposing(true);
    },
    onCompositionEnd: () => {
      form.setComposing(false);
    },
  };
}
