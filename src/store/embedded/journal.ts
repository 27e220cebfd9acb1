/**
 * The write-ahead journal of the embedded archive. Each entry is one atomic batch:
 *
 *   E <payload length> <sha256 of payload, hex>\n<payload>\n
 *
 * An entry is applied only when complete and its checksum matches, so a process killed mid-write
 * leaves a torn tail that is dropped at the next open, never a half-applied batch. The first line
 * names the snapshot generation the journal extends; a journal of an older generation is obsolete.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

const MAGIC = 'rungraph-journal 1 generation=';
const MAX_HEADER = 128;

export interface JournalEntry {
  /** Graphs whose content is replaced (cleared, then the entry's quads added) or deleted. */
  op: 'replace' | 'delete';
  graphs: string[];
  /** N-Quads of the new content (replace only), as UTF-8 bytes where they come from a file or are
   * about to go to one: the engine takes bytes without transcoding a string. */
  nquads: string | Uint8Array;
}

export interface JournalReadResult {
  generation: number;
  entries: JournalEntry[];
  /** Byte offset just past the last valid entry. */
  validLength: number;
  /** True when bytes after the last valid entry were dropped (torn write or corruption). */
  tornTail: boolean;
  /** Where a reader stopped: pass it back to read only what was appended since. */
  cursor: JournalCursor;
  /** False when a cursor was given but the file no longer extends what it read (entries are then read from the start). */
  continued: boolean;
}

/** A reader's place in one journal file: the entries before `offset` have been applied. */
export interface JournalCursor {
  inode: number;
  generation: number;
  offset: number;
  /** Start and header line of the last entry read, to notice a journal cut back and written again since. */
  last?: { start: number; header: string };
}

/** sha256 of the parts as if concatenated: an entry's framing is hashed without copying its N-Quads. */
function checksum(...parts: Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

export function encodeEntry(entry: JournalEntry): Buffer {
  const nquads = typeof entry.nquads === 'string' ? Buffer.from(entry.nquads, 'utf8') : entry.nquads;
  const header = Buffer.from(`${JSON.stringify({ op: entry.op, graphs: entry.graphs })}\n`, 'utf8');
  // One copy of a batch's N-Quads (tens of MB), not one per layer of framing.
  return Buffer.concat([Buffer.from(`E ${header.length + nquads.length} ${checksum(header, nquads)}\n`), header, nquads, Buffer.from('\n')]);
}

function decodePayload(payload: Buffer): JournalEntry {
  const newline = payload.indexOf(0x0a);
  const header = JSON.parse(payload.subarray(0, newline).toString('utf8')) as { op: 'replace' | 'delete'; graphs: string[] };
  return { op: header.op, graphs: header.graphs, nquads: payload.subarray(newline + 1) };
}

/**
 * Reads every complete, checksummed entry; stops at the first entry that is torn or corrupt (a writer may
 * be appending it right now). With `since`, reads only the entries after it when the file still extends
 * what was read then; otherwise (another file, cut back, rewritten) reads from the start with `continued` false.
 */
export function readJournal(file: string, since?: JournalCursor): JournalReadResult | undefined {
  const entries: JournalEntry[] = [];
  const scanned = scanJournal(file, (entry) => entries.push(entry), since);
  return scanned && { ...scanned, entries };
}

/**
 * Reads the journal entry by entry as `readJournal` does, handing each to `visit` (which learns the
 * journal's generation first) instead of keeping them: a large journal is never held whole in memory.
 * `until` reads no further than that many bytes: the journal as a reader found it earlier (see JournalMark).
 */
export function scanJournal(
  file: string,
  visit: (entry: JournalEntry, generation: number) => void,
  since?: JournalCursor,
  until?: number,
): Omit<JournalReadResult, 'entries'> | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const stat = fs.fstatSync(fd);
    const size = Math.min(stat.size, until ?? Infinity);
    const first = readLine(fd, 0, size);
    if (!first || !first.line.startsWith(MAGIC)) {
      return { generation: -1, validLength: 0, tornTail: size > 0, cursor: { inode: stat.ino, generation: -1, offset: 0 }, continued: false };
    }
    const generation = Number(first.line.slice(MAGIC.length));
    const continued = since !== undefined && stillExtends(fd, size, stat.ino, generation, since);
    let offset = continued ? since.offset : first.next;
    let last = continued ? since.last : undefined;
    while (offset < size) {
      const head = readLine(fd, offset, size);
      const match = head && /^E (\d+) ([0-9a-f]{64})$/.exec(head.line);
      if (!head || !match) break;
      const length = Number(match[1]);
      // Never trust a length field beyond what the file holds.
      if (head.next + length + 1 > size) break;
      const payload = Buffer.alloc(length);
      fs.readSync(fd, payload, 0, length, head.next);
      if (checksum(payload) !== match[2]) break;
      let entry: JournalEntry;
      try {
        entry = decodePayload(payload);
      } catch {
        break;
      }
      visit(entry, generation);
      last = { start: offset, header: head.line };
      offset = head.next + length + 1;
    }
    return { generation, validLength: offset, tornTail: offset < size, cursor: { inode: stat.ino, generation, offset, last }, continued };
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether the open journal is the one `since` was read from, still holding what was read then. */
function stillExtends(fd: number, size: number, inode: number, generation: number, since: JournalCursor): boolean {
  if (since.inode !== inode || since.generation !== generation || size < since.offset) return false;
  if (!since.last) return true;
  return readLine(fd, since.last.start, size)?.line === since.last.header;
}

function readLine(fd: number, offset: number, size: number): { line: string; next: number } | undefined {
  const buffer = Buffer.alloc(Math.min(MAX_HEADER, size - offset));
  const read = fs.readSync(fd, buffer, 0, buffer.length, offset);
  const newline = buffer.subarray(0, read).indexOf(10);
  if (newline < 0) return undefined;
  return { line: buffer.subarray(0, newline).toString('utf8'), next: offset + newline + 1 };
}

/** Which journal file a reader saw, and how long it was then: with it, a later read sees the same entries. */
export interface JournalMark {
  inode: number;
  size: number;
}

/** The journal's mark now, or undefined when there is none. */
export function markJournal(file: string): JournalMark | undefined {
  try {
    const stat = fs.statSync(file);
    return { inode: stat.ino, size: stat.size };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Appends entries and fsyncs; a batch is durable when this returns. */
export class JournalWriter {
  private fd: number;

  private constructor(fd: number) {
    this.fd = fd;
  }

  /** Opens for append, truncating a torn tail first so new entries follow the last valid one. */
  static open(file: string, validLength: number): JournalWriter {
    const fd = fs.openSync(file, 'r+');
    fs.ftruncateSync(fd, validLength);
    fs.fsyncSync(fd);
    return new JournalWriter(fd);
  }

  /** Writes a fresh, empty journal for a generation via a temp file and an atomic rename. */
  static create(file: string, generation: number): void {
    const temp = `${file}.tmp`;
    fs.writeFileSync(temp, `${MAGIC}${generation}\n`);
    syncFile(temp);
    fs.renameSync(temp, file);
  }

  append(entry: JournalEntry): void {
    const data = encodeEntry(entry);
    const end = fs.fstatSync(this.fd).size;
    try {
      let written = 0;
      while (written < data.length) written += fs.writeSync(this.fd, data, written, data.length - written, end + written);
      fs.fsyncSync(this.fd);
    } catch (e) {
      // A failed write (disk full) must not leave a partial entry that a later append would follow.
      try {
        fs.ftruncateSync(this.fd, end);
      } catch {
        /* the torn tail is dropped at the next open anyway */
      }
      throw e;
    }
  }

  /** Drops everything after `length` bytes: undoes an append whose batch could not be applied. */
  truncate(length: number): void {
    fs.ftruncateSync(this.fd, length);
    fs.fsyncSync(this.fd);
  }

  size(): number {
    return fs.fstatSync(this.fd).size;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
