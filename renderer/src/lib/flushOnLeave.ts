import { useEffect, type RefObject } from 'react';

/**
 * Leaving the form or the page saves at once: on unmount, pagehide and beforeunload the
 * pending edits are flushed (a half-converted IME word counts as typed by then).
 */
export function useFlushOnLeave(flush: RefObject<() => Promise<unknown>>, composing: RefObject<boolean>): void {
  useEffect(() => {
    const onHide = () => {
      composing.current = false;
      void flush.current();
    };
    window.addEventListener('pagehide', onHide);
    window.addEventListener('beforeunload', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      window.removeEventListener('beforeunload', onHide);
      onHide();
    };
  }, [flush, composing]);
}
