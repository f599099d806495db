import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { scrubLogText, stderrLogger } from '../../electron/core/log.ts';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { request } from '../helpers/http.ts';
import { captureLog, damageHistory } from '../helpers/log-capture.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * Contact details and notes never reach log output: the core and the browser-mode host log
 * through one real logger (stderrLogger) that we capture here, while we send marked contact
 * details and notes through valid calls, invalid calls, a broken request body, and a damaged
 * record whose error message quotes the stored text (a real code path that hands data to the
 * logger). The capture must see the lines the core itself writes, and what reached the logger
 * before scrubbing must hold the data, or the test proves nothing.
 */
const MARK = 'ヒミツ連絡先XQ7';
const EMAIL = 'taro.secret@example.jp';
const PHONE = '090-1234-5678';

let core: Core;
let host: WebHost;
let cleanup: () => void;
const { log, lines, errors } = captureLog('test');

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
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
  it('never writes contact details or notes, through valid and invalid calls and a damaged record', async () => {
    // The capture hears the core: it logged loading the seed cases at start.
    expect(lines).toContain('[test] info seed cases: 77 added, 0 updated\n');
    const contact = { name: `${MARK}氏`, role: '課長', email: EMAIL, phone: PHONE };
    const created = await call('clients.create', {
      name: '伴走町', kind: 'municipality', prefecture: '徳島県', notes: `${MARK} のメモ`, contacts: [contact],
    });
    expect(created.ok).toBe(true);
    const id = created.value!.id;
    const quiet = lines.length;
    // Invalid inputs that carry the data back in many shapes.
    expect((await call('clients.create', { name: MARK, kind: 'x', prefecture: MARK, contacts: [{ ...contact, email: `${MARK}@@` }] })).ok).toBe(false);
    expect((await call('clients.update', { id, expectedVersion: 999, patch: { notes: MARK } })).ok).toBe(false);
    expect((await call(MARK, { notes: MARK })).ok).toBe(false);
    await call('', null, `{"method":"clients.create","input":{"notes":"${MARK} ${EMAIL}"`); // broken JSON
    // Refused input is answered, not logged: not a line, so not a line with data.
    expect(lines.slice(quiet)).toEqual([]);

    // A damaged history value of the client's notes: the core fails to read it, and the error it
    // logs quotes the stored text.
    damageHistory(core.ctx.db, 'client', id, 'notes', `${MARK} のメモ ${EMAIL} ${PHONE}`);
    const broken = await call('history.list', { entity: 'client', id });
    expect(broken).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(errors.some((e) => e.includes(MARK)), `errors handed to the logger: ${errors.join(' | ')}`).toBe(true);
    expect(lines.slice(quiet)).toEqual([expect.stringMatching(/^\[test\] error unexpected error in history\.list: SyntaxError: Unexpected token "…"\n$/)]);

    const all = lines.join('');
    for (const secret of [MARK, EMAIL, PHONE, 'taro.secret']) expect(all).not.toContain(secret);
  });

  it('scrubs quoted text, e-mail addresses and phone numbers but keeps the message', () => {
    // An error whose message quotes the data (as JSON.parse does), through the logger's own formatting.
    const own: string[] = [];
    try {
      JSON.parse(`{"notes": "${MARK} ${PHONE}" oops}`);
    } catch (err) {
      stderrLogger('test', (l) => own.push(l)).error('import failed', err);
    }
    expect(own).toEqual([expect.stringMatching(/^\[test\] error import failed: SyntaxError: /)]);
    expect(own.join('')).not.toMatch(new RegExp(`${MARK}|${PHONE}`));
    expect(scrubLogText(`Unexpected token 'o', "{"notes": "${MARK}" oops}" is not valid JSON`)).not.toContain(MARK);
    expect(scrubLogText(`mail ${EMAIL} tel ${PHONE}`)).toBe('mail <email> tel <number>');
    expect(scrubLogText('migration v4 (plans) failed: disk I/O error')).toBe('migration v4 (plans) failed: disk I/O error');
    expect(scrubLogText(`取り込めません: 「${MARK}」`)).toBe('取り込めません: "…"');
  });
});
