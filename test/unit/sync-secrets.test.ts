import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keyStoreSecrets, type SealingKeyStore } from '../../electron/core/sync/secrets.ts';
import { tempDir } from '../helpers/tmp.ts';

/** A key store like the OS one: it seals with a key of its own that the data folder never holds. */
function fakeKeyStore(): SealingKeyStore {
  const own = randomBytes(32);
  return {
    async encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', own, iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(sealed) {
      const d = createDecipheriv('aes-256-gcm', own, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
    },
  };
}

describe('the hub password kept with the OS key store', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));

  it('round-trips, never lands in plain text, and is useless without the same key store', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const ks = fakeKeyStore();
    const s = keyStoreSecrets(ks, dir);
    expect(await s.get('hub-password')).toBeNull();
    await s.set('hub-password', 'とても秘密なパスワード-42');
    expect(await s.get('hub-password')).toBe('とても秘密なパスワード-42');
    const raw = fs.readFileSync(path.join(dir, 'hub-secret.json'));
    expect(raw.includes(Buffer.from('とても秘密なパスワード-42'))).toBe(false);
    // Another account / a copied folder: another key store cannot open it.
    expect(await keyStoreSecrets(fakeKeyStore(), dir).get('hub-password')).toBeNull();
  });
});
