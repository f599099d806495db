import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSecretFile } from '../../electron/core/crypto/secrets.ts';
import { tempDir } from '../helpers/tmp.ts';

/** The one reader behind --passphrase-file, --new-passphrase-file, --bundle-passphrase-file and --password-file. */
describe('readSecretFile', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));
  function file(text: string): string {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const f = path.join(dir, 'secret.txt');
    fs.writeFileSync(f, text);
    return f;
  }
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };

  it('drops one trailing newline (LF or CRLF) and keeps spaces inside', () => {
    expect(readSecretFile(file('秘密 の 言葉\n'))).toBe('秘密 の 言葉');
    expect(readSecretFile(file('pw-42\r\n'))).toBe('pw-42');
    expect(readSecretFile(file(' lead space'))).toBe(' lead space');
  });

  it('refuses an empty file and one with several lines, naming the option', () => {
    expect(message(() => readSecretFile(file(''), '--password-file'))).toMatch(/--password-file のファイルが空です/);
    expect(message(() => readSecretFile(file('\n')))).toMatch(/--passphrase-file のファイルが空です/);
    expect(message(() => readSecretFile(file('one\ntwo\n'), '--password-file'))).toMatch(/1行だけにしてください（2行あります）/);
  });

  it('says which file it could not read', () => {
    expect(message(() => readSecretFile('/nonexistent/secret.txt'))).toMatch(/読めません（ENOENT）: \/nonexistent\/secret.txt/);
  });
});
