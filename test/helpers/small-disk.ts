import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real, small file system (tmpfs) that a test can fill to 100%: SQLite and Node then meet real
 * ENOSPC / SQLITE_FULL errors, not a simulation. Mounting needs root with CAP_SYS_ADMIN, which the
 * CI (.ci/run as root on Debian) and this machine have. Without it the test fails with this
 * explanation; it is never skipped silently.
 */
export interface SmallDisk {
  /** The mount point (empty at first). */
  dir: string;
  /** Write filler files until not one more byte fits. Returns the bytes written. */
  fill(): number;
  /** Remove the filler again. */
  free(): void;
  freeBytes(): number;
  cleanup(): void;
}

export function mountSmallDisk(sizeKb: number): SmallDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-small-disk-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0755`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `This test needs a real full disk: it mounts a ${sizeKb} KB tmpfs and fills it, which needs root with CAP_SYS_ADMIN ` +
        `(as in .ci/run). mount said: ${(r.stderr || r.error?.message || '').trim()}`,
    );
  }
  const fillers: string[] = [];
  const fillerDir = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      fs.mkdirSync(fillerDir, { recursive: true });
      let written = 0;
      for (const chunk of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
        const buf = Buffer.alloc(chunk, 0x5a);
        const file = path.join(fillerDir, `fill-${chunk}`);
        fillers.push(file);
        const fd = fs.openSync(file, 'a');
        try {
          for (;;) {
            fs.writeSync(fd, buf);
            written += chunk;
          }
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        } finally {
          fs.closeSync(fd);
        }
      }
      // A new file fails too: not one byte fits.
      return written;
    },
    free() {
      fs.rmSync(fillerDir, { recursive: true, force: true });
      fillers.length = 0;
    },
    freeBytes() {
      const st = fs.statfsSync(dir);
      return st.bavail * st.bsize;
    },
    cleanup() {
      spawnSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
