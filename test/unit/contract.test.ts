import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, METHOD_NAMES } from '../../shared/contract/index.ts';
import { AppErrorSchema } from '../../shared/errors.ts';
import { handlers } from '../../electron/core/handlers/index.ts';
import { createDispatcher } from '../../electron/core/dispatch.ts';

describe('the API contract', () => {
  it('binds exactly one handler to every method, and no handler without a method', () => {
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES) expect(typeof handlers[name]).toBe('function');
  });

  it('gives every method a zod input and output schema and a Japanese summary', () => {
    for (const [name, def] of Object.entries(contract)) {
      expect(def.input, name).toBeInstanceOf(z.ZodType);
      expect(def.output, name).toBeInstanceOf(z.ZodType);
      expect(def.summary, name).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});

describe('the dispatcher', () => {
  const fakeCtx = {} as never;

  it('answers an unknown method with a structured error', async () => {
    const invoke = createDispatcher(handlers, fakeCtx);
    const r = await invoke('no.such.method', {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(AppErrorSchema.parse(r.error).code).toBe('unknown_method');
      expect(r.error.message).toMatch(/不明な操作/);
    }
  });

  it('rejects input that fails the schema with a Japanese message and the field path', async () => {
    const invoke = createDispatcher(handlers, fakeCtx);
    const r = await invoke('app.ping', { message: 42 });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', path: ['message'] } });
    if (!r.ok) expect(r.error.message).toMatch(/形式が正しくありません/);
  });

  it('turns an unexpected exception into code "internal" without a stack trace', async () => {
    const broken = { ...handlers, 'app.ping': () => { throw new Error('secret detail at /home/x/file.ts:12'); } };
    const invoke = createDispatcher(broken, fakeCtx);
    const r = await invoke('app.ping', { message: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('internal');
      expect(JSON.stringify(r.error)).not.toMatch(/secret detail|file\.ts|at /);
    }
  });

  it('refuses a handler result that does not match the output schema', async () => {
    const broken = { ...handlers, 'app.ping': () => ({ message: 1 }) as never };
    const invoke = createDispatcher(broken, fakeCtx);
    const r = await invoke('app.ping', { message: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
