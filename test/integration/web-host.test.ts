import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { resolveStatic, startWebHost, type WebHost } from '../../electron/web/server.ts';
import { request } from '../helpers/http.ts';
import { tempDir } from '../helpers/tmp.ts';

let core: Core;
let host: WebHost;
let cleanup: () => void;
let staticDir: string;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  staticDir = path.join(t.dir, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Bansō</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(t.dir, 'outside.txt'), 'SECRET-OUTSIDE');
  core = await createCore({ dataDir: path.join(t.dir, 'data') });
  host = await startWebHost({ invoke: core.invoke, staticDir });
});
afterAll(async () => {
  await host.close();
  core.close();
  cleanup();
});

const json = { 'content-type': 'application/json' };
const invokeBody = (method: string, input: unknown) => JSON.stringify({ method, input });

describe('browser-mode host', () => {
  it('listens on the loopback address only', () => {
    const addr = host.server.address();
    expect(addr).toMatchObject({ address: '127.0.0.1' });
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?secret=[\w-]{20,}$/);
  });

  it('refuses a request without the secret or with a wrong one', async () => {
    expect((await request(host.port, { path: '/' })).status).toBe(403);
    expect((await request(host.port, { path: '/?secret=wrong' })).status).toBe(403);
    expect((await request(host.port, { path: '/assets/app.js' })).status).toBe(403);
    const r = await request(host.port, { method: 'POST', path: '/api/invoke', headers: json, body: invokeBody('app.info', {}) });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('trades the secret in the URL for an HttpOnly cookie and then serves the app with a CSP', async () => {
    const first = await request(host.port, { path: `/?secret=${host.secret}` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await request(host.port, { path: '/', headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Bansō</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('round-trips a contract call with the secret', async () => {
    const r = await request(host.port, {
      method: 'POST',
      path: '/api/invoke',
      headers: { ...json, 'x-banso-secret': host.secret },
      body: invokeBody('app.ping', { message: 'こんにちは' }),
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { message: 'こんにちは' } });
  });

  it('refuses a Host other than 127.0.0.1/localhost:PORT (DNS rebinding) and changes nothing', async () => {
    for (const h of ['evil.example:80', `evil.example:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`]) {
      const r = await request(host.port, {
        method: 'POST',
        path: '/api/invoke',
        headers: { ...json, host: h, 'x-banso-secret': host.secret },
        body: invokeBody('settings.update', { advisorName: 'attacker' }),
      });
      expect(r.status, h).toBe(403);
    }
    const ok = await request(host.port, { path: `/?secret=${host.secret}`, headers: { host: `localhost:${host.port}` } });
    expect(ok.status).toBe(303);
    expect((await core.call('settings.get', {})).advisorName).toBe('');
  });

  it('refuses a foreign Origin and changes nothing', async () => {
    const r = await request(host.port, {
      method: 'POST',
      path: '/api/invoke',
      headers: { ...json, origin: 'https://evil.example', 'x-banso-secret': host.secret },
      body: invokeBody('settings.update', { advisorName: 'attacker' }),
    });
    expect(r.status).toBe(403);
    const same = await request(host.port, {
      method: 'POST',
      path: '/api/invoke',
      headers: { ...json, origin: `http://127.0.0.1:${host.port}`, 'x-banso-secret': host.secret },
      body: invokeBody('settings.get', {}),
    });
    expect(same.status).toBe(200);
    expect((await core.call('settings.get', {})).advisorName).toBe('');
  });

  it('answers bad input with a structured error, not a stack trace', async () => {
    const h = { ...json, 'x-banso-secret': host.secret };
    const bad = await request(host.port, { method: 'POST', path: '/api/invoke', headers: h, body: invokeBody('settings.update', { dateStyle: 'x' }) });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', path: ['dateStyle'] } });
    const notJson = await request(host.port, { method: 'POST', path: '/api/invoke', headers: h, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toMatch(/JSON/);
    const form = await request(host.port, { method: 'POST', path: '/api/invoke', headers: { 'content-type': 'text/plain', 'x-banso-secret': host.secret }, body: '{}' });
    expect(form.status).toBe(415);
    const unknown = await request(host.port, { method: 'POST', path: '/api/invoke', headers: h, body: invokeBody('drop.everything', {}) });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('never serves a file outside the renderer folder', async () => {
    const h = { 'x-banso-secret': host.secret };
    for (const p of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/..\\outside.txt', '/assets/%00app.js']) {
      const r = await request(host.port, { path: p, headers: h });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('SECRET-OUTSIDE');
    }
    expect(resolveStatic(staticDir, '/assets/app.js')).toBe(path.join(staticDir, 'assets', 'app.js'));
    expect(resolveStatic(staticDir, '/../outside.txt')).toBeNull();
  });
});
