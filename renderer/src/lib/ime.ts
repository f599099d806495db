import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

type AnyKeyboardEvent = KeyboardEvent | ReactKeyboardEvent;

/**
 * True while an IME (Japanese input) is composing: the Enter that confirms a
 * conversion must never submit, save or move on. Checks `isComposing` and the
 * legacy keyCode 229 that some browsers (Safari, older Chromium) still send for
 * the confirming keydown after compositionend.
 */
export function isComposing(e: AnyKeyboardEvent): boolean {
  const native: KeyboardEvent = 'nativeEvent' in e ? e.nativeEvent : e;
  // keyCode is deprecated but is the only signal some browsers give here.
  return native.isComposing || Reflect.get(native, 'keyCode') === 229;
}

/** True for a real Enter press (not an IME confirmation), without Shift/Alt/Ctrl/Meta unless allowed. */
export function isPlainEnter(e: AnyKeyboardEvent, opts: { allowModifiers?: boolean } = {}): boolean {
  if (e.key !== 'Enter' || isComposing(e)) return false;
  if (opts.allowModifiers) return true;
  return !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey;
}

/** An onKeyDown handler that runs `action` on a plain Enter only (IME-safe). */
export function onEnter<E extends ReactKeyboardEvent>(action: (e: E) => void): (e: E) => void {
  return (e) => {
    if (isPlainEnter(e)) action(e);
  };
}

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
    onKeyDown: (e: ReactKeyboardEvent<HTMLElement>) => {
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

/** onKeyDown of a one-line field in a <form>: the Enter that confirms an IME conversion never submits. */
export function imeSafeSubmit(e: ReactKeyboardEvent<HTMLElement>): void {
  if (e.key === 'Enter' && !isPlainEnter(e, { allowModifiers: true })) e.preventDefault();
}
