/**
 * One writer at a time: a lock file holding the writer's pid, created atomically with link(2).
 * A lock left by a dead process (killed with SIGKILL) is taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArchiveLockedError } from '../../errors.js';

/** Whether a process with this pid exists (EPERM: it does, but belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ArchiveLock {
  private constructor(private readonly file: string) {}

  static acquire(directory: string): ArchiveLock {
    const file = path.join(directory, 'lock');
    const temp = `${file}.${process.pid}`;
    fs.writeFileSync(temp, `${process.pid}\n`);
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          fs.linkSync(temp, file);
          return new ArchiveLock(file);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        const holder = Number.parseInt(readOr(file, ''), 10);
        if (Number.isFinite(holder) && holder !== process.pid && isAlive(holder)) {
          throw new ArchiveLockedError(`archive ${directory} is locked by pid ${holder}`, {
            context: { file: directory, pid: holder },
            hint: 'wait for the other import to finish, or stop that process',
          });
        }
        // Stale lock of a dead process (or our own pid reused): remove it and try again.
        fs.rmSync(file, { force: true });
      }
      throw new ArchiveLockedError(`could not lock archive ${directory}`, { context: { file: directory } });
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  release(): void {
    if (readOr(this.file, '').trim() === String(process.pid)) fs.rmSync(this.file, { force: true });
  }
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}
