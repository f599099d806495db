import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The data keys of the data folders this process has unlocked, so that every SQLite connection the
 * core opens on a file inside such a folder (the database, its backups, temporary copies) is keyed
 * the same way, wherever it is opened (db/open.ts, backup/). One key per folder, in memory only.
 *
 * The cipher is SQLite3MultipleCiphers' AEGIS-256 (authenticated per page, AES-based: with the
 * AES instructions every x64/arm64 CPU of the last decade has, a full scan of a 120 MB database
 * costs ~1.2× the plain one here, against ~3.5× with its default ChaCha20-Poly1305; see
 * `npm run bench -- --only crypto` for search). The data key is 256 random bits, not a passphrase:
 * SQLite3MC's own key derivation (Argon2id for AEGIS) adds nothing to such a key, so it runs with
 * the smallest cost (`tcost=1, mcost=1, pcost=1`, ~2 ms per connection). Those parameters are not
 * stored in the file: every connection gives the same ones. The passphrase's slow derivation is
 * scrypt, once, in crypto/keyfile.ts.
 */

export const CIPHER = 'aegis';
const KDF_PARAMS = { tcost: 1, mcost: 1, pcost: 1 } as const;
export const DATA_KEY_BYTES = 32;

const keys = new Map<string, Buffer>();

function norm(p: string): string {
  return path.resolve(p);
}

/** Register (or forget, with null) the data key of a data folder. */
export function setFolderKey(dataDir: string, key: Buffer | null): void {
  if (key) keys.set(norm(dataDir), Buffer.from(key));
  else keys.delete(norm(dataDir));
}

export function folderKey(dataDir: string): Buffer | null {
  return keys.get(norm(dataDir)) ?? null;
}

/** The file a path or a `file:` URI names. */
function fileOf(fileOrUri: string): string {
  if (fileOrUri.startsWith('file:')) {
    const q = fileOrUri.indexOf('?');
    return fileURLToPath(q < 0 ? fileOrUri : fileOrUri.slice(0, q));
  }
  return path.resolve(fileOrUri);
}

/** The key of the unlocked data folder that holds this file (or one of its subfolders, e.g. backups/); null when plain. */
export function keyForFile(fileOrUri: string): Buffer | null {
  if (keys.size === 0 || fileOrUri === ':memory:' || fileOrUri === '') return null;
  const file = fileOf(fileOrUri);
  let best: { dir: string; key: Buffer } | null = null;
  for (const [dir, key] of keys) {
    if (file.startsWith(dir + path.sep) && (!best || dir.length > best.dir.length)) best = { dir, key };
  }
  return best?.key ?? null;
}

/** Pragmas that key a connection; run before its first read. */
export function keyPragmas(key: Buffer): string[] {
  return [`cipher = '${CIPHER}'`, ...Object.entries(KDF_PARAMS).map(([k, v]) => `${k} = ${v}`), `hexkey = '${key.toString('hex')}'`];
}

/** URI parameters that key the connection SQLite opens on a URI (a backup target). */
export function keyUriParams(key: Buffer): string {
  return [`cipher=${CIPHER}`, ...Object.entries(KDF_PARAMS).map(([k, v]) => `${k}=${v}`), `hexkey=${key.toString('hex')}`].join('&');
}

/** A `file:` URI for `file` keyed with `key` (extra parameters such as `immutable=1` first). */
export function keyedUri(file: string, key: Buffer, extra: string[] = []): string {
  return `${pathToFileURL(path.resolve(file)).href}?${[...extra, keyUriParams(key)].join('&')}`;
}
