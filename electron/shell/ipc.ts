/**
 * The desktop shell's two IPC channels (invoke a contract method; save a file through the main
 * process's save dialog), registered on whatever provides Electron's ipcMain and dialog: the real
 * ones in main.ts, fakes with the same shapes in test/unit/shell-ipc.test.ts.
 *
 * Every call is checked for its sender first (our window's top frame, showing our own index.html);
 * the save request is validated with zod; the path comes from the save dialog only, never from
 * the renderer, whose request names a base file name that only suggests where the dialog opens.
 */
import path from 'node:path';
import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { AppError, type Result } from '../../shared/errors.ts';
import { SaveFileRequestSchema, saveDialogFilters, type SaveFileResult } from '../../shared/save-file.ts';
import { IPC_INVOKE_CHANNEL, IPC_SAVE_FILE_CHANNEL } from '../../shared/version.ts';
import { zodToAppError } from '../../shared/zod-ja.ts';
import { writeFileAtomic } from '../core/files/write-atomic.ts';
import type { Logger } from '../core/log.ts';
import { isOurWindowUrl } from './config.ts';

/** What the sender check reads of Electron's IpcMainInvokeEvent. */
export interface InvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: { readonly parent: unknown; readonly url: string } | null;
}

/** The part of Electron's ipcMain the shell uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of a BrowserWindow the IPC handlers use. */
export interface IpcWindowLike {
  isDestroyed(): boolean;
  readonly webContents: unknown;
}

/** The part of Electron's dialog the save-file channel uses (the window is the dialog's parent). */
export interface SaveDialogLike<W> {
  showSaveDialog(window: W, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
}

export interface IpcDeps<W extends IpcWindowLike> {
  ipcMain: IpcMainLike;
  dialog: SaveDialogLike<W>;
  /** The one window whose top frame may call (null while there is none). */
  window: () => W | null;
  /** The core's invoke (null before it is ready or after it was closed). */
  invoke: () => ((method: string, input: unknown) => Promise<Result<unknown>>) | null;
  /** file: URL of the renderer's index.html: the only page allowed to call. */
  rendererIndexUrl: string;
  /** File systems that ignore letter case (Windows, macOS) compare the page's path that way. */
  caseInsensitive: boolean;
  /** Where the save dialog opens (the user's Documents folder). */
  documentsDir: () => string;
  log: Logger;
  /** How a chosen file is written (writeFileAtomic; a test may watch it). */
  writeFile?: (file: string, bytes: Uint8Array) => Promise<void>;
}

export const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'このウィンドウからの要求は受け付けられません。' },
};

/** Only our own window's top frame, showing our own index.html, may call the core. */
export function isTrustedSender(event: InvokeEventLike, win: IpcWindowLike | null, rendererIndexUrl: string, caseInsensitive: boolean): boolean {
  if (!win || win.isDestroyed()) return false;
  if (event.sender !== win.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isOurWindowUrl(frame.url, rendererIndexUrl, { caseInsensitive });
}

/**
 * A file the renderer asks to save (DOCX, CSV, JSON): validated, then the save dialog of the main
 * process picks the path (the renderer never names one), then an atomic write.
 */
async function saveFile<W extends IpcWindowLike>(deps: IpcDeps<W>, win: W, request: unknown): Promise<Result<SaveFileResult>> {
  const parsed = SaveFileRequestSchema.safeParse(request);
  if (!parsed.success) return { ok: false, error: zodToAppError(parsed.error, '保存するファイルの指定').toValue() };
  const { fileName, contentBase64 } = parsed.data;
  const choice = await deps.dialog.showSaveDialog(win, {
    title: 'ファイルを保存',
    defaultPath: path.join(deps.documentsDir(), fileName),
    filters: saveDialogFilters(fileName),
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false } };
  try {
    await (deps.writeFile ?? writeFileAtomic)(choice.filePath, Buffer.from(contentBase64, 'base64'));
  } catch (err) {
    deps.log.error('could not save a file', err);
    if (err instanceof AppError) return { ok: false, error: err.toValue() };
    return { ok: false, error: { code: 'internal', message: 'ファイルを保存できませんでした。' } };
  }
  return { ok: true, value: { saved: true, where: choice.filePath } };
}

/** Register both channels. Returns the function that removes them (on quit). */
export function registerIpc<W extends IpcWindowLike>(deps: IpcDeps<W>): () => void {
  const trusted = (event: InvokeEventLike) => isTrustedSender(event, deps.window(), deps.rendererIndexUrl, deps.caseInsensitive);

  deps.ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!trusted(event)) {
      deps.log.warn('refused an IPC call from an unknown sender');
      return FORBIDDEN;
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'invalid_input', message: 'メソッド名は文字列で指定してください。' } };
    }
    const invoke = deps.invoke();
    if (!invoke) return { ok: false, error: { code: 'db_unavailable', message: 'データベースが閉じられています。' } };
    try {
      return await invoke(method, input);
    } catch (err) {
      deps.log.error(`invoke ${method.slice(0, 100)} threw`, err);
      return { ok: false, error: { code: 'internal', message: '内部エラーが発生しました。' } };
    }
  });

  deps.ipcMain.handle(IPC_SAVE_FILE_CHANNEL, async (event, request: unknown): Promise<Result<SaveFileResult>> => {
    if (!trusted(event)) {
      deps.log.warn('refused a save-file call from an unknown sender');
      return FORBIDDEN;
    }
    const win = deps.window();
    if (!win || win.isDestroyed()) return FORBIDDEN;
    try {
      return await saveFile(deps, win, request);
    } catch (err) {
      deps.log.error('save-file threw', err);
      return { ok: false, error: { code: 'internal', message: 'ファイルを保存できませんでした。' } };
    }
  });

  return () => {
    deps.ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    deps.ipcMain.removeHandler(IPC_SAVE_FILE_CHANNEL);
  };
}
