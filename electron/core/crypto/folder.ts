import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../../shared/errors.ts';
import { listSessions, Session } from '../backup/check.ts';
import { backupDirFor, listBackups, newBackupName, stamp, writeBackup } from '../backup/files.ts';
import { sqliteCode } from '../db/errors.ts';
import { openSqlite } from '../db/sqlite.ts';
import type { DB } from '../db/types.ts';
import { silentLogger, type Logger } from '../log.ts';
import { DB_FILE_NAME } from '../paths.ts';
import {
  AAD,
  kekIdOf,
  keyFilePath,
  KeyFileError,
  newDataKey,
  newRecoveryKey,
  normalizeRecoveryKey,
  openKeyset,
  readKeyFile,
  sealKeyset,
  SCRYPT_DEFAULT,
  unwrapWithSecret,
  wrapWithSecret,
  writeKeyFile,
  type KeyFile,
  type Keyset,
  type ScryptParams,
} from './keyfile.ts';
import { folderKey, keyedUri, setFolderKey } from './keyring.ts';

/**
 * Encryption of a data folder: unlocking it, and the three changes (encrypt a plain folder, change
 * the passphrase, change the data key), each of which a SIGKILL at any moment leaves in the old or
 * the new state.
 *
 * The database is never re-encrypted in place. A change writes an encrypted copy beside it
 * (`.banso-crypt-….sqlite3`, VACUUM INTO), writes the key file that knows both keys, and renames
 * the copy over the database (the commit point). Backups are converted after that. An interrupted
 * change is finished or undone at the next unlock (`settle`), which tells the states apart by which
 * key opens the database:
 *   key file + plain database      → encryption interrupted before the swap: undone (plain);
 *   database opens with `current`  → done; backups still on a retired key or plain are converted;
 *   database opens with `retired`  → a rekey interrupted before the swap: undone (old key).
 */

export type KeySource = 'passphrase' | 'recovery' | 'os';

/** The OS key store (desktop: Electron safeStorage, asynchronous API), injected by the shell. */
export interface KeyStore {
  /** The backend's name (Linux: `gnome_libsecret`, `kwallet…`, `basic_text`; macOS/Windows: their own). */
  backend(): Promise<string>;
  encrypt(plain: Buffer): Promise<Buffer>;
  decrypt(sealed: Buffer): Promise<Buffer>;
}

export interface UnlockSecrets {
  passphrase?: string | undefined;
  recoveryKey?: string | undefined;
  keyStore?: KeyStore | undefined;
}

export interface EncryptionStatus {
  encrypted: boolean;
  /** How this process unlocked the folder; without unlocking, the way it opens by default (os, else passphrase). */
  keySource: KeySource | null;
  /** The ways the folder can be unlocked. */
  methods: KeySource[];
}

const unlockedBy = new Map<string, KeySource>();

export const PASSPHRASE_MIN = 8;
const TMP_PREFIX = '.banso-crypt-';
const SQLITE_MAGIC = 'SQLite format 3\0';

function lockedError(dataDir: string): AppError {
  return new AppError(
    'locked',
    `このデータフォルダーは暗号化されていて、開くにはパスフレーズ（または回復キー）が必要です。` +
      `--passphrase-file ファイル か環境変数 BANSO_PASSPHRASE で指定してください（コマンドラインには書かないでください）。何も変更していません: ${dataDir}`,
  );
}

function wrongSecret(): AppError {
  return new AppError('locked', 'パスフレーズまたは回復キーが違います。何も変更していません。');
}

function fromKeyFileError(err: unknown): never {
  if (err instanceof KeyFileError) throw new AppError('db_unavailable', `${err.message}（何も変更していません）`);
  throw err;
}

function methodsOf(kf: KeyFile): KeySource[] {
  const m: KeySource[] = [];
  if (kf.wraps.os) m.push('os');
  if (kf.wraps.passphrase) m.push('passphrase');
  if (kf.wraps.recovery) m.push('recovery');
  return m;
}

export function encryptionStatus(dataDir: string): EncryptionStatus {
  let kf: KeyFile | null;
  try {
    kf = readKeyFile(dataDir);
  } catch (err) {
    fromKeyFileError(err);
  }
  if (!kf) return { encrypted: false, keySource: null, methods: [] };
  const methods = methodsOf(kf);
  return { encrypted: true, keySource: unlockedBy.get(path.resolve(dataDir)) ?? methods[0] ?? null, methods };
}

export function checkPassphrase(p: string | undefined, field = 'passphrase'): string {
  if (p === undefined || p.length === 0) throw new AppError('invalid_input', '新しいパスフレーズを指定してください。', { path: [field] });
  if ([...p].length < PASSPHRASE_MIN) throw new AppError('invalid_input', `パスフレーズは ${PASSPHRASE_MIN} 文字以上にしてください。`, { path: [field] });
  return p;
}

interface Unlocked {
  kf: KeyFile;
  kek: Buffer;
  keyset: Keyset;
  source: KeySource;
}

/** The KEK from whichever secret works. Throws `locked` (nothing changed) without a working one. */
async function unlockKek(dataDir: string, kf: KeyFile, s: UnlockSecrets): Promise<Unlocked> {
  const tryKek = (kek: Buffer | null, source: KeySource): Unlocked | null => {
    if (!kek) return null;
    const keyset = openKeyset(kek, kf);
    return keyset ? { kf, kek, keyset, source } : null;
  };
  if (s.keyStore && kf.wraps.os) {
    try {
      const r = tryKek(await s.keyStore.decrypt(Buffer.from(kf.wraps.os.data, 'base64')), 'os');
      if (r) return r;
    } catch {
      /* the key store is gone or refuses: a passphrase or the recovery key may still open it */
    }
  }
  const given = [s.passphrase, s.recoveryKey].filter((x): x is string => typeof x === 'string' && x.length > 0);
  if (given.length === 0) throw lockedError(dataDir);
  for (const secret of given) {
    if (kf.wraps.passphrase) {
      const r = tryKek(await unwrapWithSecret(kf.wraps.passphrase, secret, AAD.passphrase(kf.kekId)), 'passphrase');
      if (r) return r;
    }
    const rk = normalizeRecoveryKey(secret);
    if (rk && kf.wraps.recovery) {
      const r = tryKek(await unwrapWithSecret(kf.wraps.recovery, rk, AAD.recovery(kf.kekId)), 'recovery');
      if (r) return r;
    }
  }
  throw wrongSecret();
}

function isPlainFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const b = Buffer.alloc(16);
    return fs.readSync(fd, b, 0, 16, 0) === 16 && b.toString('latin1') === SQLITE_MAGIC;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Whether `key` (null: none) opens the file; throws for problems that are not a wrong key (busy, permissions). */
function opensWith(file: string, key: Buffer | null, immutable: boolean): boolean {
  if (key === null && !isPlainFile(file)) return false;
  let db: DB | undefined;
  try {
    db = immutable ? openSqlite(keyedUriOrPlain(file, key, ['immutable=1']), { readonly: true }, null) : openSqlite(file, { readonly: true, fileMustExist: true }, key);
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return true;
  } catch (err) {
    const code = sqliteCode(err);
    if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT')) return false;
    throw err;
  } finally {
    db?.close();
  }
}

function keyedUriOrPlain(file: string, key: Buffer | null, extra: string[]): string {
  if (key) return keyedUri(file, key, extra);
  return `${pathToFileURL(path.resolve(file)).href}?${extra.join('&')}`;
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* not on every platform */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Copy the open database `db` into a new file encrypted with `key` (VACUUM INTO a keyed URI); flushed. */
function vacuumInto(db: DB, target: string, key: Buffer): void {
  fs.rmSync(target, { force: true });
  db.exec(`VACUUM INTO ${sqlString(keyedUri(target, key))}`);
  fsyncFile(target);
}

/** Temporary copies of a change that did not finish (plain or keyed: neither is in use). Best effort (a read-only folder keeps them). */
function removeTemps(dataDir: string): void {
  for (const dir of [dataDir, backupDirFor(dataDir)]) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      if (!n.startsWith(TMP_PREFIX)) continue;
      try {
        fs.rmSync(path.join(dir, n), { force: true });
      } catch {
        /* read-only: removed at a later start */
      }
    }
  }
}

/**
 * Convert every backup (and damaged copies set aside) that is plain or on a retired key to the
 * current key: an encrypted copy beside it, renamed over it. Returns the files it could not read.
 */
function convertBackups(dataDir: string, ks: Keyset, log: Logger): string[] {
  const dir = backupDirFor(dataDir);
  const files = listBackups(dir).map((b) => path.join(dir, b.name));
  try {
    for (const n of fs.readdirSync(dataDir)) if (/\.damaged-.*\.sqlite3$/.test(n)) files.push(path.join(dataDir, n));
  } catch {
    /* no folder */
  }
  const failed: string[] = [];
  for (const file of files) {
    const plain = isPlainFile(file);
    if (!plain && ks.retired.length === 0) continue; // already on the current key (or unreadable)
    let from: Buffer | null | undefined = plain ? null : undefined;
    if (!plain) {
      try {
        if (opensWith(file, ks.current, true)) continue;
        from = ks.retired.find((k) => opensWith(file, k, true));
      } catch {
        from = undefined;
      }
    }
    if (from === undefined) {
      failed.push(file);
      continue;
    }
    const tmp = path.join(path.dirname(file), `${TMP_PREFIX}${randomBytes(6).toString('hex')}.sqlite3`);
    let src: DB | undefined;
    try {
      src = openSqlite(keyedUriOrPlain(file, from, ['immutable=1']), { readonly: true }, null);
      vacuumInto(src, tmp, ks.current);
      src.close();
      src = undefined;
      fs.renameSync(tmp, file);
    } catch (err) {
      src?.close();
      fs.rmSync(tmp, { force: true });
      log.warn(`a backup could not be converted to the current key (${sqliteCode(err) ?? (err as NodeJS.ErrnoException).code ?? 'error'})`);
      failed.push(file);
    }
  }
  fsyncDir(dir);
  return failed;
}

/** A test hook: `BANSO_TEST_KILL_AT=<step>` makes this process SIGKILL itself at that step (crash tests). */
function crashPoint(step: string): void {
  if (process.env.BANSO_TEST_KILL_AT === step) process.kill(process.pid, 'SIGKILL');
}

function rewriteKeyset(dataDir: string, u: Unlocked, ks: Keyset): KeyFile {
  const kf: KeyFile = { ...u.kf, updatedAt: new Date().toISOString(), keyset: sealKeyset(u.kek, u.kf.kekId, ks) };
  writeKeyFile(dataDir, kf);
  fsyncDir(dataDir);
  return kf;
}

/**
 * Before the core opens a data folder: read its key file, unlock it with the given secrets,
 * finish or undo a change that was interrupted, and register the data key for every connection.
 * A plain folder returns `{ encrypted: false }` and registers nothing. Throws `locked` (nothing
 * changed) when the folder is encrypted and no secret given opens it.
 */
export async function unlockFolder(dataDir: string, secrets: UnlockSecrets = {}, log: Logger = silentLogger): Promise<EncryptionStatus> {
  let kf: KeyFile | null;
  try {
    kf = readKeyFile(dataDir);
  } catch (err) {
    fromKeyFileError(err);
  }
  const dbFile = path.join(dataDir, DB_FILE_NAME);
  const alone = () => listSessions(dataDir).live.length === 0;
  if (!kf) {
    setFolderKey(dataDir, null);
    if (alone()) removeTemps(dataDir);
    return encryptionStatus(dataDir);
  }
  // Encryption interrupted before its swap: the database is still the plain one. Undone without a
  // secret (the data is plain anyway); the unused key file is set aside, never deleted.
  if (isPlainFile(dbFile) && alone()) {
    const aside = path.join(dataDir, `banso.keys.unused-${stamp(new Date())}.json`);
    try {
      fs.renameSync(keyFilePath(dataDir), aside);
      removeTemps(dataDir);
      log.warn('an interrupted encryption was undone: the database is still plain');
    } catch (err) {
      // A read-only folder: opened plain as it is; undone at a start that can write.
      log.warn(`an interrupted encryption could not be undone yet (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    setFolderKey(dataDir, null);
    return { encrypted: false, keySource: null, methods: [] };
  }
  const u = await unlockKek(dataDir, kf, secrets);
  let ks = u.keyset;
  if (fs.existsSync(dbFile) && !opensWith(dbFile, ks.current, false)) {
    const old = ks.retired.find((k) => opensWith(dbFile, k, false));
    if (old && alone()) {
      // A rekey interrupted before its swap: back to the key the database has.
      ks = { current: old, retired: [] };
      try {
        rewriteKeyset(dataDir, u, ks);
        log.warn('an interrupted change of key was undone');
      } catch (err) {
        log.warn(`an interrupted change of key could not be undone yet (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    } else if (old) ks = { current: old, retired: ks.retired.filter((k) => !k.equals(old)) };
    // Else the database is damaged: the open's recovery deals with it, with the current key.
  }
  setFolderKey(dataDir, ks.current);
  unlockedBy.set(path.resolve(dataDir), u.source);
  if (alone()) {
    removeTemps(dataDir);
    const failed = convertBackups(dataDir, ks, log);
    try {
      if (ks.retired.length > 0 && failed.length === 0) rewriteKeyset(dataDir, u, { current: ks.current, retired: [] });
    } catch {
      /* read-only: the retired key stays until a start that can write */
    }
  }
  return encryptionStatus(dataDir);
}

function refuseIfOpen(dataDir: string): void {
  if (listSessions(dataDir).live.length > 0) {
    throw new AppError('conflict', `ほかの Bansō（アプリまたはコマンド）がこのデータフォルダーを開いています。閉じてから、もう一度実行してください。何も変更していません: ${dataDir}`);
  }
}

/** Open the database for a change: WAL folded in and switched off, held exclusively until closed. */
function openForChange(file: string, key: Buffer | null): DB {
  const db = openSqlite(file, { fileMustExist: true }, key);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.pragma('locking_mode = EXCLUSIVE');
    const v = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${v}`); // a write: takes the exclusive lock, kept until close
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Rename the encrypted copy over the database: the commit point. */
function swapIn(tmp: string, file: string): void {
  for (const s of ['-wal', '-journal']) {
    const f = `${file}${s}`;
    if (fs.existsSync(f) && fs.statSync(f).size > 0) throw new AppError('internal', `データベースの横に未反映の ${s} が残っているため中止しました（何も変更していません）: ${f}`);
    fs.rmSync(f, { force: true });
  }
  fs.rmSync(`${file}-shm`, { force: true });
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

export interface EnableResult {
  encrypted: true;
  keySource: KeySource;
  /** Shown once: the only way in when the passphrase (or the OS key store) is lost. */
  recoveryKey: string;
  /** Backups now encrypted with the data key. */
  backupsConverted: number;
}

/**
 * Encrypt a plain data folder. With `passphrase`, a passphrase wrap; with `keyStore`, an OS wrap
 * (the desktop); always a recovery key. A backup of the plain state is written first (and
 * converted with the others), the encrypted copy replaces the database in one rename, and no
 * plain copy stays in the folder once it returns.
 */
export async function enableEncryption(
  dataDir: string,
  opts: { passphrase?: string; keyStore?: KeyStore; log?: Logger; scrypt?: ScryptParams },
): Promise<EnableResult> {
  const log = opts.log ?? silentLogger;
  if (readKeyFile(dataDir)) throw new AppError('conflict', `このデータフォルダーはすでに暗号化されています: ${dataDir}`);
  if (opts.passphrase === undefined && !opts.keyStore) throw new AppError('invalid_input', 'パスフレーズを指定してください。', { path: ['passphrase'] });
  if (opts.passphrase !== undefined) checkPassphrase(opts.passphrase);
  refuseIfOpen(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const session = Session.begin(dataDir, log);
  try {
    const file = path.join(dataDir, DB_FILE_NAME);
    const key = newDataKey();
    const kek = randomBytes(32);
    const kekId = kekIdOf(kek);
    const recoveryKey = newRecoveryKey();
    const kf: KeyFile = {
      format: 'banso-keys',
      version: 1,
      cipher: 'aegis',
      kekId,
      updatedAt: new Date().toISOString(),
      wraps: {
        ...(opts.passphrase !== undefined ? { passphrase: await wrapWithSecret(kek, opts.passphrase, AAD.passphrase(kekId), opts.scrypt ?? SCRYPT_DEFAULT) } : {}),
        recovery: await wrapWithSecret(kek, normalizeRecoveryKey(recoveryKey)!, AAD.recovery(kekId), opts.scrypt ?? SCRYPT_DEFAULT),
        ...(opts.keyStore ? { os: { backend: await opts.keyStore.backend(), data: (await opts.keyStore.encrypt(kek)).toString('base64') } } : {}),
      },
      keyset: sealKeyset(kek, kekId, { current: key, retired: [] }),
    };
    const exists = fs.existsSync(file) && fs.statSync(file).size > 0;
    if (!exists) {
      fs.rmSync(file, { force: true });
      writeKeyFile(dataDir, kf);
      fsyncDir(dataDir);
    } else {
      const db = openForChange(file, null);
      const tmp = path.join(dataDir, `${TMP_PREFIX}${randomBytes(6).toString('hex')}.sqlite3`);
      try {
        const version = db.pragma('user_version', { simple: true }) as number;
        const dir = backupDirFor(dataDir);
        await writeBackup(db, dir, () => newBackupName(dir, 'manual', new Date(), version));
        crashPoint('enable:after-backup');
        vacuumInto(db, tmp, key);
        crashPoint('enable:after-copy');
        writeKeyFile(dataDir, kf);
        fsyncDir(dataDir);
        crashPoint('enable:after-keyfile');
      } catch (err) {
        db.close();
        fs.rmSync(tmp, { force: true });
        throw err;
      }
      db.close();
      swapIn(tmp, file);
      crashPoint('enable:after-swap');
    }
    setFolderKey(dataDir, key);
    unlockedBy.set(path.resolve(dataDir), opts.keyStore ? 'os' : 'passphrase');
    const before = listBackups(backupDirFor(dataDir)).length;
    const failed = convertBackups(dataDir, { current: key, retired: [] }, log);
    crashPoint('enable:after-convert');
    removeTemps(dataDir);
    if (failed.length > 0) log.warn(`${failed.length} files could not be converted`);
    return { encrypted: true, keySource: opts.keyStore ? 'os' : 'passphrase', recoveryKey, backupsConverted: before - failed.length };
  } finally {
    session?.end(path.join(dataDir, DB_FILE_NAME));
  }
}

/** Change (or set) the passphrase: the KEK is wrapped anew, the database and the data key stay. One atomic write of the key file. */
export async function changePassphrase(dataDir: string, secrets: UnlockSecrets, newPassphrase: string, opts: { scrypt?: ScryptParams } = {}): Promise<EncryptionStatus> {
  checkPassphrase(newPassphrase, 'newPassphrase');
  const kf = readKeyFile(dataDir);
  if (!kf) throw new AppError('invalid_input', `このデータフォルダーは暗号化されていません: ${dataDir}`);
  const u = await unlockKek(dataDir, kf, secrets);
  const next: KeyFile = {
    ...kf,
    updatedAt: new Date().toISOString(),
    wraps: { ...kf.wraps, passphrase: await wrapWithSecret(u.kek, newPassphrase, AAD.passphrase(kf.kekId), opts.scrypt ?? SCRYPT_DEFAULT) },
  };
  writeKeyFile(dataDir, next);
  fsyncDir(dataDir);
  return encryptionStatus(dataDir);
}

/** Add (or replace) the OS key store's wrap, e.g. after the recovery key opened a folder whose key store was lost. */
export async function setKeyStoreWrap(dataDir: string, secrets: UnlockSecrets, keyStore: KeyStore): Promise<EncryptionStatus> {
  const kf = readKeyFile(dataDir);
  if (!kf) throw new AppError('invalid_input', `このデータフォルダーは暗号化されていません: ${dataDir}`);
  const u = await unlockKek(dataDir, kf, secrets);
  writeKeyFile(dataDir, { ...kf, updatedAt: new Date().toISOString(), wraps: { ...kf.wraps, os: { backend: await keyStore.backend(), data: (await keyStore.encrypt(u.kek)).toString('base64') } } });
  fsyncDir(dataDir);
  return encryptionStatus(dataDir);
}

/** A new recovery key (the old one stops working). Shown once. */
export async function renewRecoveryKey(dataDir: string, secrets: UnlockSecrets, opts: { scrypt?: ScryptParams } = {}): Promise<string> {
  const kf = readKeyFile(dataDir);
  if (!kf) throw new AppError('invalid_input', `このデータフォルダーは暗号化されていません: ${dataDir}`);
  const u = await unlockKek(dataDir, kf, secrets);
  const rk = newRecoveryKey();
  const wrap = await wrapWithSecret(u.kek, normalizeRecoveryKey(rk)!, AAD.recovery(kf.kekId), opts.scrypt ?? SCRYPT_DEFAULT);
  writeKeyFile(dataDir, { ...kf, updatedAt: new Date().toISOString(), wraps: { ...kf.wraps, recovery: wrap } });
  fsyncDir(dataDir);
  return rk;
}

/**
 * A new data key: the database is copied under it and swapped in, then every backup is converted;
 * the key file knows both keys until all are, so an interruption is finished or undone at the next unlock.
 */
export async function rekeyFolder(dataDir: string, secrets: UnlockSecrets, opts: { log?: Logger } = {}): Promise<EncryptionStatus & { backupsConverted: number }> {
  const log = opts.log ?? silentLogger;
  refuseIfOpen(dataDir);
  await unlockFolder(dataDir, secrets, log); // settles an earlier interruption first
  const kf = readKeyFile(dataDir);
  if (!kf) throw new AppError('invalid_input', `このデータフォルダーは暗号化されていません: ${dataDir}`);
  const u = await unlockKek(dataDir, kf, secrets);
  const old = u.keyset.current;
  const key = newDataKey();
  const file = path.join(dataDir, DB_FILE_NAME);
  const session = Session.begin(dataDir, log);
  try {
    if (fs.existsSync(file)) {
      const db = openForChange(file, old);
      const tmp = path.join(dataDir, `${TMP_PREFIX}${randomBytes(6).toString('hex')}.sqlite3`);
      try {
        vacuumInto(db, tmp, key);
        crashPoint('rekey:after-copy');
        rewriteKeyset(dataDir, u, { current: key, retired: [old] });
        crashPoint('rekey:after-keyfile');
      } catch (err) {
        db.close();
        fs.rmSync(tmp, { force: true });
        throw err;
      }
      db.close();
      swapIn(tmp, file);
      crashPoint('rekey:after-swap');
    } else {
      rewriteKeyset(dataDir, u, { current: key, retired: [old] });
    }
    setFolderKey(dataDir, key);
    const n = listBackups(backupDirFor(dataDir)).length;
    const failed = convertBackups(dataDir, { current: key, retired: [old] }, log);
    crashPoint('rekey:after-convert');
    if (failed.length === 0) rewriteKeyset(dataDir, u, { current: key, retired: [] });
    removeTemps(dataDir);
    return { ...encryptionStatus(dataDir), backupsConverted: n - failed.length };
  } finally {
    session?.end(file);
  }
}

/** Whether this process holds the data key of the folder (it was unlocked). */
export function isUnlocked(dataDir: string): boolean {
  return folderKey(dataDir) !== null;
}
