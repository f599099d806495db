import type { SecurityEnable, SecurityStatus } from '../../../shared/contract/security.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../log.ts';
import { changePassphrase, enableEncryption, encryptionStatus, rekeyFolder, type KeyStore, type UnlockSecrets } from './folder.ts';

export interface SecurityHost {
  dataDir: string;
  /** The OS key store (desktop), when the shell provides one. */
  keyStore: KeyStore | null;
  /** Run `fn` with the database closed and no session of this process held, then open it again. */
  withDatabaseClosed<T>(fn: () => Promise<T>): Promise<T>;
  readOnly(): boolean;
}

/** Linux without a keyring: Chromium's `basic_text` backend stores the secret with a fixed key, which protects nothing. */
export const WEAK_KEY_STORE_BACKENDS = new Set(['basic_text', 'unknown']);

/** 設定 → セキュリティ over the core: status, encrypt, change the passphrase, change the data key. */
export class SecurityService {
  private readonly host: SecurityHost;
  private readonly log: Logger;
  private backend: string | null = null;

  constructor(host: SecurityHost, log: Logger) {
    this.host = host;
    this.log = log;
  }

  private async keyStoreInfo(): Promise<{ available: boolean; backend: string | null }> {
    if (!this.host.keyStore) return { available: false, backend: null };
    try {
      this.backend ??= await this.host.keyStore.backend();
    } catch {
      return { available: false, backend: null };
    }
    return { available: !WEAK_KEY_STORE_BACKENDS.has(this.backend), backend: this.backend };
  }

  /** The key store when it really protects the key, else null. */
  private async strongKeyStore(): Promise<KeyStore | null> {
    return (await this.keyStoreInfo()).available ? this.host.keyStore : null;
  }

  async status(): Promise<SecurityStatus> {
    const s = encryptionStatus(this.host.dataDir);
    return { ...s, keyStore: await this.keyStoreInfo() };
  }

  private refuseReadOnly(): void {
    if (this.host.readOnly()) throw new AppError('storage_readonly', 'データフォルダーに書き込めないため（読み取り専用）、暗号化の設定は変えられません。');
  }

  private async secrets(current: string | undefined): Promise<UnlockSecrets> {
    return { passphrase: current, recoveryKey: current, keyStore: (await this.strongKeyStore()) ?? undefined };
  }

  async enable(passphrase: string | undefined): Promise<SecurityEnable> {
    this.refuseReadOnly();
    const keyStore = await this.strongKeyStore();
    if (!passphrase && !keyStore) {
      throw new AppError('invalid_input', 'この環境では OS の鍵ストアを使えないため、パスフレーズを決めてください。', { path: ['passphrase'] });
    }
    const r = await this.host.withDatabaseClosed(() => enableEncryption(this.host.dataDir, { passphrase, keyStore: keyStore ?? undefined, log: this.log }));
    this.log.info('the data folder was encrypted');
    return { status: await this.status(), recoveryKey: r.recoveryKey, backupsConverted: r.backupsConverted };
  }

  async changePassphrase(current: string | undefined, next: string): Promise<SecurityStatus> {
    this.refuseReadOnly();
    await changePassphrase(this.host.dataDir, await this.secrets(current), next);
    return this.status();
  }

  async rekey(current: string | undefined): Promise<SecurityStatus> {
    this.refuseReadOnly();
    const secrets = await this.secrets(current);
    await this.host.withDatabaseClosed(() => rekeyFolder(this.host.dataDir, secrets, { log: this.log }));
    return this.status();
  }
}
