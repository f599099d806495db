import type { SecurityEnable, SecurityStatus } from '../../../shared/contract/security.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../log.ts';
import fs from 'node:fs';
import path from 'node:path';
import { changePassphrase, enableEncryption, encryptionStatus, rekeyFolder, renewRecoveryKey, type KeyStore, type UnlockSecrets } from './folder.ts';
import { readKeyFile } from './keyfile.ts';
import { DB_FILE_NAME } from '../paths.ts';
import { databaseExisted } from '../db/open.ts';

export interface SecurityHost {
  dataDir: string;
  /** The OS key store (desktop), when the shell provides one. */
  keyStore: KeyStore | null;
  /** Run `fn` with the database closed and no session of this process held, then open it again. */
  withDatabaseClosed<T>(fn: () => Promise<T>): Promise<T>;
  readOnly(): boolean;
}

/** Linux without a keyring: Chromium's `basic_text` backend stores the secret with a fixed key, which protects nothing. */
export const WEAK_KEY_STORE_BACKENDS = new Set(['basic_text', 'unknown', 'unavailable']);

/** 設定 → セキュリティ over the core: status, encrypt, change the passphrase, change the data key. */
export class SecurityService {
  private readonly host: SecurityHost;
  private readonly log: Logger;
  private backend: string | null = null;

  /** A recovery key made at this start (a new folder encrypted by default) that the user has not confirmed yet. In memory only. */
  private pending: string | null;

  constructor(host: SecurityHost, log: Logger, pendingRecoveryKey: string | null = null) {
    this.host = host;
    this.log = log;
    this.pending = pendingRecoveryKey;
  }

  /** The recovery key still to be shown (once): until 「印刷・保存しました」 confirms it. */
  pendingRecoveryKey(): { recoveryKey: string | null } {
    return { recoveryKey: this.pending };
  }

  confirmRecoveryKey(): { recoveryKey: null } {
    this.pending = null;
    return { recoveryKey: null };
  }

  /** A new recovery key (the old one stops working), shown once. */
  async renewRecoveryKey(current: string | undefined): Promise<{ recoveryKey: string }> {
    this.refuseReadOnly();
    const recoveryKey = await renewRecoveryKey(this.host.dataDir, await this.secrets(current));
    this.pending = null;
    return { recoveryKey };
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

/**
 * The desktop's default: a data folder with no database yet (a first start) is encrypted before
 * anything is written, its key wrapped by the OS key store. Returns the recovery key to show once;
 * null when the folder already holds data or a key file, or the key store protects nothing.
 */
export async function encryptNewFolder(dataDir: string, keyStore: KeyStore, log: Logger): Promise<string | null> {
  if (readKeyFile(dataDir)) return null;
  const file = path.join(dataDir, DB_FILE_NAME);
  if ((fs.existsSync(file) && fs.statSync(file).size > 0) || fs.existsSync(`${file}-wal`) || databaseExisted(dataDir)) return null;
  let backend: string;
  try {
    backend = await keyStore.backend();
  } catch {
    return null;
  }
  if (WEAK_KEY_STORE_BACKENDS.has(backend)) return null;
  const r = await enableEncryption(dataDir, { keyStore, log });
  log.info('a new data folder was encrypted with the OS key store');
  return r.recoveryKey;
}
