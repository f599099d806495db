import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { ByteSource } from '../files/csv.ts';

/** Bytes read from an upload at a time (the parser's slice). */
const SLICE = 1 << 20;

/**
 * Files sent to cases.import in pieces (cases.importUpload), so that no face needs to hold a large
 * file whole, nor the core its base64 text: each piece is appended to a file in a private
 * temporary folder (0700), which cases.import then reads as a stream and removes. A preview keeps
 * it (the import usually follows); whatever is left goes when the core closes.
 */
export class CaseUploads {
  private dir: string | null = null;

  private folder(): string {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'banso-import-'));
    return this.dir;
  }

  private file(id: string): string {
    // The id is a UUID (the contract checks it), never a path.
    return path.join(this.folder(), `${id}.part`);
  }

  append(uploadId: string | undefined, bytes: Uint8Array): { uploadId: string; bytes: number } {
    const id = uploadId ?? randomUUID();
    const file = this.file(id);
    if (uploadId !== undefined && !fs.existsSync(file)) throw notFound();
    fs.appendFileSync(file, bytes, { mode: 0o600 });
    return { uploadId: id, bytes: fs.statSync(file).size };
  }

  /** The upload as a source read in slices (each reading opens the file again). */
  source(uploadId: string): ByteSource {
    const file = this.file(uploadId);
    if (!fs.existsSync(file)) throw notFound();
    return function* () {
      const fd = fs.openSync(file, 'r');
      try {
        for (;;) {
          const buf = Buffer.allocUnsafe(SLICE);
          const n = fs.readSync(fd, buf, 0, SLICE, null);
          if (n === 0) return;
          yield buf.subarray(0, n);
        }
      } finally {
        fs.closeSync(fd);
      }
    };
  }

  remove(uploadId: string): void {
    fs.rmSync(this.file(uploadId), { force: true });
  }

  close(): void {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

function notFound(): AppError {
  return new AppError('invalid_input', '送られたファイルが見つかりません（取り込みをもう一度始めてください）。', { path: ['uploadId'] });
}
