import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

/**
 * Electronegativity (Doyensec's Electron security scanner) over the BUILT output (out/: main,
 * preload, renderer), as `npm test` runs it after `npm run build`. Zero findings, except those
 * listed here, each with the reason it is acceptable.
 */
const ACCEPTED: { check: string; file: RegExp; why: string }[] = [
  {
    check: 'CSP_GLOBAL_CHECK',
    file: /^renderer\/index\.html$/,
    // The scanner flags style-src 'unsafe-inline'. Mantine writes its CSS variables into <style>
    // elements at run time, which a hash cannot cover; scripts stay 'self' only, so an injected
    // style can change how the page looks but cannot run code or reach the network
    // (connect-src, img-src and font-src are 'self').
    why: "style-src 'unsafe-inline' for Mantine's run-time <style> elements; script-src is 'self' only",
  },
  {
    check: 'CSP_GLOBAL_CHECK',
    file: /^main\/index\.js$/,
    // "Failed to parse CSP" (low, tentative): the header the shell adds is the constant
    // CONTENT_SECURITY_POLICY, not a literal the scanner can read. It is the same policy as the
    // <meta> in renderer/index.html, which the scanner does parse (entry above), plus
    // frame-ancestors 'none'; shell-config.test.ts checks both, shell-app.test.ts that the header is set.
    why: 'the header is a constant equal to the <meta> policy the scanner checks',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: /^main\/index\.js$/,
    // "Review the use of preload scripts": reviewed. The sandboxed preload (electron/shell/preload.ts)
    // exposes two frozen functions through contextBridge (invoke a contract method, save a file
    // through the main process's dialog), never ipcRenderer; main checks the sender and validates
    // every payload with zod (shell-ipc.test.ts).
    why: 'a reviewed, sandboxed preload exposing two narrow functions through contextBridge',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^main\/index\.js$/,
    // A click on a case's source link hands the URL to the system browser: only https URLs with a
    // host and no credentials pass isAllowedExternalUrl (electron/shell/config.ts, unit-tested in
    // shell-config.test.ts, shell-app.test.ts); everything else is refused and logged. Nothing is fetched by the app.
    why: 'https-only links, checked by isAllowedExternalUrl, opened in the system browser on a click',
  },
];

const SCANNER = path.join(REPO_ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js');

function electronVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const v = /\d+\.\d+\.\d+/.exec(pkg.devDependencies.electron ?? '')?.[0];
  if (!v) throw new Error('electron の版が package.json にありません');
  return v;
}

describe('Electron security scan of the built app', () => {
  it('finds nothing that is not accepted with a reason', { timeout: 120_000 }, () => {
    const out = path.join(REPO_ROOT, 'out');
    expect(fs.existsSync(path.join(out, 'main', 'index.js')), 'out/ がありません。先に npm run build を実行してください。').toBe(true);
    const t = tempDir();
    try {
      // SARIF, not CSV: the scanner writes its CSV header and rows with two unsynchronised writes.
      const sarif = path.join(t.dir, 'findings.sarif');
      const r = spawnSync(
        process.execPath,
        ['--require', path.join(REPO_ROOT, 'test/security/no-network.cjs'), SCANNER, '-i', out, '-r', '-e', electronVersion(), '-x', 'AvailableSecurityFixesGlobalCheck', '-o', sarif],
        { cwd: t.dir, encoding: 'utf8', env: { ...process.env, HOME: t.dir, LANG: 'en-US' } },
      );
      expect(r.status, r.stderr + r.stdout).toBe(0);
      const report = JSON.parse(fs.readFileSync(sarif, 'utf8')) as {
        runs: { results: { ruleId: string; locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[] }[] }[];
      };
      const findings = report.runs.flatMap((run) =>
        run.results.map((res) => {
          const loc = res.locations?.[0]?.physicalLocation;
          return { check: res.ruleId, file: (loc?.artifactLocation?.uri ?? '').replace(/\\/g, '/'), line: loc?.region?.startLine ?? 0 };
        }),
      );
      const unexplained = findings.filter((f) => !ACCEPTED.some((a) => a.check === f.check && a.file.test(f.file)));
      expect(unexplained, JSON.stringify(unexplained, null, 2)).toEqual([]);
      // The scanner really looked at the app: it found the CSP and the window we know are there
      // (its BrowserWindow checks only see a `new BrowserWindow({...})` literal; PRELOAD_JS_CHECK is
      // reported at that literal, so its absence would mean the window's settings went unscanned).
      expect(findings.some((f) => f.check === 'CSP_GLOBAL_CHECK')).toBe(true);
      expect(findings.some((f) => f.check === 'PRELOAD_JS_CHECK' && f.file === 'main/index.js')).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});
