/**
 * The core's log. It records what happened (method names, error codes, counts),
 * never the data itself: contact details and notes must not reach log output.
 */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
}

export function stderrLogger(prefix = 'banso'): Logger {
  const write = (level: string, msg: string) => process.stderr.write(`[${prefix}] ${level} ${msg}\n`);
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m, err) => write('error', err instanceof Error ? `${m}: ${err.name}: ${err.message}` : m),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
