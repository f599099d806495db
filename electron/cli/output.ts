import fs from 'node:fs';
import { AppError } from '../../shared/errors.ts';

/**
 * Write a file the user asked for through a temporary file and a rename, so a full disk or
 * a crash never leaves a half-written file under the real name.
 */
export function writeOutput(out: string, data: Uint8Array | string): void {
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new AppError('internal', `書き出せません: ${out}（${(err as NodeJS.ErrnoException).code ?? 'error'}）`);
  }
}
