import { timingSafeEqual, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import type { Result } from '../../shared/errors.ts';
import { HTTP_INVOKE_PATH, HTTP_SECRET_HEADER } from '../../shared/version.ts';
import type { Invoke } from '../core/dispatch.ts';
import { silentLogger, type Logger } from '../core/log.ts';

/** Content Security Policy for every page the host serves (same as the desktop window's). */
export const WEB_CSP = CONTENT_SECURITY_POLICY;

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface WebHostOptions {
  invoke: Invoke;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Per-launch secret; random when omitted. */
  secret?: string;
  log?: Logger;
}

export interface WebHost {
  url: string;
  port: number;
  secret: string;
  server: http.Server;
  close(): Promise<void>;
}

function statusFor(result: Result<unknown>): number {
  if (result.ok) return 200;
  switch (result.error.code) {
    case 'invalid_input':
      return 400;
    case 'unknown_method':
    case 'not_found':
      return 404;
    case 'forbidden':
      return 403;
    case 'conflict':
      return 409;
    default:
      return 500;
  }
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

const baseHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...baseHeaders, 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  const body: Result<never> = { ok: false, error: { code: 'forbidden', message } };
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

/** Resolve a URL path inside staticDir, or null for anything that escapes it. */
export function resolveStatic(staticDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p.length > 0);
  if (parts.some((p) => p === '..' || p === '.')) return null;
  const root = path.resolve(staticDir);
  const full = path.resolve(root, ...parts);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

/**
 * The browser-mode host: the built renderer and the contract over HTTP, on
 * 127.0.0.1 only. Every request must carry the per-launch secret (query on the
 * first visit, then an HttpOnly cookie, or a header), a Host of
 * 127.0.0.1:PORT / localhost:PORT, and no foreign Origin; otherwise 403.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const secret = opts.secret ?? randomBytes(24).toString('base64url');
  const log = opts.log ?? silentLogger;
  const server = http.createServer();
  let port = 0;

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    void handle(req, res).catch((err: unknown) => {
      log.error('web host request failed', err);
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: { code: 'internal', message: '内部エラーが発生しました。' } }), 'application/json; charset=utf-8');
      else res.destroy();
    });
  });

  const cookieName = () => `banso_${port}`;
  const allowedHosts = () => new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host.toLowerCase())) return refuse(res, 403, 'このホスト名からのアクセスは許可されていません。');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, '他のサイトからのアクセスは許可されていません。');
    if (req.headers['sec-fetch-site'] === 'cross-site') return refuse(res, 403, '他のサイトからのアクセスは許可されていません。');

    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const fromQuery = url.searchParams.get('secret');
    const fromHeader = req.headers[HTTP_SECRET_HEADER];
    const fromCookie = parseCookies(req.headers.cookie).get(cookieName());
    const presented = fromQuery ?? (typeof fromHeader === 'string' ? fromHeader : undefined) ?? fromCookie;
    if (!presented || !safeEqual(presented, secret)) {
      return refuse(res, 403, 'アクセスが拒否されました。起動時に表示された URL（secret 付き）から開いてください。');
    }

    if (fromQuery !== null && req.method === 'GET') {
      // First visit: keep the secret in an HttpOnly cookie and drop it from the address bar.
      url.searchParams.delete('secret');
      res.writeHead(303, {
        ...baseHeaders,
        location: url.pathname + (url.search || '') + url.hash,
        'set-cookie': `${cookieName()}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }

    if (url.pathname === HTTP_INVOKE_PATH) {
      if (req.method !== 'POST') return send(res, 405, '', 'text/plain', { allow: 'POST' });
      const ctype = req.headers['content-type'] ?? '';
      if (!ctype.toLowerCase().startsWith('application/json')) {
        return send(res, 415, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'JSON で送信してください。' } }), 'application/json; charset=utf-8');
      }
      const raw = await readBody(req);
      if (raw === null) {
        return send(res, 413, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: '送信データが大きすぎます。' } }), 'application/json; charset=utf-8');
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: '送信データが JSON として読めません。' } }), 'application/json; charset=utf-8');
      }
      const b = (body ?? {}) as { method?: unknown; input?: unknown };
      const result = await opts.invoke(typeof b.method === 'string' ? b.method : '', b.input);
      return send(res, statusFor(result), JSON.stringify(result), 'application/json; charset=utf-8');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '', 'text/plain', { allow: 'GET, HEAD' });
    const file = resolveStatic(opts.staticDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    let data: Buffer;
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      data = fs.readFileSync(file);
    } catch {
      return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    }
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const extra: Record<string, string> = { 'content-security-policy': WEB_CSP };
    if (!file.endsWith('.html')) extra['cache-control'] = 'private, max-age=3600';
    send(res, 200, req.method === 'HEAD' ? '' : data, type, extra);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${LOOPBACK}:${port}/?secret=${encodeURIComponent(secret)}`;
  return {
    url,
    port,
    secret,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
