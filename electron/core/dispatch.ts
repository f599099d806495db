import { z } from 'zod';
import type { MethodName, MethodOutput, MethodParsedInput } from '../../shared/contract/index.ts';
import { contract, isMethodName } from '../../shared/contract/index.ts';
import type { AppErrorValue, Result } from '../../shared/errors.ts';
import { excerpt } from '../../shared/excerpt.ts';
import { AppError } from '../../shared/errors.ts';
import { zodToAppError } from '../../shared/zod-ja.ts';
import { storageErrorValue } from './db/errors.ts';
import type { Logger } from './log.ts';

/** A handler per contract method. A missing or extra key is a compile error where the map is declared. */
export type Handlers<Ctx> = {
  [M in MethodName]: (input: MethodParsedInput<M>, ctx: Ctx) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export type Invoke = (method: string, input: unknown) => Promise<Result<unknown>>;

/** The structured value for anything thrown: AppError as is, anything else as 'internal' without details. */
export function toErrorValue(err: unknown, log?: Logger, method?: string): AppErrorValue {
  if (err instanceof AppError) return err.toValue();
  if (err instanceof z.ZodError) return zodToAppError(err).toValue();
  // A full disk, a read-only folder, an I/O error: say so (the transaction has changed nothing).
  const storage = storageErrorValue(err);
  if (storage) {
    log?.warn(`${method ?? 'core'}: storage error ${storage.code}`);
    return storage;
  }
  log?.error(`unexpected error in ${method ?? 'core'}`, err);
  return { code: 'internal', message: '内部エラーが発生しました。操作は保存されていない可能性があります。' };
}

/**
 * Validates input against the method's schema, runs the handler, validates the
 * output, and always answers with a Result: never throws, never leaks a stack.
 */
export function createDispatcher<Ctx>(handlers: Handlers<Ctx>, ctx: Ctx, log?: Logger): Invoke {
  return async (method, input) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `不明な操作です: ${excerpt(method, 60)}` } };
    }
    const def = contract[method];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: zodToAppError(parsed.error).toValue() };
    try {
      const handler = handlers[method] as (i: unknown, c: Ctx) => unknown;
      const value = await handler(parsed.data, ctx);
      const out = def.output.safeParse(value);
      if (!out.success) {
        log?.error(`output of ${method} failed its schema: ${out.error.issues.map((i) => i.path.join('.')).join(', ')}`);
        return { ok: false, error: { code: 'internal', message: '内部エラーが発生しました（応答の形式が不正です）。' } };
      }
      return { ok: true, value: out.data };
    } catch (err) {
      return { ok: false, error: toErrorValue(err, log, method) };
    }
  };
}
