import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../files/write-atomic.ts';
import type { SecretStore } from './service.ts';

/** The OS key store as the encryption layer offers it (electron/core/crypto: Electron safeStorage in the desktop app). */
export interface SealingKeyStore {
  encrypt(plain: Buffer): Promise<Buffer>;
  decrypt(sealed: Buffer): Promise<Buffer>;
}

const FILE = 'hub-secret.json';

/**
 * The hub password kept like the data key: a random 256-bit key sealed by the OS key store, and the
 * password under it with AES-256-GCM, in `hub-secret.json` in the data folder. Without the key store
 * (another account, another machine, a copied folder) the file is useless.
 */
export function keyStoreSecrets(keyStore: SealingKeyStore, dataDir: string): SecretStore {
  const file = path.join(dataDir, FILE);
  return {
    async get(name) {
      let doc: Record<string, { sealedKey: string; iv: string; tag: string; data: string }>;
      try {
        doc = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof doc;
      } catch {
        return null;
      }
      const e = doc[name];
      if (!e) return null;
      try {
        const key = await keyStore.decrypt(Buffer.from(e.sealedKey, 'base64'));
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(e.iv, 'base64'));
        d.setAuthTag(Buffer.from(e.tag, 'base64'));
        return Buffer.concat([d.update(Buffer.from(e.data, 'base64')), d.final()]).toString('utf8');
      } catch {
        // The key store cannot open it (lost or changed): as if no password were kept; the user enters it again.
        return null;
      }
    },
    async set(name, value) {
      let doc: Record<string, unknown> = {};
      try {
        doc = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof doc;
      } catch {
        doc = {};
      }
      const key = randomBytes(32);
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([c.update(value, 'utf8'), c.final()]);
      doc[name] = {
        sealedKey: (await keyStore.encrypt(key)).toString('base64'),
        iv: iv.toString('base64'),
        tag: c.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
      writeFileAtomicSync(file, JSON.stringify(doc, null, 2));
    },
  };
}
