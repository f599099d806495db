import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runDesktop } from '../../electron/shell/app.ts';
import { CONTENT_SECURITY_POLICY, WINDOW_DEFAULTS, webPreferences } from '../../electron/shell/config.ts';
import { hardenSession, hardenWebContents } from '../../electron/shell/harden.ts';
import { createMainWindow } from '../../electron/shell/window.ts';
import { IPC_INVOKE_CHANNEL, IPC_SAVE_FILE_CHANNEL } from '../../shared/version.ts';
import { FakeContents, FakeSafeStorage, FakeSession, FakeShell, FakeWindow, fakeElectron } from '../helpers/fake-electron.ts';
import { setFolderKey } from '../../electron/core/crypto/keyring.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * The desktop shell's window, hardening and life cycle (electron/shell/window.ts, harden.ts,
 * app.ts), driven through fakes with Electron's shapes: what the window is created with (by
 * value), what each rule does to a request, a navigation or a permission, and what the app does
 * on start, on a second start and on quit — with the real core behind the fake ipcMain.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const OUR = pathToFileURL('/app/out/renderer/index.html').href;

describe('the window', () => {
  it('is created with the window defaults and exactly webPreferences(preload), loads our index.html and shows when ready', () => {
    FakeWindow.created.length = 0;
    const win = createMainWindow(FakeWindow, { preload: '/app/out/preload/index.cjs', indexFile: '/app/out/renderer/index.html', log: captureLog().log });
    expect(win.options).toEqual({ ...WINDOW_DEFAULTS, webPreferences: webPreferences('/app/out/preload/index.cjs') });
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(win.loaded).toEqual(['/app/out/renderer/index.html']);
    expect(win.shown).toBe(0); // show: false until ready, so no white flash
    win.emit('ready-to-show');
    expect(win.shown).toBe(1);
  });

  it('a page that fails to load is logged and the window shown anyway', () => {
    const capture = captureLog();
    const win = createMainWindow(FakeWindow, { preload: 'p', indexFile: 'i', log: capture.log });
    win.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND');
    expect(win.visible).toBe(true);
    expect(capture.lines).toEqual(['[test] error window failed to load (-6 ERR_FILE_NOT_FOUND)\n']);
  });
});

describe('every webContents', () => {
  function hardened() {
    const contents = new FakeContents();
    const shell = new FakeShell();
    hardenWebContents(contents, { isOurUrl: (u) => u.startsWith(OUR), shell, log: captureLog().log });
    return { contents, shell };
  }

  it('opens no window: an https link goes to the system browser, anything else nowhere', () => {
    const { contents, shell } = hardened();
    expect(contents.windowOpenHandler!({ url: 'https://www.soumu.go.jp/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://www.soumu.go.jp/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://www.soumu.go.jp/']);
  });

  it('never navigates away from our page: our hash routes pass, https goes to the browser, the rest is stopped', () => {
    const { contents, shell } = hardened();
    expect(contents.navigate('will-navigate', `${OUR}#/cases`)).toBe(false);
    expect(contents.navigate('will-navigate', 'https://example.jp/x')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-navigate', 'http://127.0.0.1:8080/')).toBe(true);
    expect(shell.opened).toEqual(['https://example.jp/x']);
    expect(contents.navigate('will-redirect', `${OUR}#/`)).toBe(false);
    expect(contents.navigate('will-redirect', 'https://example.jp/')).toBe(true);
    expect(contents.navigate('will-attach-webview', 'about:blank')).toBe(true);
    expect(shell.opened).toEqual(['https://example.jp/x']);
  });
});

describe('the session', () => {
  it('denies every permission, lets only local schemes through, and puts our CSP on every response', () => {
    const ses = new FakeSession();
    const capture = captureLog();
    hardenSession(ses, capture.log);
    for (const permission of ['geolocation', 'media', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      ses.permissionRequest!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect(ses.permissionCheck!()).toBe(false);
    for (const url of ['file:///app/out/renderer/assets/index.js', 'data:image/png;base64,AAAA', 'blob:file:///1', 'devtools://devtools/x']) expect(ses.allows(url), url).toBe(true);
    for (const url of ['https://fonts.googleapis.com/css', 'http://127.0.0.1:43117/', 'ws://localhost/', 'ftp://x/']) expect(ses.allows(url, 'font'), url).toBe(false);
    expect(capture.lines).toContain('[test] warn blocked a request (font)\n');
    let headers: Record<string, string[]> | undefined;
    ses.headersReceived!({ responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('runDesktop: the app’s life on a fake Electron, with the real core', () => {
  function start(opts: { lock?: boolean; dataDir?: string; safeStorage?: FakeSafeStorage } = {}) {
    const t = tempDir('banso-shell-');
    cleanups.push(t.cleanup);
    const e = fakeElectron({ userData: path.join(t.dir, 'userData'), documents: path.join(t.dir, 'Documents'), home: t.dir });
    if (opts.safeStorage) e.safeStorage = opts.safeStorage;
    e.app.lock = opts.lock ?? true;
    const capture = captureLog('desktop');
    const outDir = path.join(t.dir, 'out');
    const desktop = runDesktop(e, {
      outDir,
      argv: ['electron', '.', '--data-dir', opts.dataDir ?? path.join(t.dir, 'data')],
      env: {},
      platform: 'linux',
      versions: process.versions,
      log: capture.log,
    });
    cleanups.unshift(() => e.app.emit('will-quit'));
    return { e, desktop, capture, t, outDir };
  }

  it('a second instance quits at once and sets nothing up', async () => {
    const { e, desktop } = start({ lock: false });
    e.app.becomeReady();
    await desktop.ready;
    expect(e.app.quits).toBe(1);
    expect(e.app.listeners.size).toBe(0);
    expect(e.ipcMain.handlers.size).toBe(0);
    expect(FakeWindow.created).toEqual([]);
  });

  it('hardens every webContents as soon as it exists, before the app is even ready', () => {
    const { e } = start();
    const contents = new FakeContents();
    e.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(contents.navigate('will-navigate', 'https://example.jp/')).toBe(true);
    expect(e.shell.opened).toEqual(['https://example.jp/']);
  });

  it('on ready: hardened session, a menu, the core on --data-dir, both channels, and the window on our build', async () => {
    const { e, desktop, t, outDir } = start();
    expect(e.ipcMain.handlers.size).toBe(0); // nothing before 'ready'
    e.app.becomeReady();
    await desktop.ready;
    expect(e.session.defaultSession.beforeRequest).not.toBeNull();
    expect(e.session.defaultSession.allows('https://example.jp/')).toBe(false);
    expect(e.Menu.applied?.template.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(t.dir, 'data', 'banso.sqlite3'))).toBe(true);
    expect([...e.ipcMain.handlers.keys()].sort()).toEqual([IPC_INVOKE_CHANNEL, IPC_SAVE_FILE_CHANNEL].sort());
    expect(FakeWindow.created).toHaveLength(1);
    const win = FakeWindow.created[0]!;
    expect(win.options.webPreferences).toEqual(webPreferences(path.join(outDir, 'preload', 'index.cjs')));
    expect(win.loaded).toEqual([path.join(outDir, 'renderer', 'index.html')]);

    // The window's own page reaches the real core through the registered handler …
    const ours = { sender: win.webContents, senderFrame: { parent: null, url: `${pathToFileURL(path.join(outDir, 'renderer', 'index.html')).href}#/` } };
    expect(await e.ipcMain.call(IPC_INVOKE_CHANNEL, ours, 'app.info', {})).toMatchObject({ ok: true, value: { dataDir: path.join(t.dir, 'data') } });
    // … another page does not, and neither does a contract call with bad input get past the core's schema.
    expect(await e.ipcMain.call(IPC_INVOKE_CHANNEL, { ...ours, senderFrame: { parent: null, url: 'https://evil.example/' } }, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await e.ipcMain.call(IPC_INVOKE_CHANNEL, ours, 'clients.create', { name: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // The save dialog opens in the user's Documents.
    await e.ipcMain.call(IPC_SAVE_FILE_CHANNEL, ours, { fileName: 'a.csv', contentBase64: 'YQ==' });
    expect(e.dialog.saveCalls[0]!.options.defaultPath).toBe(path.join(t.dir, 'Documents', 'a.csv'));
  });

  it('closing the last window quits; on quit both channels are removed and the core is closed', async () => {
    const { e, desktop } = start();
    e.app.becomeReady();
    await desktop.ready;
    const core = desktop.core()!;
    e.app.emit('window-all-closed');
    expect(e.app.quits).toBe(1);
    e.app.emit('will-quit');
    expect(e.ipcMain.handlers.size).toBe(0);
    expect(desktop.core()).toBeNull();
    expect(() => core.ctx.db.prepare('SELECT 1').get()).toThrow(/not open/);
  });

  /** The renderer's call through the invoke channel, from our window. */
  async function invokeAs(e: ReturnType<typeof fakeElectron>, method: string, input: unknown) {
    const win = FakeWindow.created[0]!;
    return (await e.ipcMain.call(IPC_INVOKE_CHANNEL, { sender: win.webContents, senderFrame: { parent: null, url: pathToFileURL(win.loaded[0]!).href } }, method, input)) as {
      ok: boolean;
      value?: unknown;
      error?: { code: string; message: string };
    };
  }

  it('a new data folder is encrypted by default with safeStorage (async API only), the recovery key shown until confirmed; the next start needs no prompt', async () => {
    const ss = new FakeSafeStorage('gnome_libsecret');
    const dataDir = path.join(tempDir().dir, 'data');
    const first = start({ safeStorage: ss, dataDir });
    first.e.app.becomeReady();
    await first.desktop.ready;
    const core = first.desktop.core()!;
    expect(await core.call('security.status', {})).toMatchObject({ encrypted: true, keySource: 'os', methods: ['os', 'recovery'], keyStore: { available: true, backend: 'gnome_libsecret' } });
    expect(ss.calls).toContain('encryptStringAsync');
    expect(ss.calls.every((c) => c.endsWith('Async') || c === 'isAsyncEncryptionAvailable')).toBe(true);
    const pending = await invokeAs(first.e, 'security.pendingRecoveryKey', {});
    expect(pending).toMatchObject({ ok: true, value: { recoveryKey: expect.stringMatching(/^(\w{4}-){7}\w{4}$/) } });
    await invokeAs(first.e, 'security.confirmRecoveryKey', {});
    expect(await invokeAs(first.e, 'security.pendingRecoveryKey', {})).toMatchObject({ ok: true, value: { recoveryKey: null } });
    await core.call('clients.create', { name: '鍵ストアの町', kind: 'municipality', prefecture: '徳島県' });
    first.e.app.emit('will-quit');
    setFolderKey(dataDir, null);
    expect(fs.readFileSync(path.join(dataDir, 'banso.sqlite3')).includes(Buffer.from('鍵ストアの町'))).toBe(false);

    const second = start({ safeStorage: ss, dataDir });
    second.e.app.becomeReady();
    await second.desktop.ready;
    expect((await second.desktop.core()!.call('clients.list', {})).items.map((c) => c.name)).toContain('鍵ストアの町');
    second.e.app.emit('will-quit');
    setFolderKey(dataDir, null);

    // The key store lost (a reset keyring): the window opens locked; the recovery key opens it.
    ss.lose();
    const third = start({ safeStorage: ss, dataDir });
    third.e.app.becomeReady();
    await third.desktop.ready;
    expect(third.desktop.core()).toBeNull();
    expect(FakeWindow.created).toHaveLength(1);
    expect(await invokeAs(third.e, 'clients.list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await invokeAs(third.e, 'security.unlock', { secret: 'ちがうパスフレーズです' })).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringMatching(/違います/) } });
    expect(await invokeAs(third.e, 'security.unlock', { secret: (pending.value as { recoveryKey: string }).recoveryKey })).toEqual({ ok: true, value: { unlocked: true } });
    expect((await invokeAs(third.e, 'clients.list', {})) as { value: { items: { name: string }[] } }).toMatchObject({ ok: true });
    third.e.app.emit('will-quit');
    setFolderKey(dataDir, null);
  }, 60_000);

  it('with the basic_text backend a new folder stays plain (the key store would protect nothing)', async () => {
    const { e, desktop } = start({ safeStorage: new FakeSafeStorage('basic_text') });
    e.app.becomeReady();
    await desktop.ready;
    expect(await desktop.core()!.call('security.status', {})).toEqual({ encrypted: false, keySource: null, methods: [], keyStore: { available: false, backend: 'basic_text' } });
  });

  it('a data folder that cannot be opened: an error box in Japanese, then exit 1, and no window', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const { e, desktop } = start({ dataDir: file });
    e.app.becomeReady();
    await desktop.ready;
    expect(e.app.exitCode).toBe(1);
    expect(e.dialog.errorBoxes).toHaveLength(1);
    expect(e.dialog.errorBoxes[0]![0]).toBe('Bansō を起動できません');
    expect(e.dialog.errorBoxes[0]![1]).toMatch(/[ぁ-んァ-ン一-龥]/);
    expect(FakeWindow.created).toEqual([]);
    expect(e.ipcMain.handlers.size).toBe(0);
  });
});
