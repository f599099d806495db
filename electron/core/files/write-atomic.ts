import { randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';

/**
 * Write a file the user asked for (a DOCX, a CSV) so that it is either complete or not there:
 * the bytes go to a temporary file in the same folder, are flushed to disk, then renamed over
 * the target in one step. A missing folder, a full disk or a refused write leaves the target
 * as it was (absent or the previous file) and no temporary file behind, and is reported in
 * Japanese with the path.
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array): Promise<void> {
  if (typeof target !== 'string' || target === '' || !path.isAbsolute(target)) {
    throw new AppError('invalid_input', `保存先は絶対パスで指定してください: ${String(target)}`);
  }
  const dir = path.dirname(target);

  const folder = await fs.stat(dir).catch((err: unknown) => {
    if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR') {
      throw new AppError('not_found', `保存先のフォルダーが見つかりません: ${dir}（フォルダーを作ってから、もう一度保存してください）`);
    }
    throw failure(err, target);
  });
  if (!folder.isDirectory()) throw new AppError('not_found', `保存先のフォルダーが見つかりません: ${dir}（同じ名前のファイルがあります）`);

  const existing = await fs.stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new AppError('conflict', `同じ名前のフォルダーがあるため保存できません: ${target}`);

  // A short name of its own: the target's name may already be as long as the file system allows.
  const tmp = path.join(dir, `.banso-save-${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | null = null;
  try {
    handle = await fs.open(tmp, 'wx');
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = null;
    if (existing) await fs.chmod(tmp, existing.mode & 0o777).catch(() => {});
    await fs.rename(tmp, target);
  } catch (err) {
    await handle?.close().catch(() => {});
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw failure(err, target);
  }
  // Make the rename itself durable where the platform allows syncing a folder (not Windows).
  if (process.platform !== 'win32') {
    const d = await fs.open(dir, 'r').catch(() => null);
    await d?.sync().catch(() => {});
    await d?.close().catch(() => {});
  }
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function failure(err: unknown, target: string): AppError {
  if (err instanceof AppError) return err;
  switch (codeOf(err)) {
    case 'EACCES':
    case 'EPERM':
      return new AppError('internal', `保存先に書き込めません（権限がないか、ファイルが他のアプリで開かれています）: ${target}`);
    case 'EBUSY':
      return new AppError('internal', `ファイルが他のアプリで開かれているため保存できません。閉じてから、もう一度保存してください: ${target}`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('internal', `ディスクの空き容量が足りないため保存できませんでした: ${target}`);
    case 'EROFS':
      return new AppError('internal', `保存先は読み取り専用です: ${target}`);
    case 'ENAMETOOLONG':
      return new AppError('invalid_input', `ファイル名または保存先のパスが長すぎます: ${target}`);
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError('not_found', `保存先のフォルダーが見つかりません: ${path.dirname(target)}`);
    default:
      return new AppError('internal', `ファイルを保存できませんでした（${codeOf(err) ?? 'error'}）: ${target}`);
  }
}

/**
 * The core's own small files (notices.json, backups/.last-start.json, backups/.facts.json): the
 * same write-flush-rename, synchronous, with a temporary name unique to this call, so processes
 * starting at the same moment never write into or rename away each other's temporary file.
 * Throws the file system's error; the temporary file is removed on failure.
 */
export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  const tmp = path.join(path.dirname(target), `.banso-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = fsSync.openSync(tmp, 'wx');
    fsSync.writeFileSync(fd, data);
    fsSync.fsyncSync(fd);
    fsSync.closeSync(fd);
    fd = undefined;
    fsSync.renameSync(tmp, target);
  } catch (err) {
    if (fd !== undefined) fsSync.closeSync(fd);
    fsSync.rmSync(tmp, { force: true });
    throw err;
  }
}
