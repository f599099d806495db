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

  /** Size and mtime of notices.json when last read: another process (the CLI) may have written it since. */
  private seen = '';

  constructor(dataDir: string, log: Logger) {
    this.file = path.join(dataDir, NOTICES_FILE_NAME);
    this.log = log;
    this.refresh();
  }

  /** Read notices.json again when another process changed it (a recovery or a restore the CLI did). */
  private refresh(): void {
    let stamp = '';
    try {
      const st = fs.statSync(this.file);
      stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
    } catch {
      stamp = 'none';
    }
    if (stamp === this.seen) return;
    this.seen = stamp;
    if (stamp === 'none') {
      this.persisted = [];
      return;
    }
    try {
      const parsed = z.object({ items: z.array(NoticeSchema) }).safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      if (parsed.success) this.persisted = parsed.data.items;
      else this.log.warn('notices.json is not readable; ignored');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn('notices.json is not readable; ignored');
    }
  }

  list(): Notice[] {
    this.refresh();
    return [...this.persisted, ...this.session].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }

  /** Add a notice; `persist` keeps it across restarts until dismissed. A session notice of the same kind is replaced. */
  add(n: Omit<Notice, 'id' | 'at'> & { at?: string }, opts: { persist: boolean }): Notice {
    const notice: Notice = { id: randomUUID(), at: n.at ?? new Date().toISOString(), kind: n.kind, level: n.level, title: n.title, message: n.message, paths: n.paths };
    this.added.push(notice);
    if (opts.persist) {
      this.refresh(); // never write over what another process added meanwhile
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
    this.refresh();
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
      const st = fs.statSync(this.file);
      this.seen = `${st.size}:${st.mtimeMs}:${st.ino}`;
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

type NoticeInput = Omit<Notice, 'id' | 'at'>;

/** Opened read-only: the folder cannot be written, or the disk is full (`free`: e.g. "0 KB"). */
export function readOnlyNotice(dataDir: string, reason: 'requested' | 'folder' | 'disk_full', free: string): NoticeInput {
  if (reason === 'disk_full') {
    return {
      kind: 'read_only',
      level: 'error',
      title: 'ディスクがいっぱいのため、閲覧専用で開いています',
      message:
        `データフォルダーのあるディスクの空き容量がありません（残り ${free}）。データを守るため、閲覧専用で開いています。` +
        '記録の閲覧や検索はできますが、変更やバックアップは保存できません。不要なファイルを削除するなどして空き容量を増やしてから、Bansō を起動し直してください: ' +
        dataDir,
      paths: [dataDir],
    };
  }
  return {
    kind: 'read_only',
    level: 'warning',
    title: '閲覧専用で開いています',
    message: `データフォルダーに書き込めないため、閲覧専用で開いています。変更やバックアップは保存できません。フォルダーの書き込み権限や空き容量を確認してから、Bansō を起動し直してください: ${dataDir}`,
    paths: [dataDir],
  };
}

/** The -wal vanished under the running core; `saved`: every frame was copied into the database file. */
export function walVanishedNotice(walPath: string, saved: boolean, emergencyBackup: string | null): NoticeInput {
  if (saved) {
    return {
      kind: 'wal_lost',
      level: 'warning',
      title: 'データベースの一時ファイルが外部で削除されました（データは保存済みです）',
      message:
        `Bansō の使用中に、データベースの一時ファイル（${walPath}）がほかのプログラムによって削除されました。` +
        'それまでに保存した内容はすべてデータベース本体に書き込み、データベースを開き直しました。失われたデータはありません。' +
        '同期ソフトやクリーンアップツールがデータフォルダーのファイルを消していないか確認してください。',
      paths: [walPath],
    };
  }
  return {
    kind: 'wal_lost',
    level: 'error',
    title: 'データベースの一時ファイルが外部で削除され、保存を続けられません',
    message:
      `Bansō の使用中に、データベースの一時ファイル（${walPath}）がほかのプログラムによって削除され、保存した内容をデータベース本体に書き込めませんでした。` +
      '安全のため、これ以降の変更は受け付けていません（閲覧はできます）。' +
      (emergencyBackup ? `いまの内容はバックアップ ${emergencyBackup} に保存しました。` : '') +
      'Bansō を終了せずに、同期ソフトやクリーンアップツールを止めてから、Bansō を起動し直してください。',
    paths: emergencyBackup ? [walPath, emergencyBackup] : [walPath],
  };
}

/** At open: the -shm said committed frames existed, but the -wal holding them was gone. */
export function walLostAtOpenNotice(walPath: string, frames: number, newest: { name: string; path: string; createdAt: string } | null): NoticeInput {
  return {
    kind: 'wal_lost',
    level: 'error',
    title: '前回の終了時に、保存した内容の一部が失われた可能性があります',
    message:
      `データベースの一時ファイル（${walPath}）が、Bansō の外で削除された状態で前回終了していました。` +
      `データベース本体にまだ書き込まれていなかった変更（${frames.toLocaleString('ja-JP')} ページ分）は失われた可能性があります。` +
      (newest
        ? `最新のバックアップ（${localTime(newest.createdAt)}、${newest.name}）にその変更が含まれている場合があります。設定 → バックアップで検査し、必要なら復元してください（復元の前にいまの状態もバックアップされます）。`
        : '使えるバックアップはありません。') +
      '同期ソフトやクリーンアップツールがデータフォルダーのファイルを消していないか確認してください。',
    paths: newest ? [walPath, newest.path] : [walPath],
  };
}

/** Another program changed the database under the running core, which read it again. */
export function reloadedNotice(dbPath: string, replaced: boolean): NoticeInput {
  return {
    kind: 'reloaded',
    level: 'info',
    title: 'ほかのプログラムによる変更を読み込みました',
    message:
      (replaced
        ? `データベースのファイル（${dbPath}）がほかのプログラムによって置き換えられたため、開き直しました。`
        : `ほかのプログラム（CLI や別のウィンドウなど）がデータベース（${dbPath}）を変更したため、最新の内容を読み込み直しました。`) +
      '表示中の一覧や件数が古い場合は、画面を切り替えると新しい内容になります。',
    paths: [dbPath],
  };
}

/** The database file was deleted under the running core, which wrote it back from its open connection. */
export function dbVanishedNotice(dbPath: string): NoticeInput {
  return {
    kind: 'recovery',
    level: 'warning',
    title: 'データベースのファイルが外部で削除されたため、書き戻しました',
    message:
      `Bansō の使用中に、データベースのファイル（${dbPath}）がほかのプログラムによって削除されました。` +
      '開いていた内容からファイルを書き戻したため、データは失われていません。同期ソフトやクリーンアップツールがデータフォルダーのファイルを消していないか確認してください。',
    paths: [dbPath],
  };
}
