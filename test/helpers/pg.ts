import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real PostgreSQL server for a test: its own cluster in a temporary folder, on a free loopback port,
 * started here and stopped by `stop()`. Needs the server binaries (Debian: the `postgresql` package, which
 * .ci/run installs). initdb refuses to run as root, so as root the cluster belongs to the `postgres` system
 * user. Without the binaries the test fails with this explanation; it is never skipped.
 */
export interface TestPostgres {
  host: string;
  port: number;
  /** The superuser the cluster was made with, and its password (scram-sha-256 over TCP). */
  admin: { user: string; password: string };
  url(user: string, password: string, database?: string): string;
  stop(): Promise<void>;
}

export function findPgBin(): string {
  const fromEnv = process.env.BANSO_PG_BIN;
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'initdb'))) return fromEnv;
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'This test needs a real PostgreSQL server: no initdb was found under /usr/lib/postgresql/*/bin ' +
        '(install the Debian package postgresql, as .ci/run does, or set BANSO_PG_BIN to the folder of initdb).',
    );
  }
  return path.join(base, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited (${child.exitCode}) before accepting connections:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections on ${port} within ${timeoutMs} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPgBin();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-pg-'));
  const data = path.join(root, 'data');
  const pwfile = path.join(root, 'pw');
  const admin = { user: 'hub_admin', password: `admin-${Math.random().toString(36).slice(2)}` };
  fs.writeFileSync(pwfile, admin.password + '\n');
  let ids: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    if (!Number.isInteger(uid) || uid <= 0) throw new Error('Running as root, PostgreSQL needs the postgres system user (Debian package postgresql).');
    ids = { uid, gid };
    fs.chmodSync(root, 0o755);
    fs.chownSync(root, uid, gid);
    fs.chownSync(pwfile, uid, gid);
  }
  const init = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', admin.user, `--pwfile=${pwfile}`, '--auth-local=scram-sha-256', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
    { encoding: 'utf8', cwd: root, ...ids },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);
  fs.rmSync(pwfile);
  const port = await freePort();
  let out = '';
  const child = spawn(
    path.join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${root}`, '-c', 'fsync=off', '-c', 'full_page_writes=off'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...ids },
  );
  child.stdout?.on('data', (d) => { out += String(d); });
  child.stderr?.on('data', (d) => { out += String(d); });
  await waitForPort(port, child, () => out);
  return {
    host: '127.0.0.1',
    port,
    admin,
    url: (user, password, database = 'postgres') =>
      `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT'); // fast shutdown
        await exited;
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
