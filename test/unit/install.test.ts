import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/tmp.ts';

// A fresh machine (no ~/.npmrc, no Node headers, no compiler, often no network to nodejs.org) must install the
// native SQLite binding from the prebuilt binary its npm package ships. npm runs `node-gyp rebuild` for any
// dependency with a binding.gyp unless it knows `gypfile: false` — and `npm ci` reads that only from the lockfile
// (npm/cli#3341, WiseLibs/better-sqlite3#1516). Two levers, both checked here:
//   - package-lock.json carries `"gypfile": false` for such packages (npm 7+ honours it on install from the lock);
//   - package.json's `allowScripts` denies their install script (npm 11.19+, also after the lock is rewritten).
// `.ci/run` installs with an empty HOME, so a user npmrc cannot hide a compile.

const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { gypfile?: boolean; hasInstallScript?: boolean }>;
};
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };

/** Installed packages that ship prebuilt .node files next to a binding.gyp npm would otherwise build. */
function prebuiltNative(): string[] {
  const out: string[] = [];
  for (const loc of Object.keys(lock.packages)) {
    if (!loc.startsWith('node_modules/')) continue;
    const dir = path.join(REPO_ROOT, loc);
    if (!fs.existsSync(path.join(dir, 'binding.gyp')) || !fs.existsSync(path.join(dir, 'prebuilds'))) continue;
    out.push(loc);
  }
  return out;
}

describe('install without a compiler or a header download', () => {
  const natives = prebuiltNative();

  it('finds the native SQLite binding among the installed packages', () => {
    expect(natives).toContain('node_modules/better-sqlite3-multiple-ciphers');
  });

  it('the lockfile tells npm not to run node-gyp for every package that ships prebuilds', () => {
    const missing = natives.filter((loc) => lock.packages[loc]!.gypfile !== false);
    expect(missing, `add "gypfile": false to these entries of package-lock.json (npm install drops it): ${missing.join(', ')}`).toEqual([]);
  });

  it("package.json's allowScripts denies their install scripts", () => {
    const names = natives.map((loc) => loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(names.filter((n) => pkg.allowScripts?.[n] !== false)).toEqual([]);
  });

  it('nothing was compiled: the binding that loads is the shipped prebuild', () => {
    for (const loc of natives) {
      expect(fs.existsSync(path.join(REPO_ROOT, loc, 'build')), `${loc}/build exists: the install compiled from source`).toBe(false);
    }
    const prebuild = path.join(REPO_ROOT, 'node_modules/better-sqlite3-multiple-ciphers/prebuilds', `${process.platform}-${process.arch}.node`);
    expect(fs.existsSync(prebuild)).toBe(true);
  });
});
