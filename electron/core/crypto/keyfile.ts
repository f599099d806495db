import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomicSync } from '../files/write-atomic.ts';
import { DATA_KEY_BYTES } from './keyring.ts';

/**
 * The key file of an encrypted data folder (`banso.keys.json`, beside the database).
 *
 * Two layers, so that a rekey never needs every unlock secret and a change of passphrase never
 * touches the database:
 *   - the **keyset** — the data key SQLite encrypts with (`current`), plus keys being retired
 *     while backups are converted (`retired`) — encrypted with AES-256-GCM under a random
 *     256-bit key-encryption key (KEK);
 *   - **wraps** of the KEK, one per way to unlock: a passphrase and a recovery key (each through
 *     scrypt, its parameters stored beside it), and on the desktop the OS key store (Electron
 *     safeStorage; the shell does that part).
 * GCM authenticates every wrap: a wrong passphrase or a changed byte is refused before any
 * database file is opened.
 */

export const KEY_FILE_NAME = 'banso.keys.json';

/** scrypt parameters for a passphrase or a recovery key: N = 2^17, r = 8, p = 1 (128 MiB, ~0.5–1 s); OWASP's recommendation. */
export const SCRYPT_DEFAULT = { N: 2 ** 17, r: 8, p: 1 } as const;
export type ScryptParams = { N: number; r: number; p: number };

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const Sealed = z.object({ iv: b64, tag: b64, data: b64 });
const ScryptWrap = Sealed.extend({
  kdf: z.literal('scrypt'),
  N: z.number().int().min(2 ** 10).max(2 ** 22),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: b64,
});
const OsWrap = z.object({ backend: z.string().max(64), data: b64 });

export const KeyFileSchema = z.object({
  format: z.literal('banso-keys'),
  version: z.literal(1),
  /** SQLite3MultipleCiphers' cipher of the database and its backups (crypto/keyring.ts). */
  cipher: z.literal('aegis'),
  /** First 8 bytes of SHA-256 of the KEK: tells two key files apart (no secret). */
  kekId: z.string().regex(/^[0-9a-f]{16}$/),
  updatedAt: z.string(),
  wraps: z.object({
    passphrase: ScryptWrap.optional(),
    recovery: ScryptWrap.optional(),
    os: OsWrap.optional(),
  }),
  keyset: Sealed,
});
export type KeyFile = z.infer<typeof KeyFileSchema>;
export type ScryptWrapValue = z.infer<typeof ScryptWrap>;

export interface Keyset {
  current: Buffer;
  retired: Buffer[];
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

export class KeyFileError extends Error {
  readonly kind: 'unreadable' | 'wrong_secret';
  constructor(kind: 'unreadable' | 'wrong_secret', message: string) {
    super(message);
    this.kind = kind;
  }
}

/** The key file, or null when the folder is not encrypted. Throws KeyFileError for a file that is not a valid key file. */
export function readKeyFile(dataDir: string): KeyFile | null {
  let text: string;
  try {
    text = fs.readFileSync(keyFilePath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new KeyFileError('unreadable', `鍵ファイルを読み取れません（${(err as NodeJS.ErrnoException).code ?? 'error'}）: ${keyFilePath(dataDir)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyFileError('unreadable', `鍵ファイルが壊れています（JSON として読めません）: ${keyFilePath(dataDir)}`);
  }
  const parsed = KeyFileSchema.safeParse(json);
  if (!parsed.success) throw new KeyFileError('unreadable', `鍵ファイルの形式が正しくありません: ${keyFilePath(dataDir)}`);
  return parsed.data;
}

/** Written to a temporary file, flushed and renamed over the old one: the old or the new key file, never half of one. */
export function writeKeyFile(dataDir: string, kf: KeyFile): void {
  writeFileAtomicSync(keyFilePath(dataDir), `${JSON.stringify(kf, null, 2)}\n`);
}

function seal(key: Buffer, plain: Buffer, aad: string): z.infer<typeof Sealed> {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad));
  const data = Buffer.concat([c.update(plain), c.final()]);
  return { iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** null when the key is wrong or a byte was changed (GCM's tag). */
function open(key: Buffer, s: z.infer<typeof Sealed>, aad: string): Buffer | null {
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(Buffer.from(s.tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(s.data, 'base64')), d.final()]);
  } catch {
    return null;
  }
}

export function scryptKey(secret: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(secret.normalize('NFC'), salt, 32, { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 16 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function wrapWithSecret(kek: Buffer, secret: string, aad: string, params: ScryptParams = SCRYPT_DEFAULT): Promise<ScryptWrapValue> {
  const salt = randomBytes(16);
  const k = await scryptKey(secret, salt, params);
  return { kdf: 'scrypt', N: params.N, r: params.r, p: params.p, salt: salt.toString('base64'), ...seal(k, kek, aad) };
}

export async function unwrapWithSecret(w: ScryptWrapValue, secret: string, aad: string): Promise<Buffer | null> {
  const k = await scryptKey(secret, Buffer.from(w.salt, 'base64'), w);
  return open(k, w, aad);
}

export function kekIdOf(kek: Buffer): string {
  return createHash('sha256').update(kek).digest('hex').slice(0, 16);
}

/** The associated data of each sealed part: a wrap cannot be moved to another slot or another key file. */
export const AAD = {
  passphrase: (id: string) => `banso-keys/v1/passphrase/${id}`,
  recovery: (id: string) => `banso-keys/v1/recovery/${id}`,
  keyset: (id: string) => `banso-keys/v1/keyset/${id}`,
};

export function sealKeyset(kek: Buffer, kekId: string, ks: Keyset): z.infer<typeof Sealed> {
  const plain = Buffer.from(JSON.stringify({ current: ks.current.toString('hex'), retired: ks.retired.map((k) => k.toString('hex')) }));
  return seal(kek, plain, AAD.keyset(kekId));
}

const KeysetJson = z.object({ current: z.string().regex(/^[0-9a-f]{64}$/), retired: z.array(z.string().regex(/^[0-9a-f]{64}$/)) });

export function openKeyset(kek: Buffer, kf: KeyFile): Keyset | null {
  if (!timingSafeEqual(Buffer.from(kekIdOf(kek)), Buffer.from(kf.kekId))) return null;
  const plain = open(kek, kf.keyset, AAD.keyset(kf.kekId));
  if (!plain) return null;
  const parsed = KeysetJson.safeParse(JSON.parse(plain.toString('utf8')));
  if (!parsed.success) return null;
  return { current: Buffer.from(parsed.data.current, 'hex'), retired: parsed.data.retired.map((h) => Buffer.from(h, 'hex')) };
}

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

// ---------------------------------------------------------------------------------------------
// Recovery key: 32 characters of Crockford's base32 (160 bits), shown as 8 groups of 4.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newRecoveryKey(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** What the user typed back: any case, with or without hyphens and spaces, O for 0 and I/L for 1. Null when it cannot be a recovery key. */
export function normalizeRecoveryKey(typed: string): string | null {
  const s = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-ー－]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (s.length !== 32 || [...s].some((c) => !CROCKFORD.includes(c))) return null;
  return s.match(/.{4}/g)!.join('-');
}
