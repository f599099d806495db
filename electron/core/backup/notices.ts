import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Notice } from '../../../shared/contract/notices.ts';
import { NoticeSchema } from '../../../shared/contract/notices.ts';
import { writeFileAtomicSync } from '../files/write-atomic.ts';
import type { Logger } from '../log.ts';
import type { RecoveryReport } from './recover.ts';

export const NOTICES_FILE_NAME = 'notices.json';

/**
 * What the user must be told, until they dismiss it. Notices about the data (a recovery, a
 * restore) are kept in notices.json in the data folder, so the desktop app shows a recovery that
 * the CLI performed; notices about this session (read-only, a failed automatic backup) live in
 * memory only. The file is written through a temporary file and a rename.
 */
export class NoticeStore {
  private readonly file: string;
  private readonly log: Logger;
  private persisted: Notice[] = [];
  private session: Notice[] = [];
  /** Notices added by this process (the CLI prints them). */
  private added: Notice[] = [];

  constructor(dataDir: string, log: Logger) {
    this.file = path.join(dataDir, NOTICES_FILE_NAME);
    this.log = log;
    try {
      const parsed = z.object({ items: z.array(NoticeSchema) }).safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      if (parsed.success) this.persisted = parsed.data.items;
      else log.warn('notices.json is not readable; ignored');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('notices.json is not readable; ignored');
    }
  }

  list(): Notice[] {
    return [...this.persisted, ...this.session].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }

  /** Add a notice; `persist` keeps it across restarts until dismissed. A session notice of the same kind is replaced. */
  add(n: Omit<Notice, 'id' | 'at'> & { at?: string }, opts: { persist: boolean }): Notice {
    const notice: Notice = { id: randomUUID(), at: n.at ?? new Date().toISOString(), kind: n.kind, level: n.level, title: n.title, message: n.message, paths: n.paths };
    this.added.push(notice);
    if (opts.persist) {
      this.persisted.push(notice);
      this.save();
    } else {
      this.session = this.session.filter((s) => s.kind !== n.kind);
      this.session.push(notice);
    }
    return notice;
  }

  /** Notices this process added (e.g. a recovery the CLI performed at start). */
  addedHere(): Notice[] {
    return [...this.added];
  }

  /** Remove the session notice of a kind (e.g. a backup that failed and then worked). */
  clearSession(kind: Notice['kind']): void {
    this.session = this.session.filter((s) => s.kind !== kind);
  }

  dismiss(id: string): boolean {
    const before = this.persisted.length + this.session.length;
    this.session = this.session.filter((s) => s.id !== id);
    const p = this.persisted.filter((s) => s.id !== id);
    if (p.length !== this.persisted.length) {
      this.persisted = p;
      this.save();
    }
    return this.persisted.length + this.session.length !== before;
  }

  private save(): void {
    try {
      writeFileAtomicSync(this.file, JSON.stringify({ items: this.persisted }, null, 2));
    } catch (err) {
      this.log.warn(`notices could not be saved (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
}

function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The notice for a start-up recovery: what was wrong, where the damaged file is, what was restored. */
export function recoveryNotice(r: RecoveryReport): Omit<Notice, 'id'> {
  const damaged = r.movedTo[0] ?? '';
  const rejected = r.rejected.length > 0 ? `（検査に通らなかったバックアップ ${r.rejected.length} 件は使っていません）` : '';
  if (r.restoredFrom) {
    return {
      kind: 'recovery',
      level: 'warning',
      at: r.at,
      title: 'データベースをバックアップから復元しました',
      message:
        `起動時の点検でデータベースの破損が見つかりました（${r.reason}）。` +
        `破損したファイルは削除せず、別名で保存しました: ${damaged}。` +
        `${localTime(r.restoredFrom.createdAt)} のバックアップ（${r.restoredFrom.name}）から復元しました${rejected}。` +
        'このバックアップより後に入力した内容は含まれていません。必要なら最近の記録を確認してください。',
      paths: [...r.movedTo, r.restoredFrom.path],
    };
  }
  return {
    kind: 'recovery',
    level: 'error',
    at: r.at,
    title: 'データベースが破損していたため、新しいデータベースで開始しました',
    message:
      `起動時の点検でデータベースの破損が見つかりました（${r.reason}）。` +
      `使える正常なバックアップがなかったため${rejected}、新しい空のデータベースで開始しています。` +
      `破損したファイルは削除せず、別名で保存しました: ${damaged}。専門の修復ツールで一部を取り出せる場合があります。`,
    paths: r.movedTo,
  };
}
