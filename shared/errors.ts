import { z } from 'zod';

/**
 * Every error that crosses a boundary (IPC, HTTP, CLI) is one of these values:
 * a machine-readable code, a Japanese message for people, and the path of the
 * offending field when there is one. Never a stack trace.
 */
export const ErrorCodeSchema = z.enum([
  'invalid_input', // the input failed its schema or a domain rule (CLI exit 2)
  'unknown_method', // no such method in the contract
  'not_found', // the record does not exist
  'conflict', // the change collides with existing data
  'db_from_future', // the database was written by a newer Bansō
  'db_unavailable', // the database could not be opened
  'db_damaged', // SQLite reports the file as damaged (checked and repaired at the next start)
  'storage_full', // the disk (or the database's size limit) is full: nothing was written
  'storage_readonly', // the data folder cannot be written: reading still works
  'storage_io', // the disk failed to read or write
  'forbidden', // the request was refused (secret, origin, sender)
  'locked', // the data folder is encrypted and no passphrase, recovery key or key store opened it (CLI exit 2)
  'offline', // the team hub could not be reached or refused the connection: nothing local changed
  'internal', // anything unexpected; details stay in the core's log
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorPathSchema = z.array(z.union([z.string(), z.number()]));

export const AppErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  path: ErrorPathSchema.optional(),
  /** Further problems, e.g. one per invalid field. */
  issues: z.array(z.object({ path: ErrorPathSchema, message: z.string() })).optional(),
});
export type AppErrorValue = z.infer<typeof AppErrorSchema>;

/** Thrown inside the core; turned into an AppErrorValue at every boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly path: (string | number)[] | undefined;
  readonly issues: { path: (string | number)[]; message: string }[] | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    opts: { path?: (string | number)[]; issues?: { path: (string | number)[]; message: string }[] } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.path = opts.path;
    this.issues = opts.issues;
  }
  toValue(): AppErrorValue {
    const v: AppErrorValue = { code: this.code, message: this.message };
    if (this.path) v.path = this.path;
    if (this.issues) v.issues = this.issues;
    return v;
  }
}

export function isAppErrorValue(x: unknown): x is AppErrorValue {
  return AppErrorSchema.safeParse(x).success;
}

/** The envelope every transport carries. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorValue };

/** Format a field path as people read it: phases[1].sections[0].title */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out;
}
