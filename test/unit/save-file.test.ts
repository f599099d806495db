import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../electron/core/files/write-atomic.ts';
import { AppError } from '../../shared/errors.ts';
import { MAX_SAVE_FILE_BASE64, SaveFileRequestSchema, saveDialogFilters } from '../../shared/save-file.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function folder(): string {
  const t = tempDir('banso-save-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('writeFileAtomic (real files)', () => {
  it('writes the bytes under the name, and nothing else is left in the folder', async () => {
    const dir = folder();
    const target = path.join(dir, '伴走町　計画書.docx');
    const bytes = new Uint8Array([0x50, 0x4b, 3, 4, 0, 255, 10, 13]);
    await writeFileAtomic(target, bytes);
    expect(new Uint8Array(fs.readFileSync(target))).toEqual(bytes);
    expect(fs.readdirSync(dir)).toEqual(['伴走町　計画書.docx']);
  });

  it('replaces an existing file completely (a shorter file leaves no tail of the old one)', async () => {
    const dir = folder();
    const target = path.join(dir, 'a.csv');
    fs.writeFileSync(target, 'x'.repeat(10_000));
    await writeFileAtomic(target, new TextEncoder().encode('新しい内容'));
    expect(fs.readFileSync(target, 'utf8')).toBe('新しい内容');
    expect(fs.readdirSync(dir)).toEqual(['a.csv']);
  });

  it('writes a large file intact', async () => {
    const dir = folder();
    const target = path.join(dir, 'big.bin');
    const bytes = new Uint8Array(5 * 1024 * 1024 + 7).map((_, i) => (i * 31) & 0xff);
    await writeFileAtomic(target, bytes);
    expect(Buffer.compare(fs.readFileSync(target), Buffer.from(bytes))).toBe(0);
  });

  it('a missing folder is a clear Japanese error, and nothing is written anywhere', async () => {
    const dir = folder();
    const missing = path.join(dir, 'ない', 'フォルダー');
    const target = path.join(missing, '報告書.docx');
    const err = await writeFileAtomic(target, new Uint8Array([1, 2, 3])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('not_found');
    expect((err as AppError).message).toContain('保存先のフォルダーが見つかりません');
    expect((err as AppError).message).toContain(missing);
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a file where the folder should be is reported, not overwritten', async () => {
    const dir = folder();
    fs.writeFileSync(path.join(dir, 'plain'), 'keep');
    const err = await writeFileAtomic(path.join(dir, 'plain', 'x.docx'), new Uint8Array([1])).catch((e: unknown) => e);
    expect((err as AppError).message).toContain('保存先のフォルダーが見つかりません');
    expect(fs.readFileSync(path.join(dir, 'plain'), 'utf8')).toBe('keep');
  });

  it('a folder with the target name is refused and kept', async () => {
    const dir = folder();
    fs.mkdirSync(path.join(dir, 'same.docx'));
    const err = await writeFileAtomic(path.join(dir, 'same.docx'), new Uint8Array([1])).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('conflict');
    expect((err as AppError).message).toContain('同じ名前のフォルダーがある');
    expect(fs.statSync(path.join(dir, 'same.docx')).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['same.docx']);
  });

  // Real permissions: chmod the folder. Root ignores them, so as root the write runs in a child
  // process as the user "nobody" (CI runs as root).
  it.skipIf(process.platform === 'win32')('a read-only folder: Japanese error, the old file intact, no temporary file', async () => {
    const dir = folder();
    const target = path.join(dir, 'old.docx');
    fs.writeFileSync(target, 'old');
    fs.chmodSync(dir, 0o555);
    cleanups.unshift(() => fs.chmodSync(dir, 0o755));
    let message: string;
    if (process.getuid?.() === 0) {
      const module = pathToFileURL(path.resolve(import.meta.dirname, '../../electron/core/files/write-atomic.ts')).href;
      const script = `import { writeFileAtomic } from ${JSON.stringify(module)};
        try { await writeFileAtomic(${JSON.stringify(target)}, new Uint8Array([1, 2])); console.log('written'); }
        catch (e) { console.log(e.message); }`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', uid: 65534, gid: 65534 });
      expect(r.status, r.stderr).toBe(0);
      message = r.stdout;
    } else {
      const err = await writeFileAtomic(target, new Uint8Array([1, 2])).catch((e: unknown) => e);
      message = (err as AppError).message;
    }
    expect(message).toContain('保存先に書き込めません');
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['old.docx']);
  });

  it('a failure after the bytes were written (the rename) removes the temporary file', async () => {
    const dir = folder();
    // 100 kana are 300 bytes: the temporary file can be written, the final name cannot.
    const target = path.join(dir, `${'あ'.repeat(100)}.docx`);
    const err = await writeFileAtomic(target, new Uint8Array(1024).fill(7)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain('長すぎます');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a relative path', async () => {
    const err = await writeFileAtomic('relative.docx', new Uint8Array([1])).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('invalid_input');
  });
});

describe('SaveFileRequestSchema (what the main process accepts from the renderer)', () => {
  const ok = { fileName: '伴走町_計画書.docx', mimeType: 'application/octet-stream', contentBase64: 'UEsDBA==' };

  it('accepts a plain base name and base64', () => {
    expect(SaveFileRequestSchema.safeParse(ok).success).toBe(true);
    expect(SaveFileRequestSchema.safeParse({ fileName: 'banso-log-FY2025-plan-a.csv', contentBase64: '' }).success).toBe(true);
  });

  it('refuses paths, traversal, forbidden characters and odd names with Japanese messages', () => {
    for (const fileName of ['../x.docx', '/etc/passwd', 'a/b.docx', 'a\\b.docx', 'C:x.docx', 'C:\\Users\\x.docx', '..', '.', 'x\u0000.docx', 'a?.csv', ' lead.docx', 'dot.', '', 'x'.repeat(121)]) {
      const r = SaveFileRequestSchema.safeParse({ ...ok, fileName });
      expect(r.success, JSON.stringify(fileName)).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
  });

  it('refuses a path field, non-base64 and too much content', () => {
    expect(SaveFileRequestSchema.safeParse({ ...ok, path: '/tmp/x.docx' }).success).toBe(false);
    expect(SaveFileRequestSchema.safeParse({ ...ok, contentBase64: 'not base64!' }).success).toBe(false);
    expect(SaveFileRequestSchema.safeParse({ ...ok, contentBase64: 'abc' }).success).toBe(false);
    expect(SaveFileRequestSchema.safeParse({ ...ok, contentBase64: 42 }).success).toBe(false);
    const big = SaveFileRequestSchema.safeParse({ ...ok, contentBase64: 'A'.repeat(MAX_SAVE_FILE_BASE64 + 4) });
    expect(big.success).toBe(false);
    expect(big.error?.issues[0]?.message).toContain('大きすぎます');
  });

  it('gives the save dialog a filter for the extension, then all files', () => {
    expect(saveDialogFilters('a.docx')).toEqual([
      { name: 'Word 文書', extensions: ['docx'] },
      { name: 'すべてのファイル', extensions: ['*'] },
    ]);
    expect(saveDialogFilters('a.CSV')[0]).toEqual({ name: 'CSV（Excel で開けます）', extensions: ['csv'] });
    expect(saveDialogFilters('noext')).toEqual([{ name: 'すべてのファイル', extensions: ['*'] }]);
  });
});
