// Runs the Playwright end-to-end suite in Debian's Chromium against browser
// mode. A missing Chromium is a failure with the install command, never a skip.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_INSTALL_HINT, chromiumPath } from './chromium.ts';

const root = path.resolve(import.meta.dirname, '../..');
if (!chromiumPath()) {
  process.stderr.write(`${CHROMIUM_INSTALL_HINT}\n(e2e tests cannot run without Chromium: failing, not skipping)\n`);
  process.exit(1);
}
if (!fs.existsSync(path.join(root, 'out', 'renderer', 'index.html'))) {
  process.stderr.write('out/renderer がありません。先に npm run build を実行してください。\n');
  process.exit(1);
}
// Chromium writes into HOME / XDG folders: keep them out of the real profile.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-e2e-home-'));
const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, '.config'),
  XDG_CACHE_HOME: path.join(home, '.cache'),
  XDG_DATA_HOME: path.join(home, '.local', 'share'),
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
};
const bin = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const r = spawnSync(process.execPath, [bin, 'test', '--config', path.join(root, 'test', 'e2e', 'playwright.config.ts'), ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
fs.rmSync(home, { recursive: true, force: true });
process.exit(r.status ?? 1);
