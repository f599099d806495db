import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/tmp.ts';
// @ts-expect-error -- plain JS config without types
import mainConfig, { layering } from '../lint/eslint.config.js';

/** The layering rules alone (no type information needed), applied to snippets at chosen paths. */
async function lint(filePath: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...(layering as never[])],
  });
  const [res] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, filePath) });
  return res!.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

/**
 * The snippet is refused, and only by the given layering rule: a parse error (ruleId null) or
 * another rule's complaint is not proof that the layering fired. (One import can match two of the
 * rule's patterns, e.g. 'electron' as a package and as a folder: two messages of the same rule.)
 */
async function refusedBy(rule: 'no-restricted-imports' | 'no-restricted-globals', filePath: string, code: string): Promise<void> {
  const messages = await lint(filePath, code);
  expect(messages.length, `${filePath}: ${code}`).toBeGreaterThan(0);
  for (const m of messages) {
    expect(m.ruleId, `${filePath}: ${code} → ${m.message}`).toBe(rule);
    // An import refusal carries the layering's own words (not a generic restricted-import message).
    if (rule === 'no-restricted-imports') expect(m.message).toMatch(/レイヤー規則/);
  }
}

async function allowed(filePath: string, code: string): Promise<void> {
  expect(await lint(filePath, code), `${filePath}: ${code}`).toEqual([]);
}

describe('layering rules fire', () => {
  it('a parse error is not taken for a refusal', async () => {
    const [m] = await lint('shared/x.ts', "import fs from 'node:fs'");
    expect(m?.ruleId).toBe('no-restricted-imports');
    const broken = await lint('shared/x.ts', "import fs from 'node:fs'; export const = ;");
    expect(broken).toHaveLength(1);
    expect(broken[0]!.ruleId).toBeNull(); // what the old check (any message at all) would have counted
    await expect(refusedBy('no-restricted-imports', 'shared/x.ts', "import fs from 'node:fs'; export const = ;")).rejects.toThrow();
  });

  it('shared/ may not import Node, DOM globals, electron, the renderer or UI libraries', async () => {
    await refusedBy('no-restricted-imports', 'shared/x.ts', "import fs from 'node:fs';");
    await refusedBy('no-restricted-imports', 'shared/x.ts', "import path from 'path';");
    await refusedBy('no-restricted-imports', 'shared/x.ts', "import { app } from 'electron';");
    await refusedBy('no-restricted-imports', 'shared/x.ts', "import { h } from '../renderer/src/App.tsx';");
    await refusedBy('no-restricted-imports', 'shared/x.ts', "import { createCore } from '../electron/core/index.ts';");
    await refusedBy('no-restricted-imports', 'shared/x.ts', "import React from 'react';");
    await refusedBy('no-restricted-globals', 'shared/x.ts', 'export const w = window.innerWidth;');
    await allowed('shared/x.ts', "import { z } from 'zod'; export const s = z.string();");
  });

  it('the renderer may not import electron/, electron or Node', async () => {
    await refusedBy('no-restricted-imports', 'renderer/src/x.ts', "import { createCore } from '../../electron/core/index.ts';");
    await refusedBy('no-restricted-imports', 'renderer/src/x.ts', "import { ipcRenderer } from 'electron';");
    await refusedBy('no-restricted-imports', 'renderer/src/x.ts', "import fs from 'node:fs';");
    await allowed('renderer/src/x.ts', "import { contract } from '../../shared/contract/index.ts';");
  });

  it('only electron/shell/ may import electron; the core depends on no face', async () => {
    await refusedBy('no-restricted-imports', 'electron/core/x.ts', "import { app } from 'electron';");
    await refusedBy('no-restricted-imports', 'electron/core/x.ts', "import { startWebHost } from '../web/server.ts';");
    await refusedBy('no-restricted-imports', 'electron/web/x.ts', "import { app } from 'electron/main';");
    await refusedBy('no-restricted-imports', 'electron/cli/x.ts', "import { app } from 'electron';");
    await refusedBy('no-restricted-imports', 'test/unit/x.ts', "import type { IpcMain } from 'electron';");
    await allowed('electron/shell/x.ts', "import { app } from 'electron';");
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
        .filter((s) => resolvesInto(f, s, 'electron') || s.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'better-sqlite3-multiple-ciphers'].includes(s))
        .map((s) => `${f}: ${s}`),
    );
    expect(bad).toEqual([]);
  });
});
