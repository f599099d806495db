/**
 * The rules every webContents and the session get: no pop-ups, no navigation away from our page,
 * no webviews, every permission denied, no request that leaves the machine, our CSP on every
 * response. Written against the shapes of Electron's objects (the real ones in main.ts, fakes in
 * test/unit/shell-app.test.ts), so each rule is tested by what it does.
 */
import type { Logger } from '../core/log.ts';
import { isAllowedExternalUrl, isAllowedRequestUrl, withCspHeader } from './config.ts';

/** Electron's shell.openExternal. */
export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** A navigation event of a webContents ('will-navigate', 'will-redirect'). */
export interface NavigationEventLike {
  readonly url: string;
  preventDefault(): void;
}

/** The part of a webContents the rules use. */
export interface ContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** The part of Electron's session the rules use. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  webRequest: {
    onBeforeRequest(listener: (details: { url: string; resourceType: string }, callback: (response: { cancel: boolean }) => void) => void): void;
    onHeadersReceived(
      listener: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void,
    ): void;
  };
}

/** Hand a link to the system browser: https only (isAllowedExternalUrl); anything else is refused and logged. */
export function openExternally(shell: ShellLike, log: Logger, url: string): void {
  if (!isAllowedExternalUrl(url)) {
    log.warn('blocked an external link (not https)');
    return;
  }
  shell.openExternal(url).catch((err: unknown) => log.error('could not open an external link', err));
}

/** Navigation, pop-up and webview rules for every webContents the app ever creates. */
export function hardenWebContents(contents: ContentsLike, opts: { isOurUrl: (url: string) => boolean; shell: ShellLike; log: Logger }): void {
  const { isOurUrl, shell, log } = opts;
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(shell, log, url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isOurUrl(event.url)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(event.url)) openExternally(shell, log, event.url);
    else log.warn('blocked a navigation away from the app');
  });
  contents.on('will-redirect', (event) => {
    if (isOurUrl(event.url)) return;
    event.preventDefault();
    log.warn('blocked a redirect away from the app');
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** Permissions denied; no request leaves the machine (only file:, devtools:, data:, blob:); our CSP as a header too. */
export function hardenSession(ses: SessionLike, log: Logger): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url);
    if (!allowed) log.warn(`blocked a request (${details.resourceType})`);
    callback({ cancel: !allowed });
  });
  // The CSP also arrives as a header (the <meta> in index.html says the same).
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders) });
  });
}
