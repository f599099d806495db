import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  WINDOW_DEFAULTS,
  dataDirFlag,
  isAllowedExternalUrl,
  isAllowedRequestUrl,
  isOurWindowUrl,
  webPreferences,
  withCspHeader,
} from '../../electron/shell/config.ts';
import { electronAvailability } from '../../electron/launch/start.ts';
import { META_CSP } from '../../shared/csp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');

function directives(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/).filter(Boolean);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

describe('window webPreferences', () => {
  const prefs = webPreferences('/app/out/preload/index.cjs');

  it('isolates and sandboxes the renderer', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.spellcheck).toBe(false);
  });

  it('injects the preload path', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('has the window defaults', () => {
    expect(WINDOW_DEFAULTS).toMatchObject({ width: 1366, height: 768, minWidth: 1024, minHeight: 640, title: 'Bansō（伴走）' });
    expect(WINDOW_DEFAULTS.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });
});

describe('content security policy', () => {
  const d = directives(CONTENT_SECURITY_POLICY);

  it('is self-only for everything and scripts', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('never allows eval or inline scripts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('allows no remote origin anywhere', () => {
    for (const [name, values] of d) {
      for (const v of values) expect(v, `${name} ${v}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:)$/);
    }
  });

  it('matches the <meta> in renderer/index.html', () => {
    const file = path.join(ROOT, 'renderer', 'index.html');
    expect(fs.existsSync(file), 'renderer/index.html is missing').toBe(true);
    const html = fs.readFileSync(file, 'utf8');
    const meta = /<meta\s+http-equiv=(["'])Content-Security-Policy\1\s+content=(["'])([\s\S]*?)\2/i.exec(html);
    expect(meta, 'renderer/index.html has no Content-Security-Policy <meta>').not.toBeNull();
    const withoutFrameAncestors = new Map([...d].filter(([k]) => k !== 'frame-ancestors'));
    expect(directives(meta?.[3] ?? '')).toEqual(withoutFrameAncestors);
    expect(meta?.[3]).toBe(META_CSP);
  });

  it('replaces a CSP response header in any letter case', () => {
    const h = withCspHeader({ 'content-security-policy': ["default-src *"], 'X-Other': ['1'] });
    expect(h).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('isAllowedExternalUrl', () => {
  it('accepts plain https links', () => {
    expect(isAllowedExternalUrl('https://www.soumu.go.jp/')).toBe(true);
    expect(isAllowedExternalUrl('https://www.digital.go.jp/policies?x=1#y')).toBe(true);
  });

  it('rejects everything else', () => {
    for (const url of [
      'http://www.soumu.go.jp/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pw@host/',
      'https://user@host/',
      'data:text/html,<script>1</script>',
      'ftp://example.jp/',
      'smb://server/share',
      'mailto:a@example.jp',
      'https:',
      'not a url',
      '',
      42,
      null,
      undefined,
    ]) {
      expect(isAllowedExternalUrl(url), String(url)).toBe(false);
    }
  });
});

describe('isOurWindowUrl', () => {
  const index = 'file:///opt/Bans%C5%8D/resources/app.asar/out/renderer/index.html';

  it('accepts our index.html with any hash route', () => {
    expect(isOurWindowUrl(index, index)).toBe(true);
    expect(isOurWindowUrl(`${index}#/projects/3`, index)).toBe(true);
    expect(isOurWindowUrl('file:///opt/Bansō/resources/app.asar/out/renderer/index.html#/', index)).toBe(true);
  });

  it('rejects other files, queries and schemes', () => {
    expect(isOurWindowUrl('file:///opt/Bans%C5%8D/resources/app.asar/out/renderer/other.html', index)).toBe(false);
    expect(isOurWindowUrl(`${index}?x=1`, index)).toBe(false);
    expect(isOurWindowUrl('file:///etc/passwd', index)).toBe(false);
    expect(isOurWindowUrl('https://www.soumu.go.jp/', index)).toBe(false);
    expect(isOurWindowUrl('file://evil-host/opt/Bans%C5%8D/resources/app.asar/out/renderer/index.html', index)).toBe(false);
    expect(isOurWindowUrl('', index)).toBe(false);
  });

  it('compares case-insensitively only when asked (Windows, macOS)', () => {
    const win = 'file:///C:/Program%20Files/Bans%C5%8D/resources/app.asar/out/renderer/index.html';
    const upper = 'file:///c:/PROGRAM%20FILES/Bans%C5%8D/resources/app.asar/out/renderer/index.html';
    expect(isOurWindowUrl(upper, win)).toBe(false);
    expect(isOurWindowUrl(upper, win, { caseInsensitive: true })).toBe(true);
  });
});

describe('isAllowedRequestUrl (no network request leaves the app)', () => {
  it('allows local schemes only', () => {
    expect(isAllowedRequestUrl('file:///app/out/renderer/assets/index.js')).toBe(true);
    expect(isAllowedRequestUrl('devtools://devtools/bundled/devtools_app.html')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    for (const url of ['https://example.jp/', 'http://127.0.0.1:8080/', 'ws://localhost/', 'ftp://x/', 'garbage', '']) {
      expect(isAllowedRequestUrl(url), url).toBe(false);
    }
  });
});

describe('dataDirFlag', () => {
  it('reads --data-dir in both spellings', () => {
    expect(dataDirFlag(['electron', '.', '--data-dir', '/tmp/a'])).toBe('/tmp/a');
    expect(dataDirFlag(['Bansō.exe', '--data-dir=D:\\banso'])).toBe('D:\\banso');
    expect(dataDirFlag(['electron', '.'])).toBeUndefined();
    expect(dataDirFlag(['electron', '.', '--data-dir'])).toBeUndefined();
    expect(dataDirFlag(['electron', '.', '--data-dir', '--other'])).toBeUndefined();
  });
});

// What electron/shell/main.ts and preload.ts do (window and session guards, the window's settings,
// the sender check, zod, the save dialog, the bridge) is tested by behaviour on fakes of Electron
// in shell-ipc.test.ts and shell-app.test.ts.

describe('build output (npm run build runs before the unit tests)', () => {
  it('the preload is ONE CommonJS file (sandboxed preloads cannot load local chunks)', () => {
    const file = path.join(ROOT, 'out', 'preload', 'index.cjs');
    expect(fs.existsSync(file), `${file} is missing: run "npm run build" before the unit tests`).toBe(true);
    const code = fs.readFileSync(file, 'utf8');
    expect(code).not.toMatch(/require\(\s*["']\.{1,2}\//);
    expect(code).not.toMatch(/^\s*import\s|^\s*export\s/m);
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('the main bundle parses as an ES module and loads better-sqlite3-multiple-ciphers at run time', () => {
    const file = path.join(ROOT, 'out', 'main', 'index.js');
    expect(fs.existsSync(file), `${file} is missing: run "npm run build" before the unit tests`).toBe(true);
    const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const code = fs.readFileSync(file, 'utf8');
    expect(code).toMatch(/from\s+["']electron["']/);
    expect(code).toMatch(/(?:require|requireNative)\(\s*["']better-sqlite3-multiple-ciphers["']\s*\)/);
    expect(code).not.toMatch(/from\s+["']zod["']/);
  });
});

describe('electron.builder.yml', () => {
  const yml = read('electron.builder.yml');
  it('names the app and the targets', () => {
    expect(yml).toMatch(/^appId:\s*jp\.banso\.app\s*$/m);
    for (const word of ['nsis', 'dmg', 'AppImage', 'deb', 'asarUnpack', 'better-sqlite3-multiple-ciphers', 'out/main/index.js']) {
      expect(yml, word).toContain(word);
    }
    expect(yml).toMatch(/^npmRebuild:\s*false\s*$/m);
    expect(yml).not.toMatch(/\t/);
  });
});

describe('electron/launch/start.ts: Electron detection', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-start-'));
  const fake = path.join(dir, 'electron');
  fs.writeFileSync(fake, '#!/bin/sh\n');
  fs.chmodSync(fake, 0o755);
  const fakeName = fs.existsSync(path.join(ROOT, 'node_modules', 'electron', 'path.txt'))
    ? fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'path.txt'), 'utf8').trim()
    : 'electron';
  if (fakeName !== 'electron') {
    fs.mkdirSync(path.dirname(path.join(dir, fakeName)), { recursive: true });
    fs.copyFileSync(fake, path.join(dir, fakeName));
    fs.chmodSync(path.join(dir, fakeName), 0o755);
  }

  it('finds a binary and needs a display on Linux', () => {
    const env = { ELECTRON_OVERRIDE_DIST_PATH: dir };
    expect(electronAvailability({ ...env, DISPLAY: ':0' }, 'linux')).toMatchObject({ ok: true });
    expect(electronAvailability({ ...env, WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toMatchObject({ ok: true });
    expect(electronAvailability(env, 'linux')).toMatchObject({ ok: false, kind: 'no-display' });
  });

  it('reports a missing binary', () => {
    const missing = { ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'nope'), DISPLAY: ':0' };
    expect(electronAvailability(missing, 'linux')).toMatchObject({ ok: false, kind: 'no-binary' });
  });
});
