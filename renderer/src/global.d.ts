import type { BansoBridge } from '../../shared/bridge.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload (desktop). Absent in browser mode. */
    banso?: BansoBridge;
  }
}

export {};
