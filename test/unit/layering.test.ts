import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/tmp.ts';
// @ts-expect-error -- plain JS config without types
import mainConfig, { layering } from '../lint/eslint.config.js';

/** The layering rules alone (no type information needed), applied to snippets at chosen paths. */
async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...(layering as never[])],
  });
  const [res] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, filePath) });
  return res!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering rules fire', () => {
  it('shared/ may not import Node, DOM globals, electron, the renderer or UI libraries', async () => {
    expect(await lint('shared/x.ts', "import fs from 'node:fs';")).not.toEqual([]);
    expect(await lint('shared/x.ts', "import path from 'path';")).not.toEqual([]);
    expect(await lint('shared/x.ts', "import { app } from 'electron';")).not.toEqual([]);
    expect(await lint('shared/x.ts', "import { h } from '../renderer/src/App.tsx';")).not.toEqual([]);
    expect(await lint('shared/x.ts', "import { createCore } from '../electron/core/index.ts';")).not.toEqual([]);
    expect(await lint('shared/x.ts', "import React from 'react';")).not.toEqual([]);
    expect(await lint('shared/x.ts', 'export const w = window.innerWidth;')).not.toEqual([]);
    expect(await lint('shared/x.ts', "import { z } from 'zod'; export const s = z.string();")).toEqual([]);
  });

  it('the renderer may not import electron/, electron or Node', async () => {
    expect(await lint('renderer/src/x.ts', "import { createCore } from '../../electron/core/index.ts';")).not.toEqual([]);
    expect(await lint('renderer/src/x.ts', "import { ipcRenderer } from 'electron';")).not.toEqual([]);
    expect(await lint('renderer/src/x.ts', "import fs from 'node:fs';")).not.toEqual([]);
    expect(await lint('renderer/src/x.ts', "import { contract } from '../../shared/contract/index.ts';")).toEqual([]);
  });

  it('only electron/shell/ may import electron; the core depends on no face', async () => {
    expect(await lint('electron/core/x.ts', "import { app } from 'electron';")).not.toEqual([]);
    expect(await lint('electron/core/x.ts', "import { startWebHost } from '../web/server.ts';")).not.toEqual([]);
    expect(await lint('electron/web/x.ts', "import { app } from 'electron/main';")).not.toEqual([]);
    expect(await lint('electron/cli/x.ts', "import { app } from 'electron';")).not.toEqual([]);
    expect(await lint('electron/shell/x.ts', "import { app } from 'electron';")).toEqual([]);
  });

  it('the project lint config includes every layering block', () => {
    const names = (mainConfig as { name?: string }[]).map((c) => c.name).filter(Boolean);
    for (const block of layering as { name: string }[]) expect(names).toContain(block.name);
  });
});

/** An independent scan of the real tree (static and dynamic imports, require). */
describe('the real tree follows the layering', () => {
  const importRe = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  function files(dir: string): string[] {
    const abs = path.join(REPO_ROOT, dir);
    if (!fs.existsSync(abs)) return [];
    return (fs.readdirSync(abs, { recursive: true }) as string[])
      .filter((f) => /\.(ts|tsx|mjs|js)$/.test(f))
      .map((f) => path.join(dir, f));
  }
  function importsOf(file: string): string[] {
    const src = fs
      .readFileSync(path.join(REPO_ROOT, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '') // block comments
      .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1'); // line comments
    return [...src.matchAll(importRe)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!).filter(Boolean);
  }
  const resolvesInto = (file: string, spec: string, dir: string) =>
    spec.startsWith('.') && path.relative(REPO_ROOT, path.resolve(REPO_ROOT, path.dirname(file), spec)).split(path.sep)[0] === dir;

  it('only electron/shell/ imports electron', () => {
    const offenders = ['electron', 'shared', 'renderer', 'test']
      .flatMap(files)
      .filter((f) => !f.startsWith(path.join('electron', 'shell') + path.sep))
      .filter((f) => f !== path.join('test', 'unit', 'layering.test.ts')) // its snippets are strings
      .filter((f) => importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/')));
    expect(offenders).toEqual([]);
  });

  it('shared/ imports only zod and itself', () => {
    const bad = files('shared').flatMap((f) => importsOf(f).filter((s) => !(s === 'zod' || (s.startsWith('.') && resolvesInto(f, s, 'shared')))).map((s) => `${f}: ${s}`));
    expect(bad).toEqual([]);
  });

  it('renderer/ never reaches into electron/ or Node', () => {
    const bad = files('renderer').flatMap((f) =>
      importsOf(f)
        .filter((s) => resolvesInto(f, s, 'electron') || s.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'better-sqlite3'].includes(s))
        .map((s) => `${f}: ${s}`),
    );
    expect(bad).toEqual([]);
  });
});
