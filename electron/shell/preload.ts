/**
 * Sandboxed preload: exposes the frozen bridge of electron/shell/bridge.ts as `window.banso`
 * (call the core; save a file through the main process's save dialog); the renderer never sees
 * ipcRenderer. Built into ONE CommonJS file (out/preload/index.cjs) because sandboxed preloads
 * cannot load local modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './bridge.ts';

exposeBridge(contextBridge, ipcRenderer);
