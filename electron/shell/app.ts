/**
 * The desktop app's life: one instance, the hardened session and webContents, the core, the two
 * IPC channels, the window, and a clean quit. Everything Electron provides comes in as `e`
 * (main.ts passes the real modules; test/unit/shell-app.test.ts passes fakes of the same shapes
 * and drives the app through its events), and so does everything from the process.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import { contract } from '../../shared/contract/index.ts';
import { AppError, type Result } from '../../shared/errors.ts';
import { APP_NAME } from '../../shared/version.ts';
import { createCore, type Core } from '../core/index.ts';
import type { Logger } from '../core/log.ts';
import { DATA_DIR_ENV, resolveDataDir } from '../core/paths.ts';
import { dataDirFlag, isOurWindowUrl, WINDOW_DEFAULTS } from './config.ts';
import { hardenSession, hardenWebContents, type ContentsLike, type SessionLike, type ShellLike } from './harden.ts';
import { registerIpc, type IpcMainLike, type SaveDialogLike } from './ipc.ts';
import { createMainWindow, focusWindow, type WindowConstructor, type WindowLike } from './window.ts';
import { keyStoreFrom, type SafeStorageLike } from './keystore.ts';

export interface AppLike {
  whenReady(): Promise<unknown>;
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: ContentsLike) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'will-quit', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  quit(): void;
  exit(code?: number): void;
  getPath(name: 'userData' | 'documents' | 'home'): string;
  getVersion(): string;
  readonly isPackaged: boolean;
}

export interface DialogLike<W> extends SaveDialogLike<W> {
  showErrorBox(title: string, content: string): void;
  showMessageBox(options: MessageBoxOptions): Promise<unknown>;
  showMessageBox(window: W, options: MessageBoxOptions): Promise<unknown>;
}

export interface MenuLike<M> {
  buildFromTemplate(template: MenuItemConstructorOptions[]): M;
  setApplicationMenu(menu: M | null): void;
}

/** What the desktop app needs from Electron (main.ts passes `electron` itself). */
export interface ElectronLike<W extends WindowLike, M> {
  app: AppLike;
  BrowserWindow: WindowConstructor<W> & { getAllWindows(): unknown[] };
  dialog: DialogLike<W>;
  ipcMain: IpcMainLike;
  Menu: MenuLike<M>;
  session: { readonly defaultSession: SessionLike };
  shell: ShellLike;
  /** The OS key store (asynchronous API) that wraps the data folder's key. */
  safeStorage: SafeStorageLike;
}

export interface DesktopOptions {
  /** out/ of the build: out/preload/index.cjs and out/renderer/index.html. */
  outDir: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  versions: NodeJS.ProcessVersions;
  log: Logger;
}

/** The running app, for whoever started it (tests wait for `ready`). */
export interface Desktop {
  /** Settles when start-up finished (the window exists) or failed (the app was told to exit). */
  ready: Promise<void>;
  core: () => Core | null;
  window: () => WindowLike | null;
}

function chooseDataDir(app: AppLike, argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const flag = dataDirFlag(argv);
  const fromEnv = env[DATA_DIR_ENV];
  if (flag === undefined && (fromEnv === undefined || fromEnv === '')) return app.getPath('userData');
  return resolveDataDir(flag, env);
}

/** Where the save dialog opens: the user's Documents folder (the home folder if there is none). */
function documentsDir(app: AppLike): string {
  try {
    return app.getPath('documents');
  } catch {
    return app.getPath('home');
  }
}

function menuTemplate(app: AppLike, platform: NodeJS.Platform, showAbout: () => void): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') {
    template.push({
      label: APP_NAME,
      submenu: [
        { label: `${APP_NAME} について`, click: showAbout },
        { type: 'separator' },
        { label: `${APP_NAME} を隠す`, role: 'hide' },
        { label: 'ほかを隠す', role: 'hideOthers' },
        { type: 'separator' },
        { label: `${APP_NAME} を終了`, role: 'quit' },
      ],
    });
  }
  template.push(
    { label: 'ファイル', submenu: [{ label: '終了', role: 'quit' }] },
    {
      label: '編集',
      submenu: [
        { label: '元に戻す', role: 'undo' },
        { label: 'やり直し', role: 'redo' },
        { type: 'separator' },
        { label: '切り取り', role: 'cut' },
        { label: 'コピー', role: 'copy' },
        { label: '貼り付け', role: 'paste' },
        { label: 'すべて選択', role: 'selectAll' },
      ],
    },
    {
      label: '表示',
      submenu: [
        { label: '再読み込み', role: 'reload' },
        ...(app.isPackaged ? [] : [{ label: '開発者ツール', role: 'toggleDevTools' } as const]),
        { type: 'separator' },
        { label: '実際のサイズ', role: 'resetZoom' },
        { label: '拡大', role: 'zoomIn' },
        { label: '縮小', role: 'zoomOut' },
      ],
    },
    { label: 'ヘルプ', submenu: [{ label: 'バージョン情報', click: showAbout }] },
  );
  return template;
}

/** Start the desktop app on what `e` provides. */
export function runDesktop<W extends WindowLike, M>(e: ElectronLike<W, M>, opts: DesktopOptions): Desktop {
  const { app } = e;
  const { log } = opts;
  const preload = path.join(opts.outDir, 'preload', 'index.cjs');
  const indexFile = path.join(opts.outDir, 'renderer', 'index.html');
  const indexUrl = pathToFileURL(indexFile).href;
  const caseInsensitive = opts.platform === 'win32' || opts.platform === 'darwin';
  const isOurUrl = (url: string) => isOurWindowUrl(url, indexUrl, { caseInsensitive });
  let core: Core | null = null;
  let mainWindow: W | null = null;
  const desktop: Desktop = { ready: Promise.resolve(), core: () => core, window: () => mainWindow };

  if (!app.requestSingleInstanceLock()) {
    // Another Bansō is running: it gets focus (see 'second-instance'), this one leaves.
    app.quit();
    return desktop;
  }

  const showAbout = (): void => {
    const options: MessageBoxOptions = {
      type: 'info',
      title: 'バージョン情報',
      message: `${WINDOW_DEFAULTS.title} ${app.getVersion()}`,
      detail:
        `地域 DX アドバイザーのためのオフライン作業台\n` +
        `Electron ${opts.versions.electron ?? '?'} / Chromium ${opts.versions.chrome ?? '?'} / Node.js ${opts.versions.node}`,
      buttons: ['OK'],
    };
    const win = mainWindow;
    const shown = win && !win.isDestroyed() ? e.dialog.showMessageBox(win, options) : e.dialog.showMessageBox(options);
    shown.catch(() => {});
  };

  const openWindow = (): W => {
    const win = createMainWindow(e.BrowserWindow, { preload, indexFile, log });
    mainWindow = win;
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    return win;
  };

  let removeIpc: (() => void) | null = null;
  /** While the data folder is locked: answers security.unlock, and `locked` to everything else. */
  let lockedInvoke: ((method: string, input: unknown) => Promise<Result<unknown>>) | null = null;

  const start = async (): Promise<void> => {
    await app.whenReady();
    hardenSession(e.session.defaultSession, log);
    e.Menu.setApplicationMenu(e.Menu.buildFromTemplate(menuTemplate(app, opts.platform, showAbout)));

    const dataDir = chooseDataDir(app, opts.argv, opts.env);
    const keyStore = keyStoreFrom(e.safeStorage, opts.platform);
    try {
      // The desktop app encrypts a new data folder by default, its key wrapped by the OS key store
      // (when that store protects anything: not Linux's basic_text); the recovery key is shown once.
      core = await createCore({ dataDir, log, keyStore, encryptNew: true });
    } catch (err) {
      if (err instanceof AppError && err.code === 'locked') {
        // Encrypted with a passphrase (or the key store was lost): the window opens on the unlock
        // screen, and every call but security.unlock is answered `locked` until it succeeds.
        log.info('the data folder is locked: waiting for the passphrase or the recovery key');
        lockedInvoke = async (method, input) => {
          if (method !== 'security.unlock') return { ok: false, error: err.toValue() };
          const parsed = contract['security.unlock'].input.safeParse(input);
          if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: 'パスフレーズを入力してください。' } };
          try {
            core = await createCore({ dataDir, log, keyStore, unlock: { passphrase: parsed.data.secret } });
            lockedInvoke = null;
            log.info('core ready (unlocked)');
            return { ok: true, value: { unlocked: true } };
          } catch (e2) {
            if (e2 instanceof AppError) return { ok: false, error: e2.toValue() };
            log.error('unlocking failed', e2);
            return { ok: false, error: { code: 'internal', message: 'データフォルダーを開けませんでした。' } };
          }
        };
      } else {
        const message =
          err instanceof AppError
            ? err.message
            : `データベースを開けませんでした（${err instanceof Error ? err.message : String(err)}）。データの場所: ${dataDir}`;
        log.error('core failed to start', err);
        e.dialog.showErrorBox('Bansō を起動できません', message);
        app.exit(1);
        return;
      }
    }
    if (core) log.info('core ready');

    removeIpc = registerIpc({
      ipcMain: e.ipcMain,
      dialog: e.dialog,
      window: () => mainWindow,
      invoke: () => core?.invoke ?? lockedInvoke,
      rendererIndexUrl: indexUrl,
      caseInsensitive,
      documentsDir: () => documentsDir(app),
      log,
    });

    openWindow();
    app.on('activate', () => {
      if (e.BrowserWindow.getAllWindows().length === 0) openWindow();
      else focusWindow(mainWindow);
    });
  };

  app.on('second-instance', () => focusWindow(mainWindow));
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { isOurUrl, shell: e.shell, log }));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    removeIpc?.();
    removeIpc = null;
    core?.close();
    core = null;
  });
  desktop.ready = start().catch((err: unknown) => {
    log.error('startup failed', err);
    e.dialog.showErrorBox('Bansō を起動できません', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
  return desktop;
}
