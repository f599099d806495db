import fs from 'node:fs';
import os from 'node:os';
import type { DB } from './types.ts';

/**
 * What can change under a running core without it writing anything itself:
 * - another connection committed (the CLI, a second window): `PRAGMA data_version` changes, and
 *   every in-memory cache (the case filter index, catalogues) must be built again;
 * - the database file was replaced (renamed over, moved aside by another process's recovery):
 *   its identity (device and inode) changes, and the connection itself must be opened again;
 * - the -wal was deleted or replaced (a sync or clean-up tool): SQLite keeps writing into the
 *   open, unlinked file, and everything committed since the last checkpoint is lost at the next
 *   crash. Nothing may be acknowledged until the frames are copied into the database file.
 * All three are cheap to look at (two stat calls and a pragma), so the core looks before every call.
 */

export interface FileId {
  dev: number;
  ino: number;
}

export function fileId(file: string): FileId | null {
  try {
    const st = fs.statSync(file);
    return { dev: st.dev, ino: st.ino };
  } catch {
    return null;
  }
}

function same(a: FileId | null, b: FileId | null): boolean {
  return a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;
}

export type Change = 'none' | 'data' | 'replaced' | 'wal_lost';

export class DatabaseWatch {
  private readonly db: DB;
  private readonly file: string;
  private dbId: FileId | null;
  private walId: FileId | null;
  private dataVersion: number;

  constructor(db: DB, file: string) {
    this.db = db;
    this.file = file;
    this.dbId = fileId(file);
    this.walId = fileId(`${file}-wal`);
    this.dataVersion = this.readDataVersion();
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** Whether a -wal was there when the watch began (a writable connection in WAL mode). */
  get watchesWal(): boolean {
    return this.walId !== null;
  }

  /** What changed since the last look. `data` is also reported (and then forgotten) after the others. */
  look(): Change {
    if (!same(this.dbId, fileId(this.file))) return 'replaced';
    if (this.walId !== null && !same(this.walId, fileId(`${this.file}-wal`))) return 'wal_lost';
    const v = this.readDataVersion();
    if (v !== this.dataVersion) {
      this.dataVersion = v;
      return 'data';
    }
    return 'none';
  }

  /** Only the -wal, for the look right after a write. */
  walLost(): boolean {
    return this.walId !== null && !same(this.walId, fileId(`${this.file}-wal`));
  }

  /** Take the current state as the new baseline (after the core itself changed the connection). */
  reset(): void {
    this.dbId = fileId(this.file);
    this.walId = fileId(`${this.file}-wal`);
    this.dataVersion = this.readDataVersion();
  }
}

/**
 * Copy every frame of the WAL the connection has open (even when its file was deleted) into the
 * database file: `wal_checkpoint(TRUNCATE)`, which also syncs the database file. True when every
 * frame was copied, i.e. everything committed so far is in the database file itself.
 */
export function checkpointAll(db: DB): boolean {
  try {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return r !== undefined && r.busy === 0 && r.log === r.checkpointed;
  } catch {
    return false;
  }
}

/**
 * Read the WAL index (-shm) of a database that nobody has open, to see whether it says that
 * frames exist which the database file does not have yet, while the -wal that held them is gone
 * or too short: the changes committed after the last checkpoint were lost (the -wal was deleted
 * under a running app that then crashed or was killed). Returns the number of frames lost, 0 when
 * nothing was lost, null when the -shm is absent or not a valid WAL index (nothing to tell).
 *
 * The WAL index header (SQLite's wal.c) is written twice, in the machine's byte order: version
 * 3007000 at 0, isInit at 12, page size at 14, mxFrame (valid frames) at 16; the checkpoint info
 * follows at 96 with nBackfill (frames already copied into the database) first.
 */
export function lostWalFrames(file: string): number | null {
  const before = readShmHeader(file);
  if (before === null) return null;
  let walSize = 0;
  try {
    walSize = fs.statSync(`${file}-wal`).size;
  } catch {
    walSize = 0;
  }
  // Another process may be closing the database right now: its last checkpoint copies the frames
  // in (nBackfill rises) and deletes the -wal. A -shm that changed while we looked is no verdict.
  const after = readShmHeader(file);
  if (after === null || !after.equals(before)) return null;
  const le = os.endianness() === 'LE';
  const u32 = (o: number) => (le ? before.readUInt32LE(o) : before.readUInt32BE(o));
  const u16 = (o: number) => (le ? before.readUInt16LE(o) : before.readUInt16BE(o));
  const raw = u16(14);
  const pageSize = raw === 1 ? 65536 : raw;
  const mxFrame = u32(16);
  const nBackfill = u32(96);
  if (mxFrame <= nBackfill) return 0;
  // A WAL file: a 32-byte header, then frames of a 24-byte header and one page each.
  const needed = 32 + mxFrame * (24 + pageSize);
  return walSize >= needed ? 0 : mxFrame - nBackfill;
}

/** The WAL index header and checkpoint info (136 bytes) of a valid, settled -shm, else null. */
function readShmHeader(file: string): Buffer | null {
  const buf = Buffer.alloc(136);
  try {
    const fd = fs.openSync(`${file}-shm`, 'r');
    try {
      if (fs.readSync(fd, buf, 0, 136, 0) < 136) return null;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
  const le = os.endianness() === 'LE';
  if ((le ? buf.readUInt32LE(0) : buf.readUInt32BE(0)) !== 3007000 || buf[12] !== 1) return null;
  if (!buf.subarray(0, 48).equals(buf.subarray(48, 96))) return null; // caught mid-write: no verdict
  return buf;
}
