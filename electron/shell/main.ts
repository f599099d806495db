/**
 * Electron main process: one locked-down window over the headless core.
 * The renderer talks to the core only through the preload's `window.banso`
 * (two IPC channels, both sender-checked: invoke, and save-file, whose save
 * dialog and write happen here); no network request leaves the app.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  session,
  shell,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
  type WebContents,
} from 'electron';
import { AppError, type Result } from '../../shared/errors.ts';
import { SaveFileRequestSchema, saveDialogFilters, type SaveFileResult } from '../../shared/save-file.ts';
import { APP_NAME, IPC_INVOKE_CHANNEL, IPC_SAVE_FILE_CHANNEL } from '../../shared/version.ts';
import { writeFileAtomic } from '../core/files/write-atomic.ts';
import { createCore, type Core } from '../core/index.ts';
import { stderrLogger } from '../core/log.ts';
import { DATA_DIR_ENV, resolveDataDir } from '../core/paths.ts';
import {
  WINDOW_DEFAULTS,
  dataDirFlag,
  isAllowedExternalUrl,
  isAllowedRequestUrl,
  isOurWindowUrl,
  withCspHeader,
  type ShellWebPreferences,
} from './config.ts';

// out/main/index.js → out/preload/index.cjs and out/renderer/index.html
const OUT_DIR = path.resolve(import.meta.dirname, '..');
const PRELOAD_PATH = path.join(OUT_DIR, 'preload', 'index.cjs');
const RENDERER_INDEX = path.join(OUT_DIR, 'renderer', 'index.html');
const RENDERER_INDEX_URL = pathToFileURL(RENDERER_INDEX).href;
const CASE_INSENSITIVE_FS = process.platform === 'win32' || process.platform === 'darwin';

const log = stderrLogger('banso-desktop');
let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

function isOurUrl(url: string): boolean {
  return isOurWindowUrl(url, RENDERER_INDEX_URL, { caseInsensitive: CASE_INSENSITIVE_FS });
}

function openExternally(url: string): void {
  if (!isAllowedExternalUrl(url)) {
    log.warn('blocked an external link (not https)');
    return;
  }
  shell.openExternal(url).catch((err: unknown) => log.error('could not open an external link', err));
}

/** Only our own window's top frame, showing our own index.html, may call the core. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const win = mainWindow;
  if (!win || win.isDestroyed()) return false;
  if (event.sender !== win.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isOurUrl(frame.url);
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'このウィンドウからの要求は受け付けられません。' },
};

/** Navigation, pop-up and webview rules for every webContents the app ever creates. */
function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isOurUrl(event.url)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(event.url)) openExternally(event.url);
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

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // No network request leaves the app: only local schemes (file:, devtools:, data:, blob:).
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

/** Where the save dialog opens: the user's Documents folder (the home folder if there is none). */
function documentsDir(): string {
  try {
    return app.getPath('documents');
  } catch {
    return app.getPath('home');
  }
}

/**
 * A file the renderer asks to save (DOCX, CSV, JSON): validated, then the save dialog of the main
 * process picks the path (the renderer never names one), then an atomic write.
 */
async function saveFileFromRenderer(win: BrowserWindow, request: unknown): Promise<Result<SaveFileResult>> {
  const parsed = SaveFileRequestSchema.safeParse(request);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const at = (first?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
    return { ok: false, error: { code: 'invalid_input', message: first?.message ?? '保存するファイルの指定が正しくありません。', path: at } };
  }
  const { fileName, contentBase64 } = parsed.data;
  const choice = await dialog.showSaveDialog(win, {
    title: 'ファイルを保存',
    defaultPath: path.join(documentsDir(), fileName),
    filters: saveDialogFilters(fileName),
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false } };
  try {
    await writeFileAtomic(choice.filePath, Buffer.from(contentBase64, 'base64'));
  } catch (err) {
    log.error('could not save a file', err);
    if (err instanceof AppError) return { ok: false, error: err.toValue() };
    return { ok: false, error: { code: 'internal', message: 'ファイルを保存できませんでした。' } };
  }
  return { ok: true, value: { saved: true, where: choice.filePath } };
}

function chooseDataDir(): string {
  const flag = dataDirFlag(process.argv);
  const env = process.env[DATA_DIR_ENV];
  if (flag === undefined && (env === undefined || env === '')) return app.getPath('userData');
  return resolveDataDir(flag, process.env);
}

function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: 'バージョン情報',
    message: `${WINDOW_DEFAULTS.title} ${app.getVersion()}`,
    detail:
      `地域 DX アドバイザーのためのオフライン作業台\n` +
      `Electron ${process.versions.electron ?? '?'} / Chromium ${process.versions.chrome ?? '?'} / Node.js ${process.versions.node}`,
    buttons: ['OK'],
  };
  const win = mainWindow;
  const shown = win && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options);
  shown.catch(() => {});
}

function buildMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [];
  if (process.platform === 'darwin') {
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
  return Menu.buildFromTemplate(template);
}

function createWindow(): BrowserWindow {
  // The settings are written out at the call site so the security scanner over out/ sees each one
  // (test/integration/security-scan.test.ts); shell-config.test.ts checks they equal webPreferences().
  const win = new BrowserWindow({
    ...WINDOW_DEFAULTS,
    webPreferences: {
      preload: PRELOAD_PATH,
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
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.webContents.on('did-fail-load', (_e, code, description) => {
    log.error(`window failed to load (${code} ${description})`);
    if (!win.isVisible()) win.show();
  });
  win.loadFile(RENDERER_INDEX).catch((err: unknown) => log.error('could not load the window', err));
  return win;
}

function focusMainWindow(): void {
  const win = mainWindow;
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}

async function startApp(): Promise<void> {
  await app.whenReady();
  hardenSession();
  Menu.setApplicationMenu(buildMenu());

  const dataDir = chooseDataDir();
  try {
    core = await createCore({ dataDir, log });
  } catch (err) {
    const message =
      err instanceof AppError
        ? err.message
        : `データベースを開けませんでした（${err instanceof Error ? err.message : String(err)}）。データの場所: ${dataDir}`;
    log.error('core failed to start', err);
    dialog.showErrorBox('Bansō を起動できません', message);
    app.exit(1);
    return;
  }
  log.info('core ready');

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      log.warn('refused an IPC call from an unknown sender');
      return FORBIDDEN;
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'invalid_input', message: 'メソッド名は文字列で指定してください。' } };
    }
    const c = core;
    if (!c) return { ok: false, error: { code: 'db_unavailable', message: 'データベースが閉じられています。' } };
    try {
      return await c.invoke(method, input);
    } catch (err) {
      log.error(`invoke ${method} threw`, err);
      return { ok: false, error: { code: 'internal', message: '内部エラーが発生しました。' } };
    }
  });

  ipcMain.handle(IPC_SAVE_FILE_CHANNEL, async (event, request: unknown): Promise<Result<SaveFileResult>> => {
    if (!isTrustedSender(event)) {
      log.warn('refused a save-file call from an unknown sender');
      return FORBIDDEN;
    }
    const win = mainWindow;
    if (!win || win.isDestroyed()) return FORBIDDEN;
    try {
      return await saveFileFromRenderer(win, request);
    } catch (err) {
      log.error('save-file threw', err);
      return { ok: false, error: { code: 'internal', message: 'ファイルを保存できませんでした。' } };
    }
  });

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
    else focusMainWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Bansō is running: it gets focus (see 'second-instance'), this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => focusMainWindow());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    ipcMain.removeHandler(IPC_SAVE_FILE_CHANNEL);
    core?.close();
    core = null;
  });
  startApp().catch((err: unknown) => {
    log.error('startup failed', err);
    dialog.showErrorBox('Bansō を起動できません', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
