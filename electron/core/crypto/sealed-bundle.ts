import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { SCRYPT_DEFAULT, scryptKey, type ScryptParams } from './keyfile.ts';

/**
 * A hand-off bundle sealed with a passphrase chosen at export: AES-256-GCM under a key from scrypt.
 * The file is JSON: a header in the clear (format, cipher, the scrypt parameters and salt, the
 * nonce) and the sealed bytes. The header is the GCM's associated data, so a changed byte anywhere
 * (header, tag or data) is refused, as is a wrong passphrase; nothing is imported then.
 */

export const SEALED_FORMAT = 'banso-sealed-bundle';

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const HeaderSchema = z
  .object({
    format: z.literal(SEALED_FORMAT),
    version: z.literal(1),
    cipher: z.literal('aes-256-gcm'),
    kdf: z.object({ name: z.literal('scrypt'), N: z.number().int().min(2 ** 10).max(2 ** 22), r: z.number().int().min(1).max(32), p: z.number().int().min(1).max(16), salt: b64 }).strict(),
    iv: b64,
  })
  .strict();
const SealedSchema = z.object({ header: HeaderSchema, tag: b64, data: b64 }).strict();
type Header = z.infer<typeof HeaderSchema>;

function aad(h: Header): Buffer {
  return Buffer.from(JSON.stringify(h));
}

export async function sealBundle(plain: Buffer, passphrase: string, params: ScryptParams = SCRYPT_DEFAULT): Promise<Buffer> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header: Header = { format: SEALED_FORMAT, version: 1, cipher: 'aes-256-gcm', kdf: { name: 'scrypt', ...params, salt: salt.toString('base64') }, iv: iv.toString('base64') };
  const key = await scryptKey(passphrase, salt, params);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad(header));
  const data = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.from(`${JSON.stringify({ header, tag: c.getAuthTag().toString('base64'), data: data.toString('base64') })}\n`, 'utf8');
}

/** Whether the text is a sealed bundle (by its header; a plain bundle starts with {"format":"banso-bundle"…). */
export function looksSealed(text: string): boolean {
  return text.slice(0, 200).includes(`"${SEALED_FORMAT}"`);
}

export async function openSealedBundle(text: string, passphrase: string | undefined): Promise<string> {
  let parsed: z.infer<typeof SealedSchema>;
  try {
    const r = SealedSchema.safeParse(JSON.parse(text));
    if (!r.success) throw new Error('schema');
    parsed = r.data;
  } catch {
    throw new AppError('invalid_input', '暗号化された受け渡しファイルが壊れているか、書き換えられています。取り込みませんでした。', { path: ['contentBase64'] });
  }
  if (!passphrase) {
    throw new AppError('invalid_input', 'この受け渡しファイルは暗号化されています。書き出したときに決めたパスフレーズを入力してください。', { path: ['passphrase'] });
  }
  const h = parsed.header;
  const key = await scryptKey(passphrase, Buffer.from(h.kdf.salt, 'base64'), h.kdf);
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(h.iv, 'base64'));
    d.setAAD(aad(h));
    d.setAuthTag(Buffer.from(parsed.tag, 'base64'));
    const plain = Buffer.concat([d.update(Buffer.from(parsed.data, 'base64')), d.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain).replace(/^\uFEFF/, '');
  } catch {
    throw new AppError(
      'invalid_input',
      'パスフレーズが違うか、受け渡しファイルが書き換えられています（認証に失敗しました）。何も取り込んでいません。',
      { path: ['passphrase'] },
    );
  }
}
