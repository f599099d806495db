import type { Result } from './errors.ts';
import type { SaveFileRequest, SaveFileResult } from './save-file.ts';

/**
 * What the desktop preload exposes as `window.banso` (contextBridge). The
 * renderer never sees ipcRenderer; in browser mode this object is absent and the
 * client speaks HTTP to the loopback host instead.
 */
export interface BansoBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  /**
   * Save bytes as a file: the main process shows its save dialog (Documents folder, the suggested
   * base name) and writes the file atomically. `saved: false` when the user cancelled.
   */
  saveFile(request: SaveFileRequest): Promise<Result<SaveFileResult>>;
  /** 'desktop' in the Electron window. */
  readonly face: 'desktop';
}

/** Body of POST /api/invoke in browser mode. */
export interface HttpInvokeBody {
  method: string;
  input: unknown;
}
