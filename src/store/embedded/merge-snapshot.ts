/**
 * Compaction without the engine: the next snapshot is the current one without the graphs the journal
 * names, followed by each graph's content from the last journal entry that names it (a later entry
 * replaces or deletes what an earlier one wrote). Nothing is loaded into the engine, so compacting after
 * an import that only wrote (EmbeddedStore.bulkWrites) costs a pass over the files, not an archive load.
 *
 * Every line of the archive's N-Quads ends in its graph's IRI: rungraph writes only named graphs, with
 * n3's writer or the engine's dump, IRIs it minted itself (no `<` or `>` inside). So a line's graph is
 * read from its end, without parsing the rest.
 */
import * as fs from 'node:fs';
import { chunks, openIfExists } from './file-chunks.js';
import { scanJournal } from './journal.js';

/** Output is written in pieces of about this size. */
const WRITE_CHUNK = 8 * 1024 * 1024;
const NEWLINE = 0x0a;

/** Writes the merged N-Quads (without the snapshot's header line) to `out`. */
export function writeMergedQuads(out: number, snapshotFile: string, journalFile: string): void {
  const latest = new Map<string, number>(); // graph → ordinal of the last entry naming it
  let ordinal = 0;
  scanJournal(journalFile, (entry) => {
    for (const graph of entry.graphs) latest.set(graph, ordinal);
    ordinal++;
  });
  const output = new BufferedOutput(out);
  for (const line of fileLines(snapshotFile)) {
    if (line[0] === 0x23 /* # */) continue; // the header line: the caller writes the next one
    const graph = graphOf(line);
    if (graph === undefined || !latest.has(graph)) output.writeLine(line);
  }
  ordinal = 0;
  scanJournal(journalFile, (entry) => {
    const current = ordinal++;
    if (entry.op !== 'replace' || entry.nquads.length === 0) return;
    const nquads = typeof entry.nquads === 'string' ? Buffer.from(entry.nquads, 'utf8') : Buffer.from(entry.nquads.buffer, entry.nquads.byteOffset, entry.nquads.byteLength);
    if (entry.graphs.every((g) => latest.get(g) === current)) {
      output.writeLine(nquads);
      return;
    }
    for (const line of bufferLines(nquads)) {
      const graph = graphOf(line);
      if (graph !== undefined && latest.get(graph) === current) output.writeLine(line);
    }
  });
  output.flush();
}

/** The IRI between the last `<` and `>` of an N-Quads line: its graph name. */
function graphOf(line: Buffer): string | undefined {
  const end = line.lastIndexOf(0x3e);
  const start = end < 0 ? -1 : line.lastIndexOf(0x3c, end);
  return start < 0 ? undefined : line.toString('utf8', start + 1, end);
}

/** Lines of a buffer, each with its newline (the last one may have none). */
function* bufferLines(buffer: Buffer): Generator<Buffer> {
  let start = 0;
  while (start < buffer.length) {
    const newline = buffer.indexOf(NEWLINE, start);
    const end = newline < 0 ? buffer.length : newline + 1;
    yield buffer.subarray(start, end);
    start = end;
  }
}

/** Lines of a file read a chunk at a time; none when it does not exist. */
function* fileLines(file: string): Generator<Buffer> {
  const fd = openIfExists(file);
  if (fd === undefined) return;
  try {
    let carry = Buffer.alloc(0);
    for (const chunk of chunks(fd)) {
      const text = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const lastNewline = text.lastIndexOf(NEWLINE);
      yield* bufferLines(text.subarray(0, lastNewline + 1));
      carry = Buffer.from(text.subarray(lastNewline + 1));
    }
    if (carry.length > 0) yield carry;
  } finally {
    fs.closeSync(fd);
  }
}

/** Collects small writes into large ones. */
class BufferedOutput {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly fd: number) {}

  /** Writes `text`, ending it with a newline when it has none, so the next line starts on its own. */
  writeLine(text: Buffer): void {
    this.parts.push(text);
    this.size += text.length;
    if (text[text.length - 1] !== NEWLINE) this.parts.push(Buffer.from('\n'));
    if (this.size >= WRITE_CHUNK) this.flush();
  }

  flush(): void {
    const data = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    for (let written = 0; written < data.length; ) written += fs.writeSync(this.fd, data, written, data.length - written);
    this.parts = [];
    this.size = 0;
  }
}
