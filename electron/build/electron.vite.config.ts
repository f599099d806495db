/**
 * electron-vite build of the desktop app (no Electron binary needed):
 *   main     electron/shell/main.ts     → out/main/index.js     (ESM; Electron ≥ 28)
 *   preload  electron/shell/preload.ts  → out/preload/index.cjs (ONE CommonJS file: sandboxed preloads
 *                                          cannot require local chunks or node_modules)
 *   renderer renderer/index.html        → out/renderer/         (React; base './' for loadFile)
 * This file lives in electron/build, so every path is resolved from the repo root.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const r = (...p: string[]): string => path.resolve(ROOT, ...p);

export default defineConfig({
  main: {
    root: ROOT,
    build: {
      outDir: r('out/main'),
      emptyOutDir: true,
      // Bundle everything (zod, the core, shared/) except the native module and electron itself:
      // the packaged app ships only node_modules/better-sqlite3-multiple-ciphers.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: r('electron/shell/main.ts') },
        external: ['electron', /^electron\//, 'better-sqlite3-multiple-ciphers', /^better-sqlite3-multiple-ciphers\//],
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    root: ROOT,
    build: {
      outDir: r('out/preload'),
      emptyOutDir: true,
      // Sandboxed preload: only `electron` may stay a require(); everything else is inlined.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: r('electron/shell/preload.ts') },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          codeSplitting: false,
        },
      },
    },
  },
  renderer: {
    root: r('renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: r('out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified; a smaller bundle starts faster in both faces.
      minify: true,
      chunkSizeWarningLimit: 1500,
      rolldownOptions: {
        input: { index: r('renderer/index.html') },
      },
    },
  },
});
