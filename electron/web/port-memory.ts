import fs from 'node:fs';
import path from 'node:path';

/**
 * Browser mode keeps one port per data folder (browser-port.json in the folder): run again, the
 * host listens where it did, so a bookmark and an open tab still reach it (the tab then learns the
 * host was restarted and asks for the new secret). A port taken by something else falls back to a
 * free one, which is remembered instead.
 */
const FILE = 'browser-port.json';

export function rememberedPort(dataDir: string): number | null {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as { port?: unknown };
    return typeof v.port === 'number' && Number.isInteger(v.port) && v.port >= 1024 && v.port <= 65535 ? v.port : null;
  } catch {
    return null;
  }
}

export function rememberPort(dataDir: string, port: number): void {
  try {
    const file = path.join(dataDir, FILE);
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ port }) + '\n');
    fs.renameSync(tmp, file);
  } catch {
    /* a read-only folder: the next launch picks a free port again */
  }
}
