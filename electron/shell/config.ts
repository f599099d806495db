/**
 * The desktop shell's security and window settings as plain data and pure
 * functions. Deliberately free of any `electron` import, so unit tests (plain
 * Node) can check exactly what the main process applies.
 */

/** The subset of Electron's WebPreferences the shell sets. Structurally compatible with it. */
export interface ShellWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webviewTag: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  spellcheck: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  /** Middle-click (auxclick) could open links in new windows: off. */
  disableBlinkFeatures: 'Auxclick';
}

/** Locked-down renderer settings; the only variable part is the preload path. */
export function webPreferences(preloadPath: string): ShellWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    disableBlinkFeatures: 'Auxclick',
  };
}

/** Content-Security-Policy of the window (shared with the browser-mode host). */
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';

export { CONTENT_SECURITY_POLICY };

export const WINDOW_TITLE = 'Bansō（伴走）';

/** BrowserWindow options apart from webPreferences. */
export const WINDOW_DEFAULTS = {
  width: 1366,
  height: 768,
  minWidth: 1024,
  minHeight: 640,
  title: WINDOW_TITLE,
  backgroundColor: '#ffffff',
  /** Shown on 'ready-to-show' to avoid a white flash. */
  show: false,
} as const;

function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Links the app may hand to the operating system's browser: https only, with a
 * host name and no embedded credentials. Everything else (http:, file:,
 * javascript:, custom schemes, garbage) is refused.
 */
export function isAllowedExternalUrl(url: unknown): boolean {
  const u = parseUrl(url);
  if (!u) return false;
  if (u.protocol !== 'https:') return false;
  if (u.hostname.length === 0) return false;
  if (u.username !== '' || u.password !== '') return false;
  return true;
}

function normalizedPath(u: URL, caseInsensitive: boolean): string {
  let p: string;
  try {
    p = decodeURIComponent(u.pathname);
  } catch {
    p = u.pathname;
  }
  return caseInsensitive ? p.toLowerCase() : p;
}

/**
 * True when `url` is the app's own page: the same file: URL as the renderer's
 * index.html (any #hash, since the renderer uses a hash router; no query).
 * Used for navigation decisions and for checking IPC senders.
 */
export function isOurWindowUrl(url: unknown, rendererIndexUrl: string, opts: { caseInsensitive?: boolean } = {}): boolean {
  const u = parseUrl(url);
  const ours = parseUrl(rendererIndexUrl);
  if (!u || !ours) return false;
  if (u.protocol !== 'file:' || ours.protocol !== 'file:') return false;
  if (u.host !== ours.host) return false;
  if (u.search !== ours.search) return false;
  const ci = opts.caseInsensitive ?? false;
  return normalizedPath(u, ci) === normalizedPath(ours, ci);
}

/** URL schemes a request from the window may use: everything is local, nothing leaves the machine. */
export const ALLOWED_REQUEST_PROTOCOLS: readonly string[] = ['file:', 'devtools:', 'data:', 'blob:'];

/** For session.webRequest.onBeforeRequest: false means cancel the request. */
export function isAllowedRequestUrl(url: unknown): boolean {
  const u = parseUrl(url);
  return u !== null && ALLOWED_REQUEST_PROTOCOLS.includes(u.protocol);
}

/**
 * The value of `--data-dir DIR` / `--data-dir=DIR` in a command line, or
 * undefined when absent (or given without a value).
 */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--data-dir') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        found = next;
        i++;
      }
    } else if (a !== undefined && a.startsWith('--data-dir=')) {
      const v = a.slice('--data-dir='.length);
      if (v.length > 0) found = v;
    }
  }
  return found;
}

/** Replace any existing Content-Security-Policy header (any letter case) with ours. */
export function withCspHeader(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === 'content-security-policy') continue;
    out[k] = v;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
