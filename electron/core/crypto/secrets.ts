import fs from 'node:fs';
import { AppError } from '../../../shared/errors.ts';

/** Environment variables for the secrets of an encrypted data folder (CLI and browser mode; never command-line arguments). */
export const PASSPHRASE_ENV = 'BANSO_PASSPHRASE';
export const NEW_PASSPHRASE_ENV = 'BANSO_NEW_PASSPHRASE';

/**
 * A secret (passphrase, recovery key, hub password) from a file: the one reader of every
 * `--…-file` option. One trailing newline is not part of it; an empty secret, or one that spans
 * several lines (which the user did not mean as one secret), is refused with what to fix.
 */
export function readSecretFile(file: string, what = '--passphrase-file'): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('invalid_input', `${what} のファイルを読めません（${(err as NodeJS.ErrnoException).code ?? 'error'}）: ${file}`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret.length === 0) throw new AppError('invalid_input', `${what} のファイルが空です: ${file}`);
  if (/[\r\n]/.test(secret)) throw new AppError('invalid_input', `${what} のファイルは1行だけにしてください（${secret.split(/\r?\n/).length}行あります）: ${file}`);
  return secret;
}
