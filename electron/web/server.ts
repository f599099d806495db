import { timingSafeEqual, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import type { Result } from '../../shared/errors.ts';
import { HTTP_ALIVE_PATH, HTTP_INVOKE_PATH, HTTP_LAUNCH_HEADER, HTTP_SECRET_HEADER } from '../../shared/version.ts';
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

function refuse(res: http.ServerResponse, status: number, message: string, req?: http.IncomingMessage): void {
  if (req && wantsPage(req)) {
    // A person opened the address in a browser: a page in Japanese with the way in, not raw JSON.
    return send(res, status, refusalPage(message), 'text/html; charset=utf-8', { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
  }
  const body: Result<never> = { ok: false, error: { code: 'forbidden', message } };
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

/** A page load (the address bar, a reload), as opposed to the app's own API calls. */
function wantsPage(req: http.IncomingMessage): boolean {
  if (req.method !== 'GET') return false;
  const url = req.url ?? '/';
  if (url.startsWith('/api/')) return false;
  return req.headers['sec-fetch-mode'] === 'navigate' || (req.headers.accept ?? '').includes('text/html');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page shown for a refused page load: what happened and how to get back in. */
export function refusalPage(message: string): string {
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>Bansō（伴走）— 開けませんでした</title>
<style>body{font-family:"Yu Gothic UI","Meiryo UI",Meiryo,"Hiragino Sans","Noto Sans CJK JP",sans-serif;max-width:40em;margin:4em auto;padding:0 1em;line-height:1.7;color:#212529}
h1{font-size:1.3em}code{background:#f1f3f5;padding:.1em .3em;border-radius:3px}li{margin:.3em 0}</style></head>
<body><h1>Bansō（伴走）のブラウザーモードを開けませんでした</h1>
<p>${escapeHtml(message)}</p>
<p>開き直すには:</p>
<ol>
<li>Bansō を起動したターミナル（<code>npm run web</code>）に表示された、<code>?secret=</code> の付いた URL をそのまま開きます。</li>
<li>ターミナルを閉じた、またはパソコンを再起動した場合は、もう一度 <code>npm run web</code> を実行し、表示された新しい URL を開きます。</li>
</ol>
<p>この確認は、同じパソコンのほかのプログラムや Web サイトからデータを守るためのものです。データは消えていません。</p>
</body></html>
`;
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
  /** This launch: sent with every answer, so an open tab sees a restarted host. */
  const launch = randomBytes(9).toString('base64url');
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
    res.setHeader(HTTP_LAUNCH_HEADER, launch);
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host.toLowerCase())) return refuse(res, 403, 'このホスト名からのアクセスは許可されていません。', req);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, '他のサイトからのアクセスは許可されていません。');
    if (req.headers['sec-fetch-site'] === 'cross-site') return refuse(res, 403, '他のサイトからのアクセスは許可されていません。');

    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const fromQuery = url.searchParams.get('secret');
    const fromHeader = req.headers[HTTP_SECRET_HEADER];
    const fromCookie = parseCookies(req.headers.cookie).get(cookieName());
    const presented = fromQuery ?? (typeof fromHeader === 'string' ? fromHeader : undefined) ?? fromCookie;
    if (!presented || !safeEqual(presented, secret)) {
      return refuse(
        res,
        403,
        presented ? 'このアドレスの合言葉（secret）は、いま動いている Bansō のものではありません（Bansō が再起動されると変わります）。' : 'このアドレスには合言葉（secret）が付いていません。',
        req,
      );
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

    if (url.pathname === HTTP_ALIVE_PATH) return send(res, 204, '', 'text/plain');

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
