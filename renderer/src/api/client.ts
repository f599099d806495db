import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/index.ts';
import { isAppErrorValue, type AppErrorValue, type ErrorCode, type Result } from '../../../shared/errors.ts';
import { HTTP_INVOKE_PATH } from '../../../shared/version.ts';
import { noteAnswer, noteNoAnswer } from './host.ts';

type ErrorPath = (string | number)[];
type ErrorIssue = { path: ErrorPath; message: string };

/** An error answered by the core (or a transport failure), with a Japanese message. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly path: ErrorPath | undefined;
  readonly issues: ErrorIssue[] | undefined;

  constructor(value: AppErrorValue) {
    super(value.message);
    this.name = 'ApiError';
    this.code = value.code;
    this.path = value.path;
    this.issues = value.issues;
  }
}

export const CONNECT_FAILED_MESSAGE = 'アプリ本体に接続できません。';
const FORBIDDEN_MESSAGE =
  'この操作は許可されませんでした。ブラウザーモードでは、起動時に表示されたアドレスから開き直してください。';

/** Which face this window is: the Electron window or a browser tab (browser mode). */
export function face(): 'desktop' | 'web' {
  return typeof window !== 'undefined' && window.banso ? 'desktop' : 'web';
}

/**
 * Call one method of the contract. Resolves with its output, or throws an ApiError. A `signal`
 * (the query cache passes one) cancels the call: browser mode aborts the HTTP request; the desktop
 * bridge cannot take an IPC call back, so its answer is dropped. A cancelled call rejects with the
 * signal's reason (an AbortError), never with an ApiError.
 *
 * Only the query layer (api/query.ts) calls this: components read through useContract and write
 * through write() / useWrite, so every write invalidates what it changes.
 */
export async function send<M extends MethodName>(method: M, input: MethodInput<M>, opts: { signal?: AbortSignal } = {}): Promise<MethodOutput<M>> {
  const { signal } = opts;
  signal?.throwIfAborted();
  const call = window.banso ? viaBridge(method, input) : viaHttp(method, input, signal);
  const result = signal ? await abortable(call, signal) : await call;
  if (result.ok) return result.value as MethodOutput<M>;
  throw new ApiError(result.error);
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new DOMException('中止しました。', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

async function viaBridge(method: string, input: unknown): Promise<Result<unknown>> {
  const bridge = window.banso;
  if (!bridge) return failure('internal', CONNECT_FAILED_MESSAGE);
  let answer: unknown;
  try {
    answer = await bridge.invoke(method, input);
  } catch {
    return failure('internal', CONNECT_FAILED_MESSAGE);
  }
  return asResult(answer) ?? failure('internal', '応答の形式が正しくありません。');
}

async function viaHttp(method: string, input: unknown, signal?: AbortSignal): Promise<Result<unknown>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(HTTP_INVOKE_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ method, input }),
      ...(signal ? { signal } : {}),
    });
    text = await response.text();
  } catch (e) {
    // Cancelled on purpose: not a connection failure.
    if (signal?.aborted) throw e instanceof Error ? e : new DOMException('中止しました。', 'AbortError');
    noteNoAnswer();
    return failure('internal', CONNECT_FAILED_MESSAGE);
  }
  noteAnswer(response);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const result = asResult(body);
  if (result) return result;

  if (response.status === 403) return failure('forbidden', FORBIDDEN_MESSAGE);
  if (response.status === 404) return failure('internal', `${CONNECT_FAILED_MESSAGE}（HTTP 404）`);
  return failure('internal', `応答を読み取れませんでした（HTTP ${String(response.status)}）。`);
}

/** Accept only a well-formed Result envelope. */
function asResult(x: unknown): Result<unknown> | null {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return null;
  if (x.ok === true && 'value' in x) return { ok: true, value: x.value };
  if (x.ok === false && 'error' in x) {
    if (isAppErrorValue(x.error)) return { ok: false, error: x.error };
    const message =
      typeof x.error === 'object' && x.error !== null && 'message' in x.error && typeof x.error.message === 'string'
        ? x.error.message
        : '不明なエラーが発生しました。';
    return failure('internal', message);
  }
  return null;
}

function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** True for an answer that never came (no connection), as opposed to an answer of the core. */
export function isConnectionError(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'internal' && e.message.startsWith(CONNECT_FAILED_MESSAGE);
}

/** A Japanese message for anything caught from send() or elsewhere. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return '不明なエラーが発生しました。';
}
