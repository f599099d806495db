import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/tmp.ts';
// @ts-expect-error -- plain JS config without types
import mainConfig, { boundaries } from '../lint/eslint.config.js';

/** The feature-boundary rule alone, applied to snippets at chosen paths. */
async function lint(filePath: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...(boundaries as never[])],
  });
  const [res] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, filePath) });
  return res!.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

describe('feature boundaries (banso/feature-boundaries)', () => {
  it('fires when features/X imports features/Y, statically, by re-export or dynamically', async () => {
    for (const code of [
      "import { useCases } from '../cases/store.ts';",
      "export { notify } from '../engagements/notice.tsx';",
      "export * from '../docs/store.ts';",
      "const m = import('../templates/TemplatesPage.tsx');",
      "import { x } from '../../features/log/store.ts';",
    ]) {
      const messages = await lint('renderer/src/features/engagements/x.tsx'.replace('engagements', code.includes('engagements') ? 'plans' : 'engagements'), code);
      expect(messages, code).toHaveLength(1);
      expect(messages[0]!.ruleId).toBe('banso/feature-boundaries');
      expect(messages[0]!.message).toMatch(/から features\/\w+ は import できません/);
    }
  });

  it('allows the feature itself, components/, lib/, api/, routes and packages', async () => {
    for (const code of [
      "import { useCases } from './store.ts';",
      "import { Page } from '../../components/Page.tsx';",
      "import { notify } from '../../lib/notify.tsx';",
      "import { write } from '../../api/query.ts';",
      "import { paths } from '../../routes.ts';",
      "import { Button } from '@mantine/core';",
      "import { contract } from '../../../../shared/contract/index.ts';",
    ]) {
      expect(await lint('renderer/src/features/cases/x.tsx', code), code).toEqual([]);
    }
    // Outside features/ the rule has nothing to say (components may use any lib).
    expect(await lint('renderer/src/components/x.tsx', "import { useCases } from '../features/cases/store.ts';")).toEqual([]);
  });

  it('is part of the project lint config', () => {
    const names = (mainConfig as { name?: string }[]).map((c) => c.name);
    for (const block of boundaries as { name: string }[]) expect(names).toContain(block.name);
  });

  it('holds in the real tree (an independent scan of every import under renderer/src/features)', () => {
    const root = path.join(REPO_ROOT, 'renderer/src/features');
    const importRe = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
    const offences: string[] = [];
    for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
      if (!/\.tsx?$/.test(rel)) continue;
      const feature = rel.split(path.sep)[0]!;
      const file = path.join(root, rel);
      for (const m of fs.readFileSync(file, 'utf8').matchAll(importRe)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        if (!spec.startsWith('.')) continue;
        const target = path.relative(root, path.resolve(path.dirname(file), spec));
        if (target.startsWith('..')) continue;
        const other = target.split(path.sep)[0];
        if (other !== feature) offences.push(`${rel} → ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });
});
