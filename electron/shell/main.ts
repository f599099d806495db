/**
 * Electron main process: one locked-down window over the headless core (electron/shell/app.ts).
 * This file only hands Electron's modules and the process's facts to runDesktop, so everything
 * the shell does can be driven with fakes of the same shapes (test/unit/shell-app.test.ts, shell-ipc.test.ts).
 * The renderer talks to the core only through the preload's `window.banso` (two IPC channels,
 * both sender-checked: invoke, and save-file, whose save dialog and write happen here); no
 * network request leaves the app.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, session, shell } from 'electron';
import { stderrLogger } from '../core/log.ts';
import { runDesktop } from './app.ts';

runDesktop(
  { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, session, shell },
  {
    // out/main/index.js → out/ (out/preload/index.cjs and out/renderer/index.html)
    outDir: path.resolve(import.meta.dirname, '..'),
    argv: process.argv,
    env: process.env,
    platform: process.platform,
    versions: process.versions,
    log: stderrLogger('banso-desktop'),
  },
);
