/**
 * Fakes of what Electron provides, with the shapes electron/shell declares (the real modules are
 * held to the same shapes by the compiler in electron/shell/main.ts and preload.ts). No Electron
 * binary can run here, so the shell's behaviour is tested by driving these: they record what the
 * shell asked for and let a test fire the events Electron would.
 */
import type { AppLike, DialogLike, ElectronLike, MenuLike } from '../../electron/shell/app.ts';
import type { ContentsLike, NavigationEventLike, SessionLike, ShellLike } from '../../electron/shell/harden.ts';
import type { InvokeEventLike, IpcMainLike } from '../../electron/shell/ipc.ts';
import type { WindowLike, WindowOptions } from '../../electron/shell/window.ts';
import type { SafeStorageLike } from '../../electron/shell/keystore.ts';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

type Listener = (...args: never[]) => unknown;

/** Event listeners by name, as Electron's EventEmitters keep them. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  readonly removed: string[] = [];
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`); // as Electron does
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.removed.push(channel);
    this.handlers.delete(channel);
  }
  /** Call a channel as the renderer would, from `event`'s sender and frame. */
  call(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(event, ...args);
  }
}

/** A webContents: records the window-open handler and the navigation listeners. */
export class FakeContents extends Emitter implements ContentsLike {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** Fire a navigation event; returns whether a listener prevented it. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
    let prevented = false;
    const e: NavigationEventLike = { url, preventDefault: () => (prevented = true) };
    this.emit(event, e);
    return prevented;
  }
}

export class FakeWindow extends Emitter implements WindowLike {
  static readonly created: FakeWindow[] = [];
  static getAllWindows(): FakeWindow[] {
    return FakeWindow.created.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeContents();
  readonly loaded: string[] = [];
  destroyed = false;
  visible = false;
  shown = 0;
  readonly options: WindowOptions;
  constructor(options: WindowOptions) {
    super();
    this.options = options;
    FakeWindow.created.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {
    this.visible = true;
    this.shown++;
  }
  focus(): void {}
  restore(): void {}
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return false;
  }
  loadFile(file: string): Promise<void> {
    this.loaded.push(file);
    return Promise.resolve();
  }
}

export class FakeSession implements SessionLike {
  permissionRequest: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheck: (() => boolean) | null = null;
  beforeRequest: ((details: { url: string; resourceType: string }, callback: (r: { cancel: boolean }) => void) => void) | null = null;
  headersReceived: ((details: { responseHeaders?: Record<string, string[]> }, callback: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null;
  setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: () => boolean): void {
    this.permissionCheck = handler;
  }
  readonly webRequest = {
    onBeforeRequest: (l: NonNullable<FakeSession['beforeRequest']>) => void (this.beforeRequest = l),
    onHeadersReceived: (l: NonNullable<FakeSession['headersReceived']>) => void (this.headersReceived = l),
  };
  /** What the session answers for a request: true = let through. */
  allows(url: string, resourceType = 'xhr'): boolean {
    let cancel: boolean | undefined;
    this.beforeRequest!({ url, resourceType }, (r) => (cancel = r.cancel));
    if (cancel === undefined) throw new Error('onBeforeRequest did not answer');
    return !cancel;
  }
}

export class FakeShell implements ShellLike {
  readonly opened: string[] = [];
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  }
}

/**
 * safeStorage's asynchronous API as Electron behaves: a secret of its own seals strings (prefix
 * `v11`, as Chromium's OSCrypt); `basic_text` on Linux without a keyring; `lose()` is a new OS
 * account or a reset keyring: what it sealed before no longer decrypts.
 */
export class FakeSafeStorage implements SafeStorageLike {
  backend: string;
  available = true;
  private secret = randomBytes(32);
  readonly calls: string[] = [];
  constructor(backend = 'gnome_libsecret') {
    this.backend = backend;
  }
  isAsyncEncryptionAvailable(): Promise<boolean> {
    this.calls.push('isAsyncEncryptionAvailable');
    return Promise.resolve(this.available);
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptStringAsync(plainText: string): Promise<Buffer> {
    this.calls.push('encryptStringAsync');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.secret, iv);
    const data = Buffer.concat([c.update(plainText, 'utf8'), c.final()]);
    return Promise.resolve(Buffer.concat([Buffer.from('v11'), iv, c.getAuthTag(), data]));
  }
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    this.calls.push('decryptStringAsync');
    try {
      const d = createDecipheriv('aes-256-gcm', this.secret, encrypted.subarray(3, 15));
      d.setAuthTag(encrypted.subarray(15, 31));
      return Promise.resolve({ result: Buffer.concat([d.update(encrypted.subarray(31)), d.final()]).toString('utf8'), shouldReEncrypt: false });
    } catch {
      return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'));
    }
  }
  lose(): void {
    this.secret = randomBytes(32);
  }
}

export interface SaveDialogCall {
  window: unknown;
  options: { defaultPath?: string | undefined; title?: string | undefined; filters?: unknown };
}

export class FakeDialog implements DialogLike<FakeWindow> {
  readonly saveCalls: SaveDialogCall[] = [];
  readonly errorBoxes: [string, string][] = [];
  /** What the next save dialog answers (the user's choice). */
  answer: { canceled: boolean; filePath: string } = { canceled: true, filePath: '' };
  showSaveDialog(window: FakeWindow, options: SaveDialogCall['options']): Promise<{ canceled: boolean; filePath: string }> {
    this.saveCalls.push({ window, options });
    return Promise.resolve(this.answer);
  }
  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push([title, content]);
  }
  showMessageBox(): Promise<unknown> {
    return Promise.resolve({ response: 0 });
  }
}

export class FakeMenu implements MenuLike<{ template: unknown[] }> {
  applied: { template: unknown[] } | null = null;
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  }
  setApplicationMenu(menu: { template: unknown[] } | null): void {
    this.applied = menu;
  }
}

export class FakeApp extends Emitter implements AppLike {
  readonly isPackaged = false;
  lock = true;
  quits = 0;
  exitCode: number | null = null;
  private resolveReady!: () => void;
  private readonly readyPromise = new Promise<void>((r) => (this.resolveReady = r));
  private readonly paths: Record<string, string>;
  constructor(paths: Record<string, string>) {
    super();
    this.paths = paths;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** Electron's 'ready'. */
  becomeReady(): void {
    this.resolveReady();
  }
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  quit(): void {
    this.quits++;
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  getPath(name: string): string {
    const p = this.paths[name];
    if (p === undefined) throw new Error(`Failed to get '${name}' path`);
    return p;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
}

/** A whole fake Electron for runDesktop. */
export function fakeElectron(paths: Record<string, string>) {
  FakeWindow.created.length = 0;
  const e = {
    app: new FakeApp(paths),
    BrowserWindow: FakeWindow,
    dialog: new FakeDialog(),
    ipcMain: new FakeIpcMain(),
    Menu: new FakeMenu(),
    session: { defaultSession: new FakeSession() },
    shell: new FakeShell(),
    // Linux without a keyring, as on CI: the key store protects nothing and the app does not rely on it.
    safeStorage: new FakeSafeStorage('basic_text'),
  };
  const typed: ElectronLike<FakeWindow, { template: unknown[] }> = e;
  void typed;
  return e;
}
