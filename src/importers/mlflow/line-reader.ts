/**
 * Lines of a file of any size, read in chunks, with a cap on line length so a file without newlines
 * (garbage, a binary) cannot make one line grow without bound.
 */
import * as fs from 'node:fs';

export type LineEvent = { line: string; number: number } | { tooLong: true; number: number };

export async function* readLines(file: string, maxLineLength = 64 * 1024): AsyncIterable<LineEvent> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let number = 0;
  let skipping = false;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 })) {
    pending += decoder.decode(chunk as Buffer, { stream: true });
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
}
