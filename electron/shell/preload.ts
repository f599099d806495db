/**
 * Sandboxed preload: exposes exactly one narrow function as `window.banso`.
 * The renderer never sees ipcRenderer. Built into ONE CommonJS file
 * (out/preload/index.cjs) because sandboxed preloads cannot load local modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { BansoBridge } from '../../shared/bridge.ts';
import type { Result } from '../../shared/errors.ts';
import { IPC_INVOKE_CHANNEL } from '../../shared/version.ts';

const MAX_METHOD_LENGTH = 200;

function invoke(method: string, input: unknown): Promise<Result<unknown>> {
  if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
    return Promise.resolve({
      ok: false,
      error: { code: 'invalid_input', message: 'メソッド名が正しくありません（文字列で指定してください）。' },
    });
  }
  // Only the channel name, the method and the input cross to the main process.
  return (ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input) as Promise<Result<unknown>>).catch(
    (): Result<unknown> => ({
      ok: false,
      error: {
        code: 'internal',
        message: 'アプリ内部の通信に失敗しました（送信できない値が含まれている可能性があります）。',
      },
    }),
  );
}

const bridge: BansoBridge = Object.freeze({
  face: 'desktop' as const,
  invoke: (method: string, input: unknown) => invoke(method, input),
});

contextBridge.exposeInMainWorld('banso', bridge);
