/**
 * The OS key store for the core (electron/core/crypto/folder.ts `KeyStore`) over Electron's
 * safeStorage, asynchronous API only (the synchronous one is deprecated): Keychain on macOS,
 * DPAPI on Windows, libsecret / KWallet on Linux. The secret it protects is the data folder's
 * key-encryption key, as base64 text (safeStorage encrypts strings).
 */
import type { KeyStore } from '../core/crypto/folder.ts';

/** The part of Electron's `safeStorage` the shell uses. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only (after `ready`). */
  getSelectedStorageBackend(): string;
}

export function keyStoreFrom(safeStorage: SafeStorageLike, platform: NodeJS.Platform): KeyStore {
  return {
    async backend() {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'unavailable';
      if (platform === 'linux') return safeStorage.getSelectedStorageBackend();
      return platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : 'unknown';
    },
    async encrypt(plain) {
      return safeStorage.encryptStringAsync(plain.toString('base64'));
    },
    async decrypt(sealed) {
      const { result } = await safeStorage.decryptStringAsync(sealed);
      const key = Buffer.from(result, 'base64');
      if (key.length !== 32) throw new Error('the key store returned something else');
      return key;
    },
  };
}
