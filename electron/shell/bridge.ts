/**
 * What the sandboxed preload exposes as `window.banso`: exactly two narrow functions (call the
 * core; save a file through the main process's save dialog) and the face's name, frozen. The
 * renderer never sees ipcRenderer. Written against the shapes of Electron's ipcRenderer and
 * contextBridge (preload.ts passes the real ones; test/unit/shell-ipc.test.ts passes fakes).
 */
import type { BansoBridge } from '../../shared/bridge.ts';
import type { Result } from '../../shared/errors.ts';
import type { SaveFileRequest, SaveFileResult } from '../../shared/save-file.ts';
import { IPC_INVOKE_CHANNEL, IPC_SAVE_FILE_CHANNEL } from '../../shared/version.ts';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

/** The part of Electron's contextBridge the preload uses. */
export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

const MAX_METHOD_LENGTH = 200;

const TRANSPORT_FAILED: Result<never> = {
  ok: false,
  error: {
    code: 'internal',
    message: 'アプリ内部の通信に失敗しました（送信できない値が含まれている可能性があります）。',
  },
};

export function createBridge(ipcRenderer: IpcRendererLike): BansoBridge {
  function invoke(method: string, input: unknown): Promise<Result<unknown>> {
    if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid_input', message: 'メソッド名が正しくありません（文字列で指定してください）。' },
      });
    }
    // Only the channel name, the method and the input cross to the main process.
    return (ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input) as Promise<Result<unknown>>).catch((): Result<unknown> => TRANSPORT_FAILED);
  }

  function saveFile(request: SaveFileRequest): Promise<Result<SaveFileResult>> {
    const r: unknown = request;
    if (typeof r !== 'object' || r === null || typeof (r as SaveFileRequest).fileName !== 'string' || typeof (r as SaveFileRequest).contentBase64 !== 'string') {
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid_input', message: '保存するファイルの名前と中身を指定してください。' },
      });
    }
    const { fileName, mimeType, contentBase64 } = r as SaveFileRequest;
    // Only a base name and the bytes cross; the main process validates them again and picks the path.
    const payload = { fileName, contentBase64, ...(typeof mimeType === 'string' ? { mimeType } : {}) };
    return (ipcRenderer.invoke(IPC_SAVE_FILE_CHANNEL, payload) as Promise<Result<SaveFileResult>>).catch((): Result<SaveFileResult> => TRANSPORT_FAILED);
  }

  return Object.freeze({
    face: 'desktop' as const,
    invoke: (method: string, input: unknown) => invoke(method, input),
    saveFile: (request: SaveFileRequest) => saveFile(request),
  });
}

/** Expose the bridge, and nothing else, as `window.banso`. */
export function exposeBridge(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): void {
  contextBridge.exposeInMainWorld('banso', createBridge(ipcRenderer));
}
