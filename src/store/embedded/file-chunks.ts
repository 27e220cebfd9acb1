/** Reading the archive's files a chunk at a time: the snapshot is loaded and merged without holding it whole. */
import * as fs from 'node:fs';

const READ_CHUNK = 8 * 1024 * 1024;

/** A descriptor for reading `file`, or undefined when it does not exist (no snapshot yet). */
export function openIfExists(file: string): number | undefined {
  try {
    return fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The file behind `fd` from its start, in chunks of 8 MiB. */
export function* chunks(fd: number): Generator<Buffer> {
  let position = 0;
  for (;;) {
    const buffer = Buffer.alloc(READ_CHUNK);
    const n = fs.readSync(fd, buffer, 0, READ_CHUNK, position);
    if (n === 0) return;
    position += n;
    yield buffer.subarray(0, n);
  }
}
