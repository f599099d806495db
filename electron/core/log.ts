/**
 * The core's log. It records what happened (method names, error codes, counts),
 * never the data itself: contact details and notes must not reach log output.
 *
 * Callers only pass fixed texts, but an error's message may quote the data that
 * caused it (JSON.parse quotes its input, a parser quotes the bad field), so every
 * line is scrubbed before anything is written: from the first quotation mark on, the
 * rest of the line is dropped (quotes nest and get truncated, so matching them is
 * not safe), and e-mail addresses and phone-number-like digit runs are replaced. test/integration/privacy-log.test.ts
 * drives every face with marked contact details and notes and reads the logs.
 */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
}

const QUOTED = /["'`「『“‘][^\n]*/g;
const EMAIL = /[^\s@"'<>()]+@[^\s@"'<>()]+/g;
const PHONE = /\+?\d[\d\s()-]{7,}\d/g;
const MAX_LINE = 500;

/** Remove what could be user data from a log line (quoted text, e-mail, phone numbers). */
export function scrubLogText(text: string): string {
  const s = text.replace(QUOTED, '"…"').replace(EMAIL, '<email>').replace(PHONE, '<number>');
  return s.length > MAX_LINE ? `${s.slice(0, MAX_LINE)}…` : s;
}

export function stderrLogger(prefix = 'banso', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const line = (level: string, msg: string) => write(`[${prefix}] ${level} ${scrubLogText(msg)}\n`);
  return {
    info: (m) => line('info', m),
    warn: (m) => line('warn', m),
    error: (m, err) => line('error', err instanceof Error ? `${m}: ${err.name}: ${err.message}` : m),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
