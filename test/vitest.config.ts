import path from 'node:path';
import { defineConfig } from 'vitest/config';

if (Number(process.versions.node.split('.')[0]) < 22) {
  throw new Error(`vitest needs Node >= 22 (this is ${process.version}). Run it through npm (npm test / npm run test:unit), which uses the project's Node 24.`);
}

const root = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A suite that finds nothing to run is a failure, never a silent pass.
    passWithNoTests: false,
    reporters: ['default'],
  },
});
