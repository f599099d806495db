import type { Result } from './errors.ts';

/**
 * What the desktop preload exposes as `window.banso` (contextBridge). The
 * renderer never sees ipcRenderer; in browser mode this object is absent and the
 * client speaks HTTP to the loopback host instead.
 */
export interface BansoBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  /** 'desktop' in the Electron window. */
  readonly face: 'desktop';
}

/** Body of POST /api/invoke in browser mode. */
export interface HttpInvokeBody {
  method: string;
  input: unknown;
}
