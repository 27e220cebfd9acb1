/**
 * Detection of a source that is one file of a known kind: it exists, is a file, has one of the
 * extensions, and its first bytes (never the whole file) show what it holds.
 */
import * as fs from './source-fs.js';
import type { Detection } from './importer.js';

export function detectFile(location: string, kind: { extensions: RegExp; extensionsName: string; headBytes: number; looksRight: (head: string) => Detection }): Detection {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(location);
  } catch {
    return { ok: false, reason: 'no such file' };
  }
  if (!stat.isFile()) return { ok: false, reason: 'not a file' };
  if (!kind.extensions.test(location)) return { ok: false, reason: `not a ${kind.extensionsName} file` };
  return kind.looksRight(readHead(location, kind.headBytes));
}

function readHead(file: string, bytes: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
