import type { BackupInfo } from '../../../shared/contract/backup.ts';

/**
 * Which backups to keep. Pure: the service deletes the rest (never files that are not backups).
 *
 * - the newest KEEP_NEWEST backups, whatever their kind;
 * - the newest backup of each of the last KEEP_DAYS days (today and the 6 days before, local time);
 * - manual backups are never deleted automatically: the user made them on purpose and
 *   removes them from the backups folder themselves;
 * - pre-migration backups: the newest one for each schema version is kept for good (the only way
 *   back to data from before an update; there are only as many as there are migrations),
 *   others follow the general rule;
 * - pre-restore backups: the newest KEEP_PRE_RESTORE are kept (each holds a state the user
 *   replaced on purpose and may want back), others follow the general rule.
 */
export const KEEP_NEWEST = 10;
export const KEEP_DAYS = 7;
export const KEEP_PRE_RESTORE = 5;

function localDay(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

export function backupsToKeep(items: readonly BackupInfo[], now: Date): Set<string> {
  const sorted = [...items].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const keep = new Set<string>();
  for (const b of sorted.slice(0, KEEP_NEWEST)) keep.add(b.name);

  const days = new Set<string>();
  for (let i = 0; i < KEEP_DAYS; i++) {
    const d = new Date(now);
    d.setDate(d.getDate() - i);
    days.add(localDay(d));
  }
  const seenDays = new Set<string>();
  for (const b of sorted) {
    const day = localDay(new Date(b.createdAt));
    if (days.has(day) && !seenDays.has(day)) {
      seenDays.add(day);
      keep.add(b.name);
    }
  }

  const seenVersions = new Set<number>();
  let preRestore = 0;
  for (const b of sorted) {
    if (b.kind === 'manual') keep.add(b.name);
    if (b.kind === 'pre-migration' && !seenVersions.has(b.schemaVersion)) {
      seenVersions.add(b.schemaVersion);
      keep.add(b.name);
    }
    if (b.kind === 'pre-restore' && preRestore < KEEP_PRE_RESTORE) {
      preRestore++;
      keep.add(b.name);
    }
  }
  return keep;
}

/**
 * The high-water guard, on top of the rule above and independent of the start-up check:
 * retention never deletes the newest backup that holds data the current database lacks, unless
 * a newer backup that also holds such data has passed integrity_check. "Holds data the current
 * database lacks": more of the user's records (rows of the record tables, history included), or
 * a change the current database does not have (its newest history entry is missing here; history
 * is append-only, so every state reached from the backup by working still holds it).
 *
 * Walking from the newest backup to the oldest, every backup ahead of the current database is
 * kept, up to and including the first of them that verifies. So when the database lost data in
 * any way the checks did not catch (emptied and recreated, replaced by an older or a new file,
 * a -wal that vanished), the last good copy of the lost data survives any number of new backups
 * of the smaller state, and a damaged copy never stands in for it. When the current data has
 * caught up (it holds that change again and at least as many records), the rule above applies.
 *
 * `items` newest first (as listBackups gives them); `ahead` null for a backup that cannot be read
 * (it holds nothing that could be restored); `verified` runs integrity_check, called only for the
 * few backups the walk reaches.
 */
export function highWaterBackups(items: readonly BackupInfo[], ahead: (b: BackupInfo) => boolean | null, verified: (b: BackupInfo) => boolean): string[] {
  const keep: string[] = [];
  for (const b of items) {
    if (ahead(b) !== true) continue;
    keep.push(b.name);
    if (verified(b)) break;
  }
  return keep;
}

/**
 * The last known good backup: the newest backup written before the live database last passed its
 * integrity check (backup/check.ts). The database was sound then, so this copy was made from a
 * sound database; it is kept whatever the rule above says, so that damage that happens later and
 * is found only by the next check can never have rotated every good copy out. Null when no check
 * is on record or no backup is older than it.
 */
export function lastKnownGood(items: readonly BackupInfo[], lastOkAt: Date | null): string | null {
  if (lastOkAt === null) return null;
  let best: BackupInfo | null = null;
  for (const b of items) {
    const t = Date.parse(b.createdAt);
    if (t <= lastOkAt.getTime() && (best === null || t > Date.parse(best.createdAt))) best = b;
  }
  return best?.name ?? null;
}
