import fs from 'node:fs';
import { AppError } from '../../../shared/errors.ts';

/** Environment variables for the secrets of an encrypted data folder (CLI and browser mode; never command-line arguments). */
export const PASSPHRASE_ENV = 'BANSO_PASSPHRASE';
export const NEW_PASSPHRASE_ENV = 'BANSO_NEW_PASSPHRASE';

/** A passphrase (or recovery key) from a file; one trailing newline is not part of it. */
export function readSecretFile(file: string, what = '--passphrase-file'): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('invalid_input', `${what} のファイルを読めません（${(err as NodeJS.ErrnoException).code ?? 'error'}）: ${file}`);
  }
  return text.replace(/\r?\n$/, '');
}
