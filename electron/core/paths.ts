import os from 'node:os';
import path from 'node:path';

export const DATA_DIR_ENV = 'BANSO_DATA_DIR';
export const DB_FILE_NAME = 'banso.sqlite3';
export const BACKUP_DIR_NAME = 'backups';

/**
 * The same folder Electron's app.getPath('userData') gives for this app, so the
 * desktop app, browser mode and the CLI share one database by default.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  const name = 'Bansō';
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', name);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), name);
}

/** --data-dir wins over BANSO_DATA_DIR, which wins over the default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env[DATA_DIR_ENV];
  return path.resolve(chosen && chosen.length > 0 ? chosen : defaultDataDir(process.platform, env));
}
