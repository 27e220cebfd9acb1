/**
 * Lines of a file of any size, read in chunks, with a cap on line length so a file without newlines
 * (garbage, a binary) cannot make one line grow without bound. Synchronous reads: see safe-fs.ts.
 */
import * as fs from '../source-fs.js';
import { READ_FLAGS } from './safe-fs.js';

export type LineEvent = { line: string; number: number } | { tooLong: true; number: number };

const CHUNK = 64 * 1024;

/** Throws the fs error when the file cannot be opened or read. */
export function* readLines(file: string, maxLineLength = 64 * 1024): Generator<LineEvent> {
  const fd = fs.openSync(file, READ_FLAGS);
  try {
    if (!fs.fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    const decoder = new TextDecoder('utf-8');
    const buffer = Buffer.alloc(CHUNK);
    let pending = '';
    let number = 0;
    let skipping = false;
    for (let n = fs.readSync(fd, buffer, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buffer, 0, CHUNK, null)) {
      pending += decoder.decode(buffer.subarray(0, n), { stream: true });
      let start = 0;
      for (let nl = pending.indexOf('\n', start); nl !== -1; nl = pending.indexOf('\n', start)) {
        number++;
        if (skipping) skipping = false;
        else yield { line: pending.slice(start, nl).replace(/\r$/, ''), number };
        start = nl + 1;
      }
      pending = pending.slice(start);
      if (pending.length > maxLineLength) {
        if (!skipping) yield { tooLong: true, number: number + 1 };
        skipping = true;
        pending = '';
      }
    }
    pending += decoder.decode();
    if (pending.length > 0 && !skipping) yield { line: pending, number: number + 1 };
  } finally {
    fs.closeSync(fd);
  }
}
