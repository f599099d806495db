/**
 * The one window. Created through whatever BrowserWindow constructor is passed in (Electron's in
 * main.ts, a recording fake in test/unit/shell-app.test.ts, which checks the options by value).
 *
 * The settings are written out here as a literal, at the `new BrowserWindow(...)` itself, so that
 * the security scanner over the built out/ sees each one (test/integration/security-scan.test.ts);
 * `satisfies ShellWebPreferences` makes the compiler hold them to the locked-down values.
 */
import type { Logger } from '../core/log.ts';
import { WINDOW_DEFAULTS, type ShellWebPreferences } from './config.ts';
import type { IpcWindowLike } from './ipc.ts';

export type WindowOptions = typeof WINDOW_DEFAULTS & { webPreferences: ShellWebPreferences };

/** The part of a BrowserWindow the shell uses. */
export interface WindowLike extends IpcWindowLike {
  readonly webContents: { on(event: 'did-fail-load', listener: (event: unknown, code: number, description: string) => void): unknown };
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isVisible(): boolean;
  isMinimized(): boolean;
  loadFile(file: string): Promise<void>;
}

export type WindowConstructor<W extends WindowLike> = new (options: WindowOptions) => W;

export function createMainWindow<W extends WindowLike>(BrowserWindow: WindowConstructor<W>, opts: { preload: string; indexFile: string; log: Logger }): W {
  const win = new BrowserWindow({
    ...WINDOW_DEFAULTS,
    webPreferences: {
      preload: opts.preload,
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
    } satisfies ShellWebPreferences,
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-fail-load', (_e, code, description) => {
    opts.log.error(`window failed to load (${code} ${description})`);
    if (!win.isVisible()) win.show();
  });
  win.loadFile(opts.indexFile).catch((err: unknown) => opts.log.error('could not load the window', err));
  return win;
}

/** Bring the window to the front (a second start of the app, a click on the dock icon). */
export function focusWindow(win: WindowLike | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
