import type { DB } from '../../electron/core/db/types.ts';
import { stderrLogger, type Logger } from '../../electron/core/log.ts';

/**
 * The real logger (stderrLogger: every line scrubbed) writing into an array, plus what callers
 * handed it before scrubbing: `messages` (their own texts) and `errors` (the messages of the errors
 * they passed along), so a test can prove both that data reached the logger and that none of it
 * reached the output.
 */
export function captureLog(prefix = 'test'): { log: Logger; lines: string[]; messages: string[]; errors: string[] } {
  const lines: string[] = [];
  const messages: string[] = [];
  const errors: string[] = [];
  const out = stderrLogger(prefix, (l) => lines.push(l));
  const log: Logger = {
    info: (m) => {
      messages.push(m);
      out.info(m);
    },
    warn: (m) => {
      messages.push(m);
      out.warn(m);
    },
    error: (m, err) => {
      messages.push(m);
      if (err !== undefined) errors.push(err instanceof Error ? err.message : String(err));
      out.error(m, err);
    },
  };
  return { log, lines, messages, errors };
}

/**
 * A history row of a record whose stored value is damaged (not JSON), as a bad sector or a
 * hand-edited file would leave it. Reading the record's history then fails inside the core, and
 * JSON.parse's error message quotes the start of the stored text: a real code path that hands user
 * data to the logger.
 */
export function damageHistory(db: DB, entity: string, entityId: string, field: string, storedText: string): void {
  db.prepare('INSERT INTO history (at, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, NULL, ?)').run(new Date().toISOString(), entity, entityId, field, storedText);
}
