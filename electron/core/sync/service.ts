import { AppError } from '../../../shared/errors.ts';
import type { SyncConflict, SyncStatus } from '../../../shared/contract/sync.ts';
import type { DB } from '../db/types.ts';
import type { Logger } from '../log.ts';
import { offlineMessage, SyncEngine, type Hub, type LocalData, type SyncResult } from './engine.ts';
import { connectHub, pullChanges, pushChanges, shareEngagement, unshareEngagement, type HubConfig, type SslMode } from './hub.ts';

/**
 * Where the hub password lives. The desktop shell passes one over Electron safeStorage (the OS key
 * store, like the data key); the CLI and browser mode have none and take the password from
 * BANSO_HUB_PASSWORD or a file for the process's lifetime. It is never written to the settings.
 */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
}

const SECRET = 'hub-password';

export function pgHub(cfg: HubConfig): () => Promise<Hub> {
  return async () => {
    const client = await connectHub(cfg);
    return {
      push: (c) => pushChanges(client, c),
      pull: (since, limit) => pullChanges(client, since, limit),
      share: (id) => shareEngagement(client, id),
      unshare: (id) => unshareEngagement(client, id),
      close: () => client.end(),
    };
  };
}


export class SyncService {
  readonly engine: SyncEngine;
  private memoryPassword: string | null;
  private readonly secrets: SecretStore | undefined;
  private readonly local: LocalData;
  private readonly log: Logger;
  private readonly connectWith: (cfg: HubConfig) => () => Promise<Hub>;
  private running: Promise<SyncResult> | null = null;

  constructor(db: DB, local: LocalData, o: { secrets?: SecretStore; password?: string | null; log: Logger; connect?: (cfg: HubConfig) => () => Promise<Hub> }) {
    this.engine = new SyncEngine(db, local);
    this.local = local;
    this.secrets = o.secrets;
    this.memoryPassword = o.password ?? null;
    this.log = o.log;
    this.connectWith = o.connect ?? pgHub;
  }

  /** A password for this process only (the CLI's --password-file). */
  usePassword(pw: string): void {
    this.memoryPassword = pw;
  }

  private async password(): Promise<string | null> {
    return this.memoryPassword ?? (await this.secrets?.get(SECRET)) ?? null;
  }

  async status(): Promise<SyncStatus> {
    const s = this.engine.status();
    return { ...s, hasPassword: (await this.password()) !== null };
  }

  async configure(c: { url: string; role: string; sslmode?: SslMode | undefined; caFile?: string | undefined; password?: string | undefined }): Promise<SyncStatus> {
    this.engine.configure({ url: c.url, role: c.role, ...(c.sslmode ? { sslmode: c.sslmode } : {}), ...(c.caFile ? { caFile: c.caFile } : {}) });
    if (c.password !== undefined) {
      if (this.secrets) await this.secrets.set(SECRET, c.password);
      else this.memoryPassword = c.password;
    }
    return this.status();
  }

  private async hub(): Promise<() => Promise<Hub>> {
    const cfg = this.engine.config();
    if (!cfg) throw new AppError('invalid_input', 'チーム同期のハブがまだ設定されていません（設定 → チーム同期、または sync configure）。');
    const password = await this.password();
    if (password === null) {
      throw new AppError('invalid_input', 'ハブのパスワードがありません。設定 → チーム同期 で入力するか、環境変数 BANSO_HUB_PASSWORD か --password-file で渡してください。');
    }
    return this.connectWith({ url: cfg.url, role: cfg.role, password, ...(cfg.sslmode ? { sslmode: cfg.sslmode as SslMode } : {}), ...(cfg.caFile ? { caFile: cfg.caFile } : {}) });
  }

  async test(): Promise<{ ok: boolean; message: string }> {
    try {
      const hub = await (await this.hub())();
      await hub.pull(Number.MAX_SAFE_INTEGER, 1);
      await hub.close();
      return { ok: true, message: '接続できました。' };
    } catch (err) {
      if (err instanceof AppError) throw err;
      return { ok: false, message: offlineMessage(err as Error) };
    }
  }

  /** Push then pull; one run at a time. Offline is normal: the error is recorded, nothing local changes. */
  async now(): Promise<SyncResult> {
    if (this.running) return this.running;
    const connect = await this.hub();
    this.running = this.engine.syncNow(connect).catch((err: Error) => {
      this.log.warn(`sync failed: ${err.message}`);
      throw new AppError('offline', offlineMessage(err));
    });
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  async share(engagementId: string): Promise<SyncStatus> {
    if (!this.local.read('engagement', engagementId)) throw new AppError('not_found', `案件が見つかりません（id: ${engagementId.slice(0, 60)}）。`);
    const hub = await (await this.hub())().catch((err: Error) => {
      throw new AppError('offline', offlineMessage(err));
    });
    try {
      await this.engine.share(hub, engagementId);
    } finally {
      await hub.close();
    }
    return this.status();
  }

  async unshare(engagementId: string): Promise<{ status: SyncStatus; message: string }> {
    const hub = await (await this.hub())().catch((err: Error) => {
      throw new AppError('offline', offlineMessage(err));
    });
    let remaining: number;
    try {
      remaining = (await this.engine.unshare(hub, engagementId)).remainingAdvisors;
    } finally {
      await hub.close();
    }
    const message =
      remaining > 0
        ? `共有をやめました。これからの変更は送受信しません。これまでに送った内容は、ほかの担当者 ${remaining} 人のためにハブに残ります。`
        : '共有をやめました。これからの変更は送受信しません。これまでに送った内容はハブに残り、チームの班長が読めます（消すにはハブの管理者に依頼してください）。';
    return { status: await this.status(), message };
  }

  conflicts(): SyncConflict[] {
    return this.engine.conflicts().map((c) => {
      const rec = this.local.read(c.entity, c.entityId);
      const label = String(rec?.title ?? rec?.name ?? rec?.topic ?? c.entityId);
      return { id: c.id, entity: c.entity, entityId: c.entityId, label, remoteAuthor: c.remoteAuthor, remoteFields: c.remoteFields, localFields: c.localFields, detectedAt: c.detectedAt };
    });
  }

  resolve(id: number, choice: 'local' | 'remote'): SyncConflict[] {
    try {
      this.engine.resolve(id, choice);
    } catch (err) {
      throw new AppError('not_found', (err as Error).message);
    }
    return this.conflicts();
  }
}
