import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { scrubLogText, stderrLogger } from '../../electron/core/log.ts';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { request } from '../helpers/http.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * Contact details and notes never reach log output: the core and the browser-mode
 * host log through one logger that we capture here, while we send marked contact
 * details and notes through valid calls, invalid calls and a broken request body.
 */
const MARK = 'ヒミツ連絡先XQ7';
const EMAIL = 'taro.secret@example.jp';
const PHONE = '090-1234-5678';

let core: Core;
let host: WebHost;
let cleanup: () => void;
const lines: string[] = [];

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const log = stderrLogger('test', (l) => lines.push(l));
  core = await createCore({ dataDir: path.join(t.dir, 'data'), log });
  host = await startWebHost({ invoke: core.invoke, staticDir: path.join(t.dir, 'static'), log });
});
afterAll(async () => {
  await host.close();
  core.close();
  cleanup();
});

async function call(method: string, input: unknown, body?: string) {
  const res = await request(host.port, {
    method: 'POST',
    path: '/api/invoke',
    headers: { 'content-type': 'application/json', 'x-banso-secret': host.secret },
    body: body ?? JSON.stringify({ method, input }),
  });
  return JSON.parse(res.body) as { ok: boolean; value?: { id: string }; error?: { code: string } };
}

describe('privacy of log output', () => {
  it('never writes contact details or notes, through valid and invalid calls', async () => {
    const contact = { name: `${MARK}氏`, role: '課長', email: EMAIL, phone: PHONE };
    const created = await call('clients.create', {
      name: '伴走町', kind: 'municipality', prefecture: '徳島県', notes: `${MARK} のメモ`, contacts: [contact],
    });
    expect(created.ok).toBe(true);
    // Invalid inputs that carry the data back in many shapes.
    expect((await call('clients.create', { name: MARK, kind: 'x', prefecture: MARK, contacts: [{ ...contact, email: `${MARK}@@` }] })).ok).toBe(false);
    expect((await call('clients.update', { id: created.value!.id, expectedVersion: 999, patch: { notes: MARK } })).ok).toBe(false);
    expect((await call(MARK, { notes: MARK })).ok).toBe(false);
    await call('', null, `{"method":"clients.create","input":{"notes":"${MARK} ${EMAIL}"`); // broken JSON
    // An internal error whose message quotes the data (as JSON.parse does) goes through the same logger.
    try {
      JSON.parse(`{"notes": "${MARK} ${PHONE}" oops}`);
    } catch (err) {
      stderrLogger('test', (l) => lines.push(l)).error('import failed', err);
    }

    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(0); // the logger really was listening
    expect(all).toContain('import failed');
    for (const secret of [MARK, EMAIL, PHONE, 'taro.secret']) expect(all).not.toContain(secret);
  });

  it('scrubs quoted text, e-mail addresses and phone numbers but keeps the message', () => {
    expect(scrubLogText(`Unexpected token 'o', "{"notes": "${MARK}" oops}" is not valid JSON`)).not.toContain(MARK);
    expect(scrubLogText(`mail ${EMAIL} tel ${PHONE}`)).toBe('mail <email> tel <number>');
    expect(scrubLogText('migration v4 (plans) failed: disk I/O error')).toBe('migration v4 (plans) failed: disk I/O error');
    expect(scrubLogText(`取り込めません: 「${MARK}」`)).toBe('取り込めません: "…"');
  });
});
