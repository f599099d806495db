// ESLint flat config. Lives in test/lint because the top level of the repo is fixed;
// `npm run lint` passes it with --config. The layering rules below are the
// checked form of the architecture (see README): test/unit/layering.test.ts
// proves they fire.
import { builtinModules } from 'node:module';
import path from 'node:path';
import tseslint from 'typescript-eslint';

const root = path.resolve(import.meta.dirname, '../..');

const noNode = { regex: `^(node:)?(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})(/.*)?$`, message: 'Node の組み込みモジュールはここでは使えません（レイヤー規則）。' };
const noElectron = { regex: '^electron(/.*)?$', message: 'electron を import できるのは electron/shell/ だけです（レイヤー規則）。' };
const noElectronDir = { group: ['**/electron/**', '**/electron'], message: 'renderer/ と shared/ から electron/ は import できません（レイヤー規則）。' };
const noRendererDir = { group: ['**/renderer/**', '**/renderer'], message: 'renderer/ のコードは import できません（レイヤー規則）。' };
const noReact = { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@mantine/*', 'zustand', 'react-router'], message: 'shared/ は UI ライブラリに依存できません（レイヤー規則）。' };
const noNativeDb = { group: ['better-sqlite3', 'better-sqlite3-multiple-ciphers'], message: 'データベースはコアだけが扱います（レイヤー規則）。' };
const noFaces = { group: ['**/shell/**', '**/web/**', '**/cli/**', '**/launch/**'], message: 'コアは shell / web / cli に依存できません（レイヤー規則）。' };

export const layering = [
  {
    name: 'layering/shared: pure TypeScript, no Node, no DOM, no UI',
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noNode, noElectron, noElectronDir, noRendererDir, noReact, noNativeDb] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    name: 'layering/renderer: only shared/ and browser libraries',
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noNode, noElectron, noElectronDir, noNativeDb] }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    name: 'layering/core: headless, never electron, never a face',
    files: ['electron/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noRendererDir, noFaces] }] },
  },
  {
    name: 'layering/faces: web host, CLI and launchers run in plain Node',
    files: ['electron/web/**/*.ts', 'electron/cli/**/*.ts', 'electron/cli/**/*.mjs', 'electron/launch/**/*.ts', 'electron/build/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noRendererDir] }] },
  },
  {
    name: 'layering/shell: may import electron, not the renderer',
    files: ['electron/shell/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRendererDir] }] },
  },
  {
    name: 'layering/tests and seeds: never electron itself',
    files: ['test/**/*.ts', 'test/**/*.js'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron] }] },
  },
];

/**
 * Feature boundaries in the renderer: renderer/src/features/X never imports renderer/src/features/Y.
 * What two features share lives in renderer/src/components (UI) or renderer/src/lib (hooks, helpers);
 * a feature links to another through the route table (renderer/src/routes.ts).
 * test/unit/feature-boundaries.test.ts proves the rule fires.
 */
const FEATURES = path.join(root, 'renderer', 'src', 'features');
function featureOf(file) {
  const rel = path.relative(FEATURES, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const [name, ...rest] = rel.split(path.sep);
  return rest.length > 0 ? name : null;
}
const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'features/X may not import features/Y' },
    messages: {
      cross: 'features/{{from}} から features/{{to}} は import できません。共有する部品は renderer/src/components か renderer/src/lib に置きます（機能の境界）。',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = featureOf(file);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = featureOf(path.resolve(path.dirname(file), source));
      if (to && to !== from) context.report({ node, messageId: 'cross', data: { from, to } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const boundaries = [
  {
    name: 'boundaries/renderer features: features/X never imports features/Y',
    files: ['renderer/src/features/**/*.ts', 'renderer/src/features/**/*.tsx'],
    plugins: { banso: { rules: { 'feature-boundaries': featureBoundaries } } },
    rules: { 'banso/feature-boundaries': 'error' },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  ...layering,
  ...boundaries,
);
