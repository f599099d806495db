import { useSyncExternalStore } from 'react';
import { HTTP_ALIVE_PATH, HTTP_LAUNCH_HEADER } from '../../../shared/version.ts';

/**
 * Browser mode: is the host this tab was opened from still there? A tab outlives its host (the
 * terminal closed, the computer restarted, `npm run web` run again with a new port and secret) and
 * would go on showing a stale screen. Every answer names the host's launch; a heartbeat while the
 * tab is visible, and every API call, tell:
 * - 'lost': no answer at all (the host stopped);
 * - 'restarted': another launch answers, or the secret of this tab is refused (a new host).
 */
export type HostState = 'ok' | 'lost' | 'restarted';

const HEARTBEAT_MS = 5_000;
let state: HostState = 'ok';
let launch: string | null = null;
const listeners = new Set<() => void>();

function set(next: HostState): void {
  if (next === state) return;
  // Once restarted, a tab stays so: its cookie is for the old launch.
  if (state === 'restarted' && next !== 'restarted') return;
  state = next;
  for (const l of listeners) l();
}

/**
 * What an HTTP answer says about the host (api/client.ts calls this for every call). A refused
 * heartbeat means this tab's secret is not the host's: a new launch on the same port.
 */
export function noteAnswer(response: Response, heartbeat = false): void {
  const id = response.headers.get(HTTP_LAUNCH_HEADER);
  if (id) {
    if (launch === null) launch = id;
    else if (id !== launch) return set('restarted');
  }
  if (heartbeat && response.status === 403) return set('restarted');
  set('ok');
}

/** No answer came (the connection failed). */
export function noteNoAnswer(): void {
  set('lost');
}

export async function checkHost(): Promise<HostState> {
  try {
    const r = await fetch(HTTP_ALIVE_PATH, { credentials: 'same-origin', cache: 'no-store' });
    noteAnswer(r, true);
  } catch {
    noteNoAnswer();
  }
  return state;
}

let started = false;
/** Start the heartbeat once (browser mode only): every few seconds while visible, and when the tab comes back. */
export function watchHost(): void {
  if (started || typeof window === 'undefined' || window.banso) return;
  started = true;
  const tick = () => {
    if (document.visibilityState === 'visible') void checkHost();
  };
  setInterval(tick, HEARTBEAT_MS);
  document.addEventListener('visibilitychange', tick);
  window.addEventListener('focus', tick);
}

export function useHostState(): HostState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
    () => state,
  );
}
