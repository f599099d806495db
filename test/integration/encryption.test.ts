import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index.ts';
import { enableEncryption, encryptionStatus, unlockFolder } from '../../electron/core/crypto/folder.ts';
import { readKeyFile } from '../../electron/core/crypto/keyfile.ts';
import { setFolderKey } from '../../electron/core/crypto/keyring.ts';
import { listBackups, openImmutable, verifyBackupFile } from '../../electron/core/backup/files.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** Cheap scrypt for in-process tests (the parameters live in the key file); the CLI uses the default. */
const FAST = { N: 2 ** 12, r: 8, p: 1 };
const PASS = 'かもめ が とぶ 2026 sea';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, BANSO_DATA_DIR: '', BANSO_PASSPHRASE: '', BANSO_NEW_PASSPHRASE: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** Every file under dir with its bytes. */
function allFiles(dir: string): { file: string; bytes: Buffer }[] {
  const out: { file: string; bytes: Buffer }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...allFiles(p));
    else if (e.isFile()) out.push({ file: p, bytes: fs.readFileSync(p) });
  }
  return out;
}

/** A fingerprint of the whole folder: names, sizes and contents. */
function folderHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of allFiles(dir).sort((a, b) => (a.file < b.file ? -1 : 1))) h.update(f.file).update(f.bytes);
  return h.digest('hex');
}

function plaintextHits(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  for (const { file, bytes } of allFiles(dir)) for (const n of needles) if (bytes.includes(Buffer.from(n, 'utf8'))) hits.push(`${path.relative(dir, file)}: ${n}`);
  return hits;
}

const CLIENT = '伴走テスト町役場ほげ';
const CONTACT = '暗号太郎';
const EMAIL = 'angou.taro@example.jp';
const PHONE = '0885-99-1234';
const NOTE = '極秘の打合せメモ：庁内の予算は九百万円';
const LOGNOTE = '訪問して課長と話した議事録ふが';

describe('encrypted data folder (in process)', () => {
  it('after a session of writes, backups, a restore and a close, no known plaintext is anywhere in the folder', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dataDir = path.join(t.dir, 'data');
    await enableEncryption(dataDir, { passphrase: PASS, scrypt: FAST });
    const core = await createCore({ dataDir, unlock: { passphrase: PASS }, autoBackup: true, startBackupDelayMs: 0 });
    const c = await addClient(core, { name: CLIENT, notes: NOTE, contacts: [{ name: CONTACT, role: '課長', email: EMAIL, phone: PHONE }] });
    const e = await addEngagement(core, { clientId: c.id, title: `${CLIENT}の案件` });
    await addLog(core, { engagementId: e.id, notes: LOGNOTE, topics: LOGNOTE });
    const caseTitle = (core.ctx.db.prepare('SELECT title FROM cases ORDER BY title LIMIT 1').get() as { title: string }).title;
    expect(caseTitle.length).toBeGreaterThan(5);
    const b = await core.call('backup.create', {});
    await core.call('clients.update', { id: c.id, patch: { notes: `${NOTE}（追記）` } });
    // Search works on the encrypted database (FTS5 trigram).
    expect((await core.call('cases.search', { query: caseTitle.slice(0, 4) })).items.length).toBeGreaterThan(0);
    await core.call('backup.restore', { name: b.name });
    expect((await core.call('clients.get', { id: c.id })).notes).toBe(NOTE);
    expect((await core.call('backup.verify', { name: b.name })).ok).toBe(true);
    await core.ctx.backups.whenStarted();
    // Mid-session too (the -wal and -shm exist now), then after the close.
    expect(fs.existsSync(path.join(dataDir, 'banso.sqlite3-wal'))).toBe(true);
    const needles = [CLIENT, CONTACT, EMAIL, PHONE, NOTE, LOGNOTE, caseTitle, 'SQLite format 3'];
    expect(plaintextHits(dataDir, needles)).toEqual([]);
    core.close();
    expect(allFiles(dataDir).length).toBeGreaterThan(3);
    expect(plaintextHits(dataDir, needles)).toEqual([]);
    // A backup opens with the key and holds the data; without it, it is not a database.
    setFolderKey(dataDir, null);
    expect(verifyBackupFile(path.join(dataDir, 'backups', b.name)).ok).toBe(false);
    expect(() => openImmutable(path.join(dataDir, 'backups', b.name)).prepare('SELECT count(*) FROM clients').get()).toThrow(/not a database/);
    await unlockFolder(dataDir, { passphrase: PASS });
    const db = openImmutable(path.join(dataDir, 'backups', b.name));
    expect((db.prepare('SELECT name FROM clients').get() as { name: string }).name).toBe(CLIENT);
    db.close();
  });

  it('a locked folder without the passphrase, and with a wrong one, is refused with nothing changed', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dataDir = path.join(t.dir, 'data');
    await enableEncryption(dataDir, { passphrase: PASS, scrypt: FAST });
    const core = await createCore({ dataDir, unlock: { passphrase: PASS } });
    await addClient(core, { name: CLIENT });
    core.close();
    setFolderKey(dataDir, null);
    const before = folderHash(dataDir);
    await expect(createCore({ dataDir })).rejects.toMatchObject({ code: 'locked', message: expect.stringMatching(/暗号化されていて.*パスフレーズ/) });
    await expect(createCore({ dataDir, unlock: { passphrase: 'ちがうパスフレーズです' } })).rejects.toMatchObject({ code: 'locked', message: expect.stringMatching(/違います/) });
    expect(folderHash(dataDir)).toBe(before);
  });

  it('a tampered key file is refused, not taken for a wrong passphrase only', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dataDir = path.join(t.dir, 'data');
    await enableEncryption(dataDir, { passphrase: PASS, scrypt: FAST });
    const kf = readKeyFile(dataDir)!;
    const data = Buffer.from(kf.keyset.data, 'base64');
    data[0] = data[0]! ^ 1;
    fs.writeFileSync(path.join(dataDir, 'banso.keys.json'), JSON.stringify({ ...kf, keyset: { ...kf.keyset, data: data.toString('base64') } }));
    await expect(unlockFolder(dataDir, { passphrase: PASS })).rejects.toMatchObject({ code: 'locked' });
  });
});

/** An OS key store as Electron's safeStorage behaves: a secret of its own; `basic_text` on Linux without a keyring. */
function fakeKeyStore(backend = 'gnome_libsecret') {
  const secret = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
  const xor = (b: Buffer) => Buffer.from(b.map((x, i) => x ^ secret[i % 32]!));
  return { backend: async () => backend, encrypt: async (b: Buffer) => Buffer.concat([Buffer.from('v11'), xor(b)]), decrypt: async (b: Buffer) => xor(b.subarray(3)) };
}

describe('設定 → セキュリティ through the core (security.*)', () => {
  it('a running core encrypts its own folder with a passphrase: data kept, the next start needs the passphrase', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dataDir = path.join(t.dir, 'data');
    const core = await createCore({ dataDir });
    const c = await addClient(core, { name: CLIENT, notes: NOTE });
    await core.call('backup.create', {});
    expect(await core.call('security.status', {})).toEqual({ encrypted: false, keySource: null, methods: [], keyStore: { available: false, backend: null } });
    await expect(core.call('security.enable', {})).rejects.toMatchObject({ code: 'invalid_input' }); // no key store here: a passphrase is needed
    await expect(core.call('security.enable', { passphrase: 'short' })).rejects.toMatchObject({ code: 'invalid_input' });
    const r = await core.call('security.enable', { passphrase: PASS });
    expect(r.status).toMatchObject({ encrypted: true, keySource: 'passphrase', methods: ['passphrase', 'recovery'] });
    expect(r.recoveryKey).toMatch(/^(\w{4}-){7}\w{4}$/);
    // The same core goes on working on the encrypted database.
    expect((await core.call('clients.get', { id: c.id })).notes).toBe(NOTE);
    await core.call('clients.update', { id: c.id, patch: { notes: `${NOTE}2` } });
    await core.call('backup.create', {});
    core.close();
    expect(plaintextHits(dataDir, [CLIENT, NOTE, 'SQLite format 3'])).toEqual([]);
    setFolderKey(dataDir, null);
    await expect(createCore({ dataDir })).rejects.toMatchObject({ code: 'locked' });
    const again = await createCore({ dataDir, unlock: { passphrase: PASS } });
    expect((await again.call('clients.get', { id: c.id })).notes).toBe(`${NOTE}2`);
    // Change of passphrase needs the current one; rekey keeps the data.
    await expect(again.call('security.changePassphrase', { current: 'ちがうパスフレーズです', next: 'つぎのパスフレーズ' })).rejects.toMatchObject({ code: 'locked' });
    await again.call('security.changePassphrase', { current: PASS, next: 'つぎのパスフレーズ' });
    await again.call('security.rekey', { current: 'つぎのパスフレーズ' });
    expect((await again.call('clients.get', { id: c.id })).notes).toBe(`${NOTE}2`);
    for (const b of (await again.call('backup.list', {})).items) expect((await again.call('backup.verify', { name: b.name })).ok, b.name).toBe(true);
    again.close();
    setFolderKey(dataDir, null);
    const third = await createCore({ dataDir, unlock: { passphrase: r.recoveryKey } });
    expect((await third.call('clients.get', { id: c.id })).name).toBe(CLIENT);
    third.close();
  }, 60_000);

  it('the desktop: the OS key store opens it without a prompt; with the key store lost, the recovery key does; basic_text is not offered', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dataDir = path.join(t.dir, 'data');
    const weak = await createCore({ dataDir, keyStore: fakeKeyStore('basic_text') });
    expect((await weak.call('security.status', {})).keyStore).toEqual({ available: false, backend: 'basic_text' });
    await expect(weak.call('security.enable', {})).rejects.toMatchObject({ code: 'invalid_input' });
    weak.close();
    const ks = fakeKeyStore();
    const core = await createCore({ dataDir, keyStore: ks });
    const c = await addClient(core, { name: CLIENT });
    const r = await core.call('security.enable', {});
    expect(r.status).toMatchObject({ encrypted: true, keySource: 'os', methods: ['os', 'recovery'] });
    core.close();
    setFolderKey(dataDir, null);
    const next = await createCore({ dataDir, keyStore: ks }); // no prompt
    expect((await next.call('clients.get', { id: c.id })).name).toBe(CLIENT);
    next.close();
    setFolderKey(dataDir, null);
    const lost = fakeKeyStore();
    lost.decrypt = async () => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    };
    await expect(createCore({ dataDir, keyStore: lost })).rejects.toMatchObject({ code: 'locked' });
    const rec = await createCore({ dataDir, keyStore: lost, unlock: { recoveryKey: r.recoveryKey } });
    expect((await rec.call('clients.get', { id: c.id })).name).toBe(CLIENT);
    rec.close();
    expect(plaintextHits(dataDir, [CLIENT, 'SQLite format 3'])).toEqual([]);
  }, 60_000);
});

describe('encryption through the CLI', () => {
  it('status, enable (backups converted), locked exit 2, recovery key, change-passphrase, rekey; backups verify and restore throughout', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const d = path.join(t.dir, 'data');
    const pw = path.join(t.dir, 'pw');
    const pw2 = path.join(t.dir, 'pw2');
    fs.writeFileSync(pw, `${PASS}\n`);
    fs.writeFileSync(pw2, 'あたらしい合言葉 2027\n');
    expect(cli(['clients', 'add', '--name', CLIENT, '--kind', 'company', '--prefecture', '長野県', '--notes', NOTE, '--data-dir', d]).code).toBe(0);
    const b1 = cli(['backup', 'create', '--json', '--data-dir', d]);
    expect(b1.code, b1.stderr).toBe(0);
    expect(plaintextHits(d, [NOTE]).length).toBeGreaterThan(0); // plain before

    const st = cli(['encryption', 'status', '--json', '--data-dir', d]);
    expect(JSON.parse(st.stdout)).toMatchObject({ encrypted: false, keySource: null });
    expect(cli(['encryption', 'enable', '--passphrase', PASS, '--data-dir', d])).toMatchObject({ code: 2, stderr: expect.stringMatching(/コマンドラインに書けません/) });

    const en = cli(['encryption', 'enable', '--json', '--passphrase-file', pw, '--data-dir', d]);
    expect(en.code, en.stderr).toBe(0);
    const enabled = JSON.parse(en.stdout) as { encrypted: boolean; keySource: string; recoveryKey: string; backupsConverted: number };
    expect(enabled).toMatchObject({ encrypted: true, keySource: 'passphrase' });
    expect(enabled.recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(enabled.backupsConverted).toBeGreaterThanOrEqual(2); // the earlier one and the one written first
    expect(plaintextHits(d, [CLIENT, NOTE, 'SQLite format 3'])).toEqual([]);
    expect(JSON.parse(cli(['encryption', 'status', '--json', '--data-dir', d]).stdout)).toMatchObject({ encrypted: true, keySource: 'passphrase' });

    // Locked: exit 2, a Japanese message, nothing changed.
    const before = folderHash(d);
    const locked = cli(['clients', 'list', '--data-dir', d]);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(/暗号化されていて/);
    const wrong = cli(['clients', 'list', '--data-dir', d], { BANSO_PASSPHRASE: 'ちがうパスフレーズです' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/違います/);
    expect(folderHash(d)).toBe(before);

    // The passphrase from the environment, the recovery key (in any case, without hyphens).
    expect(cli(['clients', 'list', '--data-dir', d], { BANSO_PASSPHRASE: PASS }).stdout).toContain(CLIENT);
    const rk = cli(['clients', 'list', '--data-dir', d], { BANSO_PASSPHRASE: enabled.recoveryKey.replace(/-/g, '').toLowerCase() });
    expect(rk.code, rk.stderr).toBe(0);
    expect(rk.stdout).toContain(CLIENT);

    // Backups: listed, verified, restored, encrypted.
    const list = JSON.parse(cli(['backup', 'list', '--json', '--passphrase-file', pw, '--data-dir', d]).stdout) as { items: { name: string }[] };
    for (const item of list.items) {
      const v = cli(['backup', 'verify', item.name, '--json', '--passphrase-file', pw, '--data-dir', d]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
    }
    const first = JSON.parse(b1.stdout) as { name: string };
    expect(cli(['clients', 'add', '--name', '後から足した町', '--kind', 'company', '--prefecture', '長野県', '--passphrase-file', pw, '--data-dir', d]).code).toBe(0);
    const restored = cli(['backup', 'restore', first.name, '--json', '--passphrase-file', pw, '--data-dir', d]);
    expect(restored.code, restored.stderr).toBe(0);
    const after = cli(['clients', 'list', '--passphrase-file', pw, '--data-dir', d]).stdout;
    expect(after).toContain(CLIENT);
    expect(after).not.toContain('後から足した町');

    // change-passphrase: the old one stops working, the new one and the recovery key open it.
    const cp = cli(['encryption', 'change-passphrase', '--json', '--passphrase-file', pw, '--new-passphrase-file', pw2, '--data-dir', d]);
    expect(cp.code, cp.stderr).toBe(0);
    expect(cli(['clients', 'list', '--passphrase-file', pw, '--data-dir', d]).code).toBe(2);
    expect(cli(['clients', 'list', '--passphrase-file', pw2, '--data-dir', d]).stdout).toContain(CLIENT);

    // rekey: a new data key for the database and every backup; the recovery key still opens it.
    const keyBefore = readKeyFile(d)!.keyset.data;
    const rekey = cli(['encryption', 'rekey', '--json', '--passphrase-file', pw2, '--data-dir', d]);
    expect(rekey.code, rekey.stderr).toBe(0);
    expect(JSON.parse(rekey.stdout)).toMatchObject({ encrypted: true, keySource: 'passphrase' });
    expect(readKeyFile(d)!.keyset.data).not.toBe(keyBefore);
    const items = (JSON.parse(cli(['backup', 'list', '--json', '--passphrase-file', pw2, '--data-dir', d]).stdout) as { items: { name: string }[] }).items;
    for (const item of items) expect(cli(['backup', 'verify', item.name, '--passphrase-file', pw2, '--data-dir', d]).code).toBe(0);
    expect(cli(['clients', 'list', '--data-dir', d], { BANSO_PASSPHRASE: enabled.recoveryKey }).stdout).toContain(CLIENT);
    expect(plaintextHits(d, [CLIENT, NOTE, 'SQLite format 3'])).toEqual([]);
  }, 120_000);
});

/**
 * A real child process killed with SIGKILL at each step of a change (BANSO_TEST_KILL_AT), then
 * the folder opened again: it holds the old state or the new one, with every record, never a
 * broken one, and no plaintext once it is in the new state.
 */
describe('SIGKILL during a change of encryption', () => {
  /** Every backup verified in this process (the key unlocked here, as the CLI would), then forgotten again: the names that failed. */
  async function verifyAll(d: string): Promise<string[]> {
    await unlockFolder(d, { passphrase: PASS });
    const bad = listBackups(path.join(d, 'backups'))
      .filter((b) => !verifyBackupFile(path.join(d, 'backups', b.name)).ok)
      .map((b) => b.name);
    setFolderKey(d, null);
    return bad;
  }

  function plainFolder() {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const d = path.join(t.dir, 'data');
    const pw = path.join(t.dir, 'pw');
    fs.writeFileSync(pw, PASS);
    expect(cli(['clients', 'add', '--name', CLIENT, '--kind', 'company', '--prefecture', '長野県', '--notes', NOTE, '--data-dir', d]).code).toBe(0);
    expect(cli(['backup', 'create', '--data-dir', d]).code).toBe(0);
    return { d, pw };
  }

  for (const step of ['enable:after-backup', 'enable:after-copy', 'enable:after-keyfile', 'enable:after-swap', 'enable:after-convert']) {
    it(`encryption enable killed at ${step}: old or new state, every record kept`, async () => {
      const { d, pw } = plainFolder();
      const killed = cli(['encryption', 'enable', '--passphrase-file', pw, '--data-dir', d], { BANSO_TEST_KILL_AT: step });
      expect(killed.signal).toBe('SIGKILL');
      const list = cli(['clients', 'list', '--json', '--passphrase-file', pw, '--data-dir', d]);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain(CLIENT);
      const status = JSON.parse(cli(['encryption', 'status', '--json', '--data-dir', d]).stdout) as { encrypted: boolean };
      // Before the swap the change is undone; from the swap on it is the new state, finished at this open.
      expect(status.encrypted).toBe(step === 'enable:after-swap' || step === 'enable:after-convert');
      if (status.encrypted) expect(plaintextHits(d, [CLIENT, NOTE, 'SQLite format 3'])).toEqual([]);
      else expect(fs.readdirSync(d).filter((n) => n.startsWith('.banso-crypt-'))).toEqual([]);
      expect(await verifyAll(d)).toEqual([]);
      // And it can be encrypted (again) afterwards.
      if (!status.encrypted) expect(cli(['encryption', 'enable', '--passphrase-file', pw, '--data-dir', d]).code).toBe(0);
    }, 60_000);
  }

  for (const step of ['rekey:after-copy', 'rekey:after-keyfile', 'rekey:after-swap', 'rekey:after-convert']) {
    it(`encryption rekey killed at ${step}: old or new key, every backup readable`, async () => {
      const { d, pw } = plainFolder();
      expect(cli(['encryption', 'enable', '--passphrase-file', pw, '--data-dir', d]).code).toBe(0);
      expect(cli(['backup', 'create', '--passphrase-file', pw, '--data-dir', d]).code).toBe(0);
      const killed = cli(['encryption', 'rekey', '--passphrase-file', pw, '--data-dir', d], { BANSO_TEST_KILL_AT: step });
      expect(killed.signal).toBe('SIGKILL');
      const list = cli(['clients', 'list', '--passphrase-file', pw, '--data-dir', d]);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain(CLIENT);
      expect(listBackups(path.join(d, 'backups')).length).toBeGreaterThanOrEqual(3);
      expect(await verifyAll(d)).toEqual([]);
      expect(plaintextHits(d, [CLIENT, NOTE, 'SQLite format 3'])).toEqual([]);
      expect(fs.readdirSync(d).filter((n) => n.startsWith('.banso-crypt-'))).toEqual([]);
    }, 60_000);
  }

  it('status of a plain folder names no key source', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    expect(encryptionStatus(t.dir)).toEqual({ encrypted: false, keySource: null, methods: [] });
  });
});

describe('sealed hand-off bundles (AES-256-GCM, key from scrypt)', () => {
  it('a bundle exported with a passphrase carries no plaintext; a wrong passphrase or one changed byte is refused with nothing imported; the right one imports', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const a = await createCore({ dataDir: path.join(t.dir, 'a'), loadSeeds: false });
    const c = await addClient(a, { name: CLIENT, notes: NOTE, contacts: [{ name: CONTACT, role: '課長', email: EMAIL, phone: PHONE }] });
    const e = await addEngagement(a, { clientId: c.id });
    await addLog(a, { engagementId: e.id, notes: LOGNOTE });
    await expect(a.call('bundle.export', { engagementId: e.id, passphrase: '短い' })).rejects.toMatchObject({ code: 'invalid_input' });
    const sealed = await a.call('bundle.export', { engagementId: e.id, passphrase: PASS });
    a.close();
    const bytes = Buffer.from(sealed.contentBase64, 'base64');
    expect(sealed.fileName).toMatch(/\.sealed\.json$/);
    for (const n of [CLIENT, CONTACT, EMAIL, PHONE, NOTE, LOGNOTE]) expect(bytes.includes(Buffer.from(n)), n).toBe(false);
    const header = (JSON.parse(bytes.toString('utf8')) as { header: { cipher: string; kdf: { name: string; N: number; r: number; p: number } } }).header;
    expect(header).toMatchObject({ cipher: 'aes-256-gcm', kdf: { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } });

    const b = await createCore({ dataDir: path.join(t.dir, 'b'), loadSeeds: false });
    const count = () => (b.ctx.db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n;
    const imp = (buf: Buffer, passphrase?: string) => b.call('bundle.import', { contentBase64: buf.toString('base64'), ...(passphrase ? { passphrase } : {}) });
    await expect(imp(bytes)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/暗号化されています/) });
    await expect(imp(bytes, 'ちがうパスフレーズです')).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/パスフレーズが違うか/) });
    // One byte changed: in the sealed data, in the tag, and in the header (the scrypt parameters are authenticated too).
    const text = bytes.toString('utf8');
    const at = (needle: string, off: number) => text.indexOf(needle) + needle.length + off;
    for (const pos of [at('"data":"', 40), at('"tag":"', 3), at('"salt":"', 2)]) {
      const bad = Buffer.from(text);
      bad[pos] = bad[pos] === 0x41 ? 0x42 : 0x41;
      await expect(imp(bad, PASS)).rejects.toMatchObject({ code: 'invalid_input' });
    }
    const badN = Buffer.from(text.replace('"N":131072', '"N":65536'));
    await expect(imp(badN, PASS)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(count()).toBe(0);
    const r = await imp(bytes, PASS);
    expect(r.added).toBeGreaterThanOrEqual(3);
    expect((await b.call('clients.get', { id: c.id })).name).toBe(CLIENT);
    b.close();
  }, 60_000);
});
