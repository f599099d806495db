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
/** Source without comments, so prose about a forbidden thing does not count as doing it. */
const stripComments = (src: string): string => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');

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

describe('electron/shell/main.ts (static checks)', () => {
  const src = stripComments(read('electron/shell/main.ts'));

  it('applies the window and session guards', () => {
    expect(src).toContain('requestSingleInstanceLock(');
    expect(src).toContain('setWindowOpenHandler(');
    expect(src).toMatch(/\.on\(\s*'will-navigate'/);
    expect(src).toMatch(/\.on\(\s*'will-redirect'/);
    expect(src).toMatch(/\.on\(\s*'web-contents-created'/);
    expect(src).toContain('setPermissionRequestHandler(');
    expect(src).toContain('setPermissionCheckHandler(');
    expect(src).toContain('onBeforeRequest(');
    expect(src).toContain('onHeadersReceived(');
    expect(src).toContain('new BrowserWindow(');
  });

  it('creates the window with exactly the settings of webPreferences() (written out for the scanner)', () => {
    const literal = /webPreferences:\s*\{([\s\S]*?)\}\s*satisfies ShellWebPreferences/.exec(src);
    expect(literal, 'the BrowserWindow webPreferences literal').not.toBeNull();
    const written = Object.fromEntries(
      [...literal![1]!.matchAll(/(\w+):\s*([^,\n]+),/g)].map(([, k, v]) => [k, v!.trim() === 'PRELOAD_PATH' ? 'PRELOAD' : JSON.parse(v!.trim().replace(/'/g, '"'))]),
    );
    expect(written).toEqual({ ...webPreferences('PRELOAD') });
  });

  it('checks the sender before every IPC handler does anything', () => {
    const sites = [...src.matchAll(/ipcMain\.handle\(/g)].map((m) => m.index);
    expect(sites.length).toBeGreaterThan(0);
    for (const at of sites) {
      const body = src.slice(at, at + 600);
      const check = body.indexOf('isTrustedSender(');
      expect(check, `ipcMain.handle at offset ${at} has no isTrustedSender() check`).toBeGreaterThan(0);
      const invoke = body.indexOf('.invoke(');
      if (invoke >= 0) expect(check).toBeLessThan(invoke);
    }
    expect(src).not.toMatch(/ipcMain\.on\(/);
    // The check itself compares the sender with our window and inspects the frame.
    const fn = /function isTrustedSender\([^)]*\)[^{]*\{([\s\S]*?)\n\}/.exec(src);
    expect(fn, 'function isTrustedSender not found').not.toBeNull();
    expect(fn?.[1]).toContain('event.sender');
    expect(fn?.[1]).toContain('senderFrame');
  });

  it('handles exactly the two channels, each behind the sender check, and removes both on quit', () => {
    const channels = [...src.matchAll(/ipcMain\.handle\(\s*([A-Z_]+)\s*,/g)].map((m) => m[1]);
    expect(channels.sort()).toEqual(['IPC_INVOKE_CHANNEL', 'IPC_SAVE_FILE_CHANNEL']);
    const at = src.indexOf('ipcMain.handle(IPC_SAVE_FILE_CHANNEL');
    const body = src.slice(at, at + 600);
    const check = body.indexOf('isTrustedSender(event)');
    expect(check, 'the save-file handler has no isTrustedSender(event) check').toBeGreaterThan(0);
    const save = body.indexOf('saveFileFromRenderer(');
    expect(save, 'the save-file handler does not call saveFileFromRenderer').toBeGreaterThan(check);
    // The refusal returns before anything else happens.
    expect(body.slice(check, save)).toMatch(/return FORBIDDEN;/);
    expect(src).toContain('ipcMain.removeHandler(IPC_INVOKE_CHANNEL)');
    expect(src).toContain('ipcMain.removeHandler(IPC_SAVE_FILE_CHANNEL)');
  });

  it('saves a file by validating it, asking with the main-process dialog in Documents, then writing atomically', () => {
    const fn = /async function saveFileFromRenderer\([^)]*\)[^{]*\{([\s\S]*?)\n\}/.exec(src);
    expect(fn, 'function saveFileFromRenderer not found').not.toBeNull();
    const body = fn?.[1] ?? '';
    const validate = body.indexOf('SaveFileRequestSchema.safeParse(request)');
    const ask = body.indexOf('dialog.showSaveDialog(win,');
    const write = body.indexOf('writeFileAtomic(choice.filePath,');
    expect(validate).toBeGreaterThanOrEqual(0);
    expect(ask).toBeGreaterThan(validate);
    expect(write).toBeGreaterThan(ask);
    // The path comes from the dialog only; the renderer's payload names a base file name.
    expect(body).toMatch(/defaultPath:\s*path\.join\(documentsDir\(\),\s*fileName\)/);
    expect(body).toMatch(/choice\.canceled/);
    expect(src).toMatch(/app\.getPath\('documents'\)/);
  });
});

describe('electron/shell/preload.ts (static checks)', () => {
  const src = stripComments(read('electron/shell/preload.ts'));

  it('exposes one bridge and never ipcRenderer itself', () => {
    const calls = [...src.matchAll(/exposeInMainWorld\(\s*(['"])([^'"]+)\1\s*,\s*([^)]*)\)/g)];
    expect(calls.map((m) => m[2])).toEqual(['banso']);
    for (const m of calls) expect(m[3]).not.toMatch(/\bipcRenderer\b/);
    // Apart from the import, every use of ipcRenderer is a call to .invoke on our one channel.
    const code = src.replace(/^import[\s\S]*?from\s+['"][^'"]+['"];?$/gm, '');
    const uses = [...code.matchAll(/\bipcRenderer\b(.{0,30})/g)].map((m) => m[1] ?? '');
    expect(uses.length).toBeGreaterThan(0);
    for (const rest of uses) expect(rest).toMatch(/^\.invoke\((IPC_INVOKE_CHANNEL|IPC_SAVE_FILE_CHANNEL),/);
    expect(code).toContain('ipcRenderer.invoke(IPC_INVOKE_CHANNEL,');
    expect(code).toContain('ipcRenderer.invoke(IPC_SAVE_FILE_CHANNEL,');
  });

  it('exposes exactly invoke, saveFile and face, and passes no path of its own to save-file', () => {
    const bridge = /const bridge: BansoBridge = Object\.freeze\(\{([\s\S]*?)\}\);/.exec(src);
    expect(bridge, 'the frozen bridge object was not found').not.toBeNull();
    const keys = [...(bridge?.[1] ?? '').matchAll(/^\s*(\w+):/gm)].map((m) => m[1]).sort();
    expect(keys).toEqual(['face', 'invoke', 'saveFile']);
    const fn = /function saveFile\([^)]*\)[^{]*\{([\s\S]*?)\n\}/.exec(src);
    expect(fn?.[1]).toMatch(/const payload = \{ fileName, contentBase64, /);
    expect(fn?.[1]).toContain('ipcRenderer.invoke(IPC_SAVE_FILE_CHANNEL, payload)');
  });

  it('type-checks the method name', () => {
    expect(src).toMatch(/typeof method !== 'string'/);
  });
});

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

  it('the main bundle parses as an ES module and loads better-sqlite3 at run time', () => {
    const file = path.join(ROOT, 'out', 'main', 'index.js');
    expect(fs.existsSync(file), `${file} is missing: run "npm run build" before the unit tests`).toBe(true);
    const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const code = fs.readFileSync(file, 'utf8');
    expect(code).toMatch(/from\s+["']electron["']/);
    expect(code).toMatch(/(?:require|requireNative)\(\s*["']better-sqlite3["']\s*\)/);
    expect(code).not.toMatch(/from\s+["']zod["']/);
  });
});

describe('electron.builder.yml', () => {
  const yml = read('electron.builder.yml');
  it('names the app and the targets', () => {
    expect(yml).toMatch(/^appId:\s*jp\.banso\.app\s*$/m);
    for (const word of ['nsis', 'dmg', 'AppImage', 'deb', 'asarUnpack', 'better-sqlite3', 'out/main/index.js']) {
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
