import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/log.ts';
import { createBridge, exposeBridge } from '../../electron/shell/bridge.ts';
import { FORBIDDEN, registerIpc, type InvokeEventLike } from '../../electron/shell/ipc.ts';
import type { Result } from '../../shared/errors.ts';
import { IPC_INVOKE_CHANNEL, IPC_SAVE_FILE_CHANNEL } from '../../shared/version.ts';
import { FakeDialog, FakeIpcMain, FakeWindow } from '../helpers/fake-electron.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * The desktop shell's IPC (electron/shell/ipc.ts) and the preload's bridge (electron/shell/bridge.ts),
 * driven through fakes with Electron's shapes: who may call, what is refused, and where a saved
 * file goes. The handlers are the ones the app registers (runDesktop, shell-app.test.ts).
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const INDEX = '/opt/Bansō/resources/app.asar/out/renderer/index.html';
const INDEX_URL = pathToFileURL(INDEX).href;
const B64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function setup(opts: { documents?: string } = {}) {
  const ipcMain = new FakeIpcMain();
  const dialog = new FakeDialog();
  const win: FakeWindow | null = new FakeWindow({} as never);
  let current: FakeWindow | null = win;
  const calls: [string, unknown][] = [];
  let invoke: ((m: string, i: unknown) => Promise<Result<unknown>>) | null = async (method, input) => {
    calls.push([method, input]);
    return { ok: true, value: { echoed: method } };
  };
  const writes: string[] = [];
  const capture = captureLog('shell');
  const dispose = registerIpc({
    ipcMain,
    dialog,
    window: () => current,
    invoke: () => invoke,
    rendererIndexUrl: INDEX_URL,
    caseInsensitive: false,
    documentsDir: () => opts.documents ?? '/home/advisor/Documents',
    log: capture.log,
    writeFile: async (file, bytes) => {
      writes.push(file);
      fs.writeFileSync(file, bytes);
    },
  });
  /** An event from our window's top frame at `url`. */
  const fromOurs = (url = `${INDEX_URL}#/cases`): InvokeEventLike => ({ sender: win.webContents, senderFrame: { parent: null, url } });
  return {
    ipcMain,
    dialog,
    win,
    calls,
    writes,
    capture,
    dispose,
    fromOurs,
    setWindow: (w: FakeWindow | null) => (current = w),
    setInvoke: (f: typeof invoke) => (invoke = f),
  };
}

describe('registerIpc: the two channels', () => {
  it('registers exactly invoke and save-file, and removes both', () => {
    const s = setup();
    expect([...s.ipcMain.handlers.keys()].sort()).toEqual([IPC_INVOKE_CHANNEL, IPC_SAVE_FILE_CHANNEL].sort());
    s.dispose();
    expect(s.ipcMain.handlers.size).toBe(0);
    expect(s.ipcMain.removed.sort()).toEqual([IPC_INVOKE_CHANNEL, IPC_SAVE_FILE_CHANNEL].sort());
  });

  it('passes a call from our window’s top frame at our index.html to the core, exactly as sent', async () => {
    const s = setup();
    const input = { query: 'テレワーク', nested: { a: [1, 2] } };
    expect(await s.ipcMain.call(IPC_INVOKE_CHANNEL, s.fromOurs(), 'cases.search', input)).toEqual({ ok: true, value: { echoed: 'cases.search' } });
    expect(await s.ipcMain.call(IPC_INVOKE_CHANNEL, s.fromOurs(INDEX_URL), 'app.info', undefined)).toMatchObject({ ok: true });
    expect(s.calls).toEqual([
      ['cases.search', input],
      ['app.info', undefined],
    ]);
  });
});

describe('the sender check refuses every other sender, before anything happens', () => {
  const foreign: [string, (s: ReturnType<typeof setup>) => InvokeEventLike][] = [
    ['another webContents (another window)', () => ({ sender: new FakeWindow({} as never).webContents, senderFrame: { parent: null, url: INDEX_URL } })],
    ['a subframe of our window', (s) => ({ sender: s.win.webContents, senderFrame: { parent: { url: INDEX_URL }, url: INDEX_URL } })],
    ['our window showing a web page', (s) => s.fromOurs('https://evil.example/')],
    ['our window showing another local file', (s) => s.fromOurs(pathToFileURL('/opt/Bansō/resources/app.asar/out/renderer/other.html').href)],
    ['our index.html with a query', (s) => s.fromOurs(`${INDEX_URL}?x=1`)],
    ['our index.html on another host', (s) => s.fromOurs(INDEX_URL.replace('file:///', 'file://evil-host/'))],
    ['a frame that is gone (no senderFrame)', (s) => ({ sender: s.win.webContents, senderFrame: null })],
  ];
  for (const [name, event] of foreign) {
    it(`${name}: forbidden on both channels; the core is not called, no dialog opens`, async () => {
      const s = setup();
      expect(await s.ipcMain.call(IPC_INVOKE_CHANNEL, event(s), 'clients.list', {})).toEqual(FORBIDDEN);
      expect(await s.ipcMain.call(IPC_SAVE_FILE_CHANNEL, event(s), { fileName: 'a.docx', contentBase64: B64('x') })).toEqual(FORBIDDEN);
      expect(s.calls).toEqual([]);
      expect(s.dialog.saveCalls).toEqual([]);
      expect(s.capture.lines.filter((l) => /refused/.test(l))).toHaveLength(2);
    });
  }

  it('our own window, once destroyed or closed, is refused too', async () => {
    const s = setup();
    const event = s.fromOurs();
    s.win.destroyed = true;
    expect(await s.ipcMain.call(IPC_INVOKE_CHANNEL, event, 'clients.list', {})).toEqual(FORBIDDEN);
    s.setWindow(null);
    expect(await s.ipcMain.call(IPC_INVOKE_CHANNEL, event, 'clients.list', {})).toEqual(FORBIDDEN);
    expect(await s.ipcMain.call(IPC_SAVE_FILE_CHANNEL, event, { fileName: 'a.docx', contentBase64: B64('x') })).toEqual(FORBIDDEN);
    expect(s.calls).toEqual([]);
    expect(s.dialog.saveCalls).toEqual([]);
  });
});

describe('invoke: refusals after the sender check', () => {
  it('a method that is not a string, a closed core, a core that throws: structured errors', async () => {
    const s = setup();
    expect(await s.ipcMain.call(IPC_INVOKE_CHANNEL, s.fromOurs(), { toString: () => 'clients.list' }, {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(s.calls).toEqual([]);
    s.setInvoke(null);
    expect(await s.ipcMain.call(IPC_INVOKE_CHANNEL, s.fromOurs(), 'clients.list', {})).toMatchObject({ ok: false, error: { code: 'db_unavailable' } });
    s.setInvoke(() => Promise.reject(new Error('boom')));
    expect(await s.ipcMain.call(IPC_INVOKE_CHANNEL, s.fromOurs(), 'clients.list', {})).toEqual({ ok: false, error: { code: 'internal', message: '内部エラーが発生しました。' } });
    expect(s.capture.lines).toContainEqual(expect.stringMatching(/error invoke clients\.list threw: Error: boom/));
  });
});

describe('save-file: zod refuses bad requests, and the path comes from the dialog only', () => {
  const bad: [string, unknown, (string | number)[]][] = [
    ['no request', undefined, []],
    ['a name with a folder', { fileName: '../../.bashrc', contentBase64: B64('x') }, ['fileName']],
    ['a Windows path', { fileName: 'C:\\Users\\x\\a.docx', contentBase64: B64('x') }, ['fileName']],
    ['a name of dots', { fileName: '..', contentBase64: B64('x') }, ['fileName']],
    ['content that is not base64', { fileName: 'a.docx', contentBase64: 'not base64!' }, ['contentBase64']],
    ['a path of its own', { fileName: 'a.docx', contentBase64: B64('x'), filePath: '/etc/cron.d/x' }, []],
    ['a default path of its own', { fileName: 'a.docx', contentBase64: B64('x'), defaultPath: '/tmp' }, []],
  ];
  for (const [name, request, at] of bad) {
    it(`refuses ${name}: invalid_input with its path, no dialog, nothing written`, async () => {
      const s = setup();
      const r = (await s.ipcMain.call(IPC_SAVE_FILE_CHANNEL, s.fromOurs(), request)) as Result<unknown>;
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.message).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(r.error.path ?? []).toEqual(at);
      expect(s.dialog.saveCalls).toEqual([]);
      expect(s.writes).toEqual([]);
    });
  }

  it('opens the dialog on our window in Documents with the suggested name, and writes the bytes where the user chose', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = setup({ documents: path.join(t.dir, 'Documents') });
    const chosen = path.join(t.dir, 'elsewhere', '伴走町 計画書.docx');
    fs.mkdirSync(path.dirname(chosen));
    s.dialog.answer = { canceled: false, filePath: chosen };
    const r = await s.ipcMain.call(IPC_SAVE_FILE_CHANNEL, s.fromOurs(), { fileName: '計画書.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', contentBase64: B64('PK…') });
    expect(r).toEqual({ ok: true, value: { saved: true, where: chosen } });
    expect(s.dialog.saveCalls).toHaveLength(1);
    const call = s.dialog.saveCalls[0]!;
    expect(call.window).toBe(s.win);
    expect(call.options.defaultPath).toBe(path.join(t.dir, 'Documents', '計画書.docx'));
    expect(call.options.filters).toEqual([
      { name: 'Word 文書', extensions: ['docx'] },
      { name: 'すべてのファイル', extensions: ['*'] },
    ]);
    expect(s.writes).toEqual([chosen]);
    expect(fs.readFileSync(chosen, 'utf8')).toBe('PK…');
  });

  it('a cancelled dialog saves nothing; a failed write is a structured error', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = setup();
    s.dialog.answer = { canceled: true, filePath: '' };
    expect(await s.ipcMain.call(IPC_SAVE_FILE_CHANNEL, s.fromOurs(), { fileName: 'a.csv', contentBase64: B64('a') })).toEqual({ ok: true, value: { saved: false } });
    expect(s.writes).toEqual([]);

    // The real atomic write into a folder that does not exist: a Japanese not_found, nothing left behind.
    const ipcMain = new FakeIpcMain();
    const dialog = new FakeDialog();
    const win = new FakeWindow({} as never);
    registerIpc({ ipcMain, dialog, window: () => win, invoke: () => null, rendererIndexUrl: INDEX_URL, caseInsensitive: false, documentsDir: () => t.dir, log: silentLogger });
    dialog.answer = { canceled: false, filePath: path.join(t.dir, 'ない', 'a.csv') };
    const r = (await ipcMain.call(IPC_SAVE_FILE_CHANNEL, { sender: win.webContents, senderFrame: { parent: null, url: INDEX_URL } }, { fileName: 'a.csv', contentBase64: B64('a') })) as Result<unknown>;
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/保存先のフォルダーが見つかりません/) } });
    expect(fs.readdirSync(t.dir)).toEqual([]);
  });
});

describe('the preload’s bridge', () => {
  function fakeIpcRenderer(answer: () => Promise<unknown> = () => Promise.resolve({ ok: true, value: 1 })) {
    const sent: unknown[][] = [];
    return { sent, ipc: { invoke: (channel: string, ...args: unknown[]) => (sent.push([channel, ...args]), answer()) } };
  }

  it('exposes one frozen object as window.banso: face, invoke and saveFile, never ipcRenderer', () => {
    const exposed: [string, unknown][] = [];
    const { ipc } = fakeIpcRenderer();
    exposeBridge({ exposeInMainWorld: (key, api) => exposed.push([key, api]) }, ipc);
    expect(exposed.map(([k]) => k)).toEqual(['banso']);
    const api = exposed[0]![1] as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['face', 'invoke', 'saveFile']);
    expect(api.face).toBe('desktop');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.values(api)).not.toContain(ipc);
    expect(Object.values(api)).not.toContain(ipc.invoke);
  });

  it('invoke sends only the method and the input on the invoke channel; a bad method never crosses', async () => {
    const { sent, ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc);
    expect(await bridge.invoke('cases.get', { id: 'x' })).toEqual({ ok: true, value: 1 });
    expect(sent).toEqual([[IPC_INVOKE_CHANNEL, 'cases.get', { id: 'x' }]]);
    for (const m of [42, '', 'x'.repeat(201), null] as unknown as string[]) expect(await bridge.invoke(m, {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(sent).toHaveLength(1);
  });

  it('saveFile sends only the base name, the type and the bytes: any path the page adds is dropped', async () => {
    const { sent, ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc);
    await bridge.saveFile({ fileName: 'a.json', contentBase64: B64('{}'), mimeType: 'application/json', filePath: '/etc/passwd', defaultPath: '/' } as never);
    expect(sent).toEqual([[IPC_SAVE_FILE_CHANNEL, { fileName: 'a.json', contentBase64: B64('{}'), mimeType: 'application/json' }]]);
    expect(await bridge.saveFile({ fileName: 1 } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(sent).toHaveLength(1);
  });

  it('a value the transport cannot carry is a structured error, not a rejected promise', async () => {
    const { ipc } = fakeIpcRenderer(() => Promise.reject(new Error('An object could not be cloned.')));
    expect(await createBridge(ipc).invoke('cases.get', { f: () => 1 })).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
