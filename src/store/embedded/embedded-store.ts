/**
 * The embedded archive: Oxigraph (WASM, in-process) holds the graph in memory; durability comes from
 * a snapshot (N-Quads) plus a checksummed write-ahead journal, compacted into a new snapshot written to a
 * temp file, fsynced and renamed. See docs/decisions/0002-embedded-persistence.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import oxigraph from 'oxigraph';
import { DataFactory, Writer } from 'n3';
import { ArchiveCapacityError, ArchiveCorruptError, QueryError, StoreError } from '../../errors.js';
import type { GraphContent, OpenOptions, QueryResult, Store } from '../store.js';
import type { SparqlJsonResults } from '../sparql-results.js';
import { freeEngine, queryEngine } from './engine-query.js';
import { ArchiveLock } from './archive-lock.js';
import { JournalWriter, readJournal, scanJournal, syncFile, type JournalCursor, type JournalEntry, type JournalReadResult } from './journal.js';
import { chunks, openIfExists } from './file-chunks.js';
import { writeMergedQuads } from './merge-snapshot.js';

const SNAPSHOT = 'snapshot.nq';
const JOURNAL = 'journal.log';
const SNAPSHOT_MAGIC = '# rungraph snapshot generation=';
const NQUADS = 'application/n-quads';
const NTRIPLES = 'application/n-triples';

/**
 * Oxigraph's WASM build addresses at most 4 GiB and fails with `RuntimeError: unreachable` there (a write
 * that fails so is taken back out of the journal, below). Measured with the 0.4.0 run shape
 * (docs/benchmarks.md): a real import of 10,000 benchmark runs (207 quads each) grew the engine to
 * 772 MiB, and a probe of 50,000 runs with distinct literals to 3.45 GiB (10.25 M quads, about 360 bytes
 * per quad with the series and stored records counted); the five reference queries then ran without
 * growing it, and the engine failed at 12.0 M quads (58,500 runs). 10.3 M quads holds about 50,400
 * imported runs of that shape (204 quads each, shared graphs included), keeps about 0.5 GiB of the
 * address space free, and stops 1.7 M quads short of the failure: a margin for longer literals per quad.
 */
export const DEFAULT_MAX_QUADS = 10_300_000;

/**
 * Writes are journalled without the engine (after `bulkWrites`) only while the archive's files stay under
 * this size: the engine later loads them whole, and its memory grows about as fast as their text (772 MiB
 * of engine for 731 MiB of files at 10,000 benchmark runs). Beyond it every batch is applied at once
 * again, so a batch the engine cannot hold is refused when written, not found when the archive is next
 * loaded.
 */
const BULK_WRITE_MAX_BYTES = 2 * 1024 ** 3;

export interface EmbeddedOptions extends OpenOptions {
  /** Refuse writes that would grow the archive past this many quads. */
  maxQuads?: number;
  /** Compact when the journal grows past this many bytes (checked at close and between batches). */
  compactAfterBytes?: number;
}

export class EmbeddedStore implements Store {
  readonly prefersConstants = true;

  /** Set when a batch could not be applied: the in-memory engine no longer matches the files. */
  private failed: Error | undefined;

  /** How far a read-only handle has read the journal, so refresh() reads only what was appended since. */
  private cursor: JournalCursor | undefined;

  /**
   * The engine's quad count as this writer keeps it: the engine counts by walking every quad (about
   * 60 ms per million), which each batch of an import would pay again. A batch that repeats a quad
   * counts it twice, so the count may run a little high, never low.
   */
  private counted: number | undefined;

  private constructor(
    readonly location: string,
    /** Undefined after `bulkWrites` until the next query loads the files again. */
    private engine: oxigraph.Store | undefined,
    private generation: number,
    private journal: JournalWriter | undefined,
    private readonly lock: ArchiveLock | undefined,
    private readonly options: Required<Pick<EmbeddedOptions, 'maxQuads' | 'compactAfterBytes'>>,
  ) {}

  /** Opens (creating if needed) the archive in `directory`. Writers take the lock; readers never wait. */
  static async open(directory: string, options: EmbeddedOptions = {}): Promise<EmbeddedStore> {
    const readOnly = options.readOnly ?? false;
    const settings = { maxQuads: options.maxQuads ?? DEFAULT_MAX_QUADS, compactAfterBytes: options.compactAfterBytes ?? 256 * 1024 * 1024 };
    if (!readOnly) fs.mkdirSync(directory, { recursive: true });
    else if (!fs.existsSync(directory)) {
      // A read-only open of a missing archive is an empty archive; nothing is created on disk.
      return new EmbeddedStore(directory, new oxigraph.Store(), 0, undefined, undefined, settings);
    }
    const lock = readOnly ? undefined : ArchiveLock.acquire(directory);
    try {
      const { engine, generation, journal } = loadArchive(directory);
      const journalFile = path.join(directory, JOURNAL);
      let writer: JournalWriter | undefined;
      if (!readOnly) {
        // No journal, or one made obsolete by a compaction that crashed before replacing it.
        if (!journal || journal.generation !== generation) JournalWriter.create(journalFile, generation);
        writer = JournalWriter.open(journalFile, journal && journal.generation === generation ? journal.validLength : firstLineLength(journalFile));
      }
      const store = new EmbeddedStore(directory, engine, generation, writer, lock, settings);
      if (journal?.generation === generation) store.cursor = journal.cursor;
      return store;
    } catch (e) {
      lock?.release();
      throw e;
    }
  }

  /** Quads in the archive; after `bulkWrites`, the count this writer keeps (never low, see `counted`). */
  get size(): number {
    return this.engine?.size ?? this.counted ?? 0;
  }

  /**
   * Writes alone follow until the next query: stop keeping the engine up to date, and journal each batch
   * only (after checking that the engine can read it). An import into a large or new archive then neither
   * grows the engine's memory nor pays for its indexes; the next query, if any, loads the files again.
   */
  bulkWrites(): void {
    this.writable();
    if (!this.engine) return;
    this.counted ??= this.engine.size;
    freeEngine(this.engine);
    this.engine = undefined;
  }

  /**
   * Catches a read-only handle up with writes made since it was opened or last refreshed: after a
   * compaction (a new snapshot generation) it reloads the archive; otherwise it applies only the journal
   * entries appended since, each a whole batch, and leaves a torn tail (an entry being written now) for
   * the next call. Cheap when nothing changed: two small reads. Returns whether anything was applied.
   * A writer holds the lock, so nobody else writes and there is nothing to catch up.
   */
  refresh(): boolean {
    if (this.journal || this.failed) return false;
    if (snapshotGeneration(path.join(this.location, SNAPSHOT)) !== this.generation) return this.reload();
    const journal = readJournal(path.join(this.location, JOURNAL), this.cursor);
    // None yet, or one a crashed compaction left behind, which the snapshot already holds.
    if (!journal || journal.generation < this.generation) return false;
    // A newer journal (a compaction between our two reads), or ours cut back and rewritten.
    if (journal.generation > this.generation || (!journal.continued && this.cursor?.last)) return this.reload();
    try {
      for (const entry of journal.entries) applyEntry(this.engine!, entry);
    } catch (e) {
      this.generation = -1; // the engine may hold a batch half-applied: the next refresh reloads
      throw engineError(e, this.location);
    }
    this.cursor = journal.cursor;
    return journal.entries.length > 0;
  }

  /** Replaces the engine with a fresh load of the files; the old one is freed first, as both may not fit in WASM memory. */
  private reload(): true {
    if (this.engine) freeEngine(this.engine);
    this.engine = new oxigraph.Store();
    this.generation = -1; // should the load fail, the next refresh tries again
    this.cursor = undefined;
    const { engine, generation, journal } = loadArchive(this.location);
    this.engine = engine;
    this.generation = generation;
    if (journal?.generation === generation) this.cursor = journal.cursor;
    return true;
  }

  async replaceGraphs(batch: GraphContent[]): Promise<void> {
    if (batch.length === 0) return;
    this.writable();
    const nquads = Buffer.from(toNQuads(batch), 'utf8');
    const added = batch.reduce((n, g) => n + g.quads.length, 0);
    // Without the engine the count ignores what replaced graphs held: count exactly before refusing.
    if (!this.engine && this.counted! + added > this.options.maxQuads) this.counted = this.loadedEngine().size;
    const count = (this.counted ??= this.engine!.size);
    if (count + added > this.options.maxQuads) {
      throw new ArchiveCapacityError(
        `the embedded archive would hold ${count + added} quads, over its limit of ${this.options.maxQuads}`,
        { context: { file: this.location }, hint: `move the archive to a SPARQL server: rungraph sync --from ${this.location} --to sparql+http://HOST:PORT/sparql (docs/stores.md)` },
      );
    }
    const entry: JournalEntry = { op: 'replace', graphs: batch.map((g) => g.graph), nquads };
    if (!this.engine && this.fileBytes() + nquads.length <= BULK_WRITE_MAX_BYTES) {
      checkReadable(nquads, batch, this.location);
      this.append(entry);
      this.counted = count + added;
      return;
    }
    this.loadedEngine();
    const removed = this.write(entry);
    this.counted = count - removed + added;
  }

  async deleteGraphs(graphs: string[]): Promise<void> {
    if (graphs.length === 0) return;
    this.writable();
    if (!this.engine) {
      checkGraphNames(graphs, this.location);
      this.append({ op: 'delete', graphs, nquads: '' });
      return;
    }
    const removed = this.write({ op: 'delete', graphs, nquads: '' });
    if (this.counted !== undefined) this.counted -= removed;
  }

  async query(sparql: string): Promise<QueryResult> {
    const engine = this.loadedEngine();
    try {
      return queryEngine(engine, sparql);
    } catch (e) {
      throw engineError(e, this.location);
    }
  }

  async update(sparql: string): Promise<void> {
    this.writable();
    // Updates are journalled by their effect: run on the engine, then persist the touched graphs.
    const engine = this.loadedEngine();
    this.counted = undefined;
    const before = new Set(this.graphNames());
    try {
      engine.update(sparql);
    } catch (e) {
      throw engineError(e, this.location);
    }
    // Simplest correct effect log: rewrite every graph as it now is. Updates are rare (remap, admin).
    const after = this.graphNames();
    const removed = [...before].filter((g) => !after.includes(g));
    if (removed.length > 0) this.append({ op: 'delete', graphs: removed, nquads: '' });
    if (after.length > 0) {
      this.append({ op: 'replace', graphs: after, nquads: after.map((g) => dumpGraph(engine, g)).join('') });
    }
  }

  /** Every named graph in the archive. */
  graphNames(): string[] {
    const json = this.loadedEngine().query('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }', { results_format: 'application/sparql-results+json' }) as string;
    return (JSON.parse(json) as SparqlJsonResults).results!.bindings.map((b) => b.g.value);
  }

  /**
   * Writes the whole archive into a new snapshot and starts an empty journal. The snapshot is merged from
   * the files (the old snapshot and the journal), so compacting never needs the engine.
   */
  compact(): void {
    this.writable();
    const next = this.generation + 1;
    const file = path.join(this.location, SNAPSHOT);
    const temp = `${file}.tmp`;
    const fd = fs.openSync(temp, 'w');
    try {
      fs.writeSync(fd, `${SNAPSHOT_MAGIC}${next}\n`);
      writeMergedQuads(fd, file, path.join(this.location, JOURNAL));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
    syncDirectory(this.location);
    // A crash here leaves a journal of the old generation, which open() recognises as obsolete.
    JournalWriter.create(path.join(this.location, JOURNAL), next);
    this.journal!.close();
    this.journal = JournalWriter.open(path.join(this.location, JOURNAL), firstLineLength(path.join(this.location, JOURNAL)));
    this.generation = next;
  }

  async close(): Promise<void> {
    if (this.journal) {
      if (!this.failed && this.journal.size() > this.options.compactAfterBytes) this.compact();
      this.journal.close();
    }
    this.lock?.release();
  }

  /** The engine, loaded again from the files when `bulkWrites` let it go. */
  private loadedEngine(): oxigraph.Store {
    if (this.failed) throw this.failed;
    if (this.engine) return this.engine;
    try {
      this.engine = loadArchive(this.location).engine;
    } catch (e) {
      throw e instanceof ArchiveCorruptError ? e : engineError(e, this.location);
    }
    this.counted = this.engine.size;
    return this.engine;
  }

  /** Bytes of the archive's files: what loading the engine again would read. */
  private fileBytes(): number {
    let snapshot = 0;
    try {
      snapshot = fs.statSync(path.join(this.location, SNAPSHOT)).size;
    } catch {
      // no snapshot yet
    }
    return snapshot + this.journal!.size();
  }

  /** Journals and applies an entry to the loaded engine; returns how many quads it removed. */
  private write(entry: JournalEntry): number {
    // Durable first, then visible: a crash after the append replays the entry at the next open.
    const before = this.journal!.size();
    this.append(entry);
    try {
      return applyEntry(this.engine!, entry);
    } catch (e) {
      // The engine could not take the batch (out of WASM memory): take the entry back out of the
      // journal, or every later open would replay it and fail the same way. The engine may hold the
      // batch half-applied, so this handle refuses further use; reopening reads the intact files.
      this.journal!.truncate(before);
      this.failed = engineError(e, this.location);
      throw this.failed;
    }
  }

  /** A failed append (disk full, read-only file system) leaves the journal as it was: say so, naming the archive. */
  private append(entry: JournalEntry): void {
    try {
      this.journal!.append(entry);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === undefined) throw e;
      const why = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : (e as Error).message;
      throw new StoreError(`cannot write to archive ${this.location}: ${why}; this batch was not written, earlier ones are intact`, {
        context: { file: this.location, errno: code },
        hint: 'free some space and run the same import again: it resumes where it stopped',
        cause: e,
      });
    }
  }

  private writable(): void {
    if (this.failed) throw this.failed;
    if (!this.journal) throw new TypeError(`archive ${this.location} was opened read-only`);
  }
}

/**
 * Applies a journal entry to the engine; returns how many quads it removed. The archive's N-Quads are
 * written by rungraph itself (n3's writer, IRIs minted percent-encoded), so the engine's `lenient` parse,
 * which skips re-validating every IRI, is safe; it loads about 40% faster.
 */
function applyEntry(engine: oxigraph.Store, entry: JournalEntry): number {
  let removed = 0;
  for (const g of entry.graphs) {
    for (const q of engine.match(null, null, null, oxigraph.namedNode(g))) {
      engine.delete(q);
      removed++;
    }
  }
  if (entry.op === 'replace' && entry.nquads.length > 0) engine.load(entry.nquads, { format: NQUADS, lenient: true });
  return removed;
}

/**
 * The snapshot plus the journal that extends it, each entry applied as it is read. A writer may compact
 * between our reading the two: retry until both agree.
 */
function loadArchive(directory: string): { engine: oxigraph.Store; generation: number; journal: Omit<JournalReadResult, 'entries'> | undefined } {
  for (let attempt = 0; ; attempt++) {
    const engine = new oxigraph.Store();
    try {
      const generation = loadSnapshot(engine, path.join(directory, SNAPSHOT));
      const journal = scanJournal(path.join(directory, JOURNAL), (entry, journalGeneration) => {
        if (journalGeneration === generation) applyEntry(engine, entry);
      });
      if (journal && journal.generation > generation && attempt < 5) {
        freeEngine(engine);
        continue;
      }
      return { engine, generation, journal };
    } catch (e) {
      freeEngine(engine);
      throw e;
    }
  }
}

/** The generation named on the snapshot's first line; 0 when there is no snapshot yet. */
function snapshotGeneration(file: string): number {
  const fd = openIfExists(file);
  if (fd === undefined) return 0;
  try {
    return readGeneration(fd, file);
  } finally {
    fs.closeSync(fd);
  }
}

function readGeneration(fd: number, file: string): number {
  const head = Buffer.alloc(64);
  const n = fs.readSync(fd, head, 0, 64, 0);
  const firstLine = head.subarray(0, n).toString('utf8').split('\n')[0];
  if (!firstLine.startsWith(SNAPSHOT_MAGIC)) throw new ArchiveCorruptError(`${file} is not a rungraph snapshot`, { context: { file } });
  return Number(firstLine.slice(SNAPSHOT_MAGIC.length));
}

function loadSnapshot(engine: oxigraph.Store, file: string): number {
  const fd = openIfExists(file);
  if (fd === undefined) return 0;
  try {
    const generation = readGeneration(fd, file);
    try {
      engine.load(chunks(fd), { format: NQUADS, no_transaction: true, lenient: true });
    } catch (e) {
      throw new ArchiveCorruptError(`cannot read snapshot ${file}: ${(e as Error).message}`, { context: { file }, cause: e });
    }
    return generation;
  } finally {
    fs.closeSync(fd);
  }
}

function firstLineLength(file: string): number {
  const text = fs.readFileSync(file, 'utf8');
  return text.indexOf('\n') + 1;
}

function syncDirectory(directory: string): void {
  try {
    syncFile(directory);
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}

/**
 * Refuses a batch the engine could not read, before it is journalled: a batch written without the engine
 * is loaded only later, and must not then stop the archive from opening. A throwaway engine reads it.
 */
function checkReadable(nquads: Uint8Array, batch: GraphContent[], location: string): void {
  checkGraphNames(batch.map((g) => g.graph), location);
  const scratch = new oxigraph.Store();
  try {
    // Transactional: the bulk loader (no_transaction) grows WASM memory by ~200 MiB for a 16 MB batch.
    scratch.load(nquads, { format: NQUADS, lenient: true });
  } catch (e) {
    const error = engineError(e, location);
    if (error instanceof ArchiveCapacityError) throw error;
    throw new StoreError(`cannot write to archive ${location}: the engine cannot read the batch of ${batch.map((g) => g.graph).slice(0, 3).join(', ')}${batch.length > 3 ? ', …' : ''} (${error.message}); nothing of it was written`, {
      context: { file: location },
      cause: e,
    });
  } finally {
    freeEngine(scratch);
  }
}

/** Replaying an entry names each of its graphs to the engine, which takes only IRIs (its lenient load takes more). */
function checkGraphNames(graphs: string[], location: string): void {
  for (const graph of graphs) {
    try {
      oxigraph.namedNode(graph);
    } catch (e) {
      throw new StoreError(`cannot write to archive ${location}: the graph name ${JSON.stringify(graph)} is not an IRI; nothing of this batch was written`, {
        context: { file: location },
        cause: e,
      });
    }
  }
}

/** N-Quads of whole graphs, each quad written with its graph's name (no quad copied to carry it). */
function toNQuads(batch: GraphContent[]): string {
  const writer = new Writer({ format: 'N-Quads' });
  let text = '';
  for (const g of batch) {
    const graph = DataFactory.namedNode(g.graph);
    for (const q of g.quads) text += writer.quadToString(q.subject, q.predicate, q.object, graph);
  }
  return text;
}

/** N-Quads of one named graph. Oxigraph dumps a single graph as triples; literals never hold a raw
 * newline in that syntax, so every line ends in ` .` and the graph name goes just before it. */
function dumpGraph(engine: oxigraph.Store, graph: string): string {
  const triples = engine.dump({ format: NTRIPLES, from_graph_name: oxigraph.namedNode(graph) });
  return triples.replaceAll(' .\n', ` <${graph}> .\n`);
}

function engineError(e: unknown, location: string): Error {
  const message = e instanceof Error ? e.message : String(e);
  if (/memory|unreachable|out of bounds/i.test(message)) {
    return new ArchiveCapacityError(`the embedded engine ran out of memory (${message})`, {
      context: { file: location },
      hint: 'the WASM engine holds at most 4 GiB; move the archive to a SPARQL server (docs/stores.md)',
      cause: e,
    });
  }
  return new QueryError(message.split('\n')[0], { cause: e });
}
