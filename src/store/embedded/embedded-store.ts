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
import { JournalWriter, markJournal, readJournal, scanJournal, syncFile, type JournalCursor, type JournalEntry, type JournalMark, type JournalReadResult } from './journal.js';
import { chunks, openIfExists } from './file-chunks.js';
import { writeMergedQuads } from './merge-snapshot.js';
import { selectChunkLines, selectLines, type LineSelection } from './predicate-lines.js';
import { queryPredicates } from './query-predicates.js';
import { selectFileLinesInWorker } from './selected-lines.js';

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

/** A snapshot this large has the lines a load takes picked in a worker thread (selected-lines.ts); a smaller one in this thread, sparing the worker's start. */
const SELECT_IN_WORKER_BYTES = 64 * 1024 * 1024;

export interface EmbeddedOptions extends OpenOptions {
  /**
   * Read-only: load the whole archive now (`rungraph serve`, whose every query should find it loaded).
   * Otherwise a read-only archive loads for each query only the quads with the predicates it can match,
   * and later queries that need more load again (decision 0002, "Loading for one query").
   */
  preload?: boolean;
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

  /** The predicates whose quads the engine holds: all, or for a read-only handle those its queries needed so far. */
  private holds: ReadonlySet<string> | 'all' = 'all';

  /** What a read-only handle shows: the archive as it was at open or at the last refresh, whatever a query loads. */
  private view: ArchiveView | undefined;

  /** Whether the engine holds journal entries: without any, more predicates are added from the snapshot alone. */
  private holdsEntries = false;

  /** Seconds spent loading the archive's files into the engine. */
  private loadTime = 0;

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
    if (readOnly && !options.preload) {
      // Nothing is loaded until a query says what it needs; the view is pinned now, two small reads.
      const store = new EmbeddedStore(directory, undefined, snapshotGeneration(path.join(directory, SNAPSHOT)), undefined, undefined, settings);
      store.holds = new Set();
      store.view = { generation: store.generation, journal: markJournal(path.join(directory, JOURNAL)) };
      return store;
    }
    const lock = readOnly ? undefined : ArchiveLock.acquire(directory);
    try {
      const started = performance.now();
      const { engine, generation, journal } = loadArchive(directory);
      const journalFile = path.join(directory, JOURNAL);
      let writer: JournalWriter | undefined;
      if (!readOnly) {
        // No journal, or one made obsolete by a compaction that crashed before replacing it.
        if (!journal || journal.generation !== generation) JournalWriter.create(journalFile, generation);
        writer = JournalWriter.open(journalFile, journal && journal.generation === generation ? journal.validLength : firstLineLength(journalFile));
      }
      const store = new EmbeddedStore(directory, engine, generation, writer, lock, settings);
      store.loadTime = (performance.now() - started) / 1000;
      if (journal?.generation === generation) store.cursor = journal.cursor;
      if (readOnly) store.view = viewOf(generation, journal);
      return store;
    } catch (e) {
      lock?.release();
      throw e;
    }
  }

  /** Seconds this handle has spent loading the archive's files, for the hint after a slow command (src/cli/archive.ts). */
  get loadSeconds(): number {
    return this.loadTime;
  }

  /** Quads in the archive; after `bulkWrites`, the count this writer keeps (never low, see `counted`). */
  get size(): number {
    if (!this.journal) return this.loadedEngine().size;
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
    let moved = false;
    if (!this.engine) {
      // Not loaded yet: read the journal as far as the view (loading no quads) to learn where to go on from.
      const pinned = this.view;
      this.loadedEngine(new Set());
      // A compaction since open replaced the view: the load read the archive as it is now.
      moved = pinned !== undefined && (pinned.generation !== this.generation || pinned.journal?.inode !== this.view?.journal?.inode);
    }
    return this.catchUp() || moved;
  }

  private catchUp(): boolean {
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
    this.view = viewOf(this.generation, journal);
    if (journal.entries.length > 0) this.holdsEntries = true;
    return journal.entries.length > 0;
  }

  /** Replaces the engine with a fresh load of the files as they are now, holding the same predicates. */
  private reload(): true {
    this.generation = -1; // should the load fail, the next refresh tries again
    this.view = undefined;
    this.load(this.holds);
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
    // A writer, and a handle that loaded everything (rungraph serve), need not read the query first.
    const engine = this.loadedEngine(this.journal || this.holds === 'all' ? 'all' : (queryPredicates(sparql) ?? 'all'));
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

  /**
   * An engine holding at least the quads of `needs`: the one loaded, or a new load of the files when
   * `bulkWrites` let it go or a read-only handle's query needs predicates it has not loaded yet.
   */
  private loadedEngine(needs: ReadonlySet<string> | 'all' = 'all'): oxigraph.Store {
    if (this.failed) throw this.failed;
    if (this.engine && holdsAll(this.holds, needs)) return this.engine;
    this.load(this.holds === 'all' || needs === 'all' ? 'all' : new Set([...this.holds, ...needs]));
    return this.engine!;
  }

  /** Loads the files into the engine so that it holds the quads of `predicates`. */
  private load(predicates: ReadonlySet<string> | 'all'): void {
    const started = performance.now();
    try {
      if (this.extend(predicates)) return;
      this.loadAnew(predicates);
    } catch (e) {
      throw e instanceof ArchiveCorruptError ? e : engineError(e, this.location);
    } finally {
      this.loadTime += (performance.now() - started) / 1000;
    }
  }

  /**
   * Adds the quads of the predicates a read-only handle's engine lacks, from the snapshot it was loaded
   * from. Only while it holds no journal entries: those replace graphs, and replaying them for some
   * predicates only would need the engine's own quads sorted by predicate. False when it cannot.
   */
  private extend(predicates: ReadonlySet<string> | 'all'): boolean {
    if (this.journal || !this.engine || this.holds === 'all' || this.holdsEntries || !this.view) return false;
    const held = this.holds;
    // Lines this code cannot read were all taken by the first load that took any line (held not empty).
    const readableOnly = held.size > 0;
    const selection: LineSelection = predicates === 'all' ? { predicates: held, except: true, readableOnly } : { predicates: new Set([...predicates].filter((p) => !held.has(p))), readableOnly };
    if (loadSnapshot(this.engine, path.join(this.location, SNAPSHOT), selection, this.view.generation) === undefined) return false;
    this.holds = predicates;
    return true;
  }

  /** Loads the files into a new engine (the old one freed first: both may not fit in WASM memory). */
  private loadAnew(predicates: ReadonlySet<string> | 'all'): void {
    if (this.engine) freeEngine(this.engine);
    this.engine = undefined;
    const loaded = loadArchive(this.location, predicates, this.view);
    this.engine = loaded.engine;
    this.holdsEntries = loaded.entries > 0;
    this.holds = predicates;
    if (this.journal) {
      this.counted = this.engine.size;
      return;
    }
    this.generation = loaded.generation;
    this.cursor = loaded.journal?.generation === loaded.generation ? loaded.journal.cursor : undefined;
    this.view = viewOf(loaded.generation, loaded.journal);
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
 * which skips re-validating every IRI, is safe; it loads about 40% faster. With `predicates`, only the
 * entry's quads with those predicates are added (the engine holds no others of the graph to keep).
 */
function applyEntry(engine: oxigraph.Store, entry: JournalEntry, predicates: ReadonlySet<string> | 'all' = 'all'): number {
  let removed = 0;
  for (const g of entry.graphs) {
    for (const q of engine.match(null, null, null, oxigraph.namedNode(g))) {
      engine.delete(q);
      removed++;
    }
  }
  if (entry.op !== 'replace' || entry.nquads.length === 0) return removed;
  const nquads = predicates === 'all' ? entry.nquads : selectLines(typeof entry.nquads === 'string' ? Buffer.from(entry.nquads, 'utf8') : entry.nquads, { predicates });
  if (nquads.length > 0) engine.load(nquads, { format: NQUADS, lenient: true });
  return removed;
}

/** The archive as a read-only handle shows it: a snapshot generation and how much of which journal. */
interface ArchiveView {
  generation: number;
  journal: JournalMark | undefined;
}

function viewOf(generation: number, journal: Omit<JournalReadResult, 'entries'> | undefined): ArchiveView {
  return { generation, journal: journal && { inode: journal.cursor.inode, size: journal.cursor.offset } };
}

function holdsAll(holds: ReadonlySet<string> | 'all', needs: ReadonlySet<string> | 'all'): boolean {
  if (holds === 'all') return true;
  return needs !== 'all' && [...needs].every((p) => holds.has(p));
}

interface LoadedArchive {
  engine: oxigraph.Store;
  generation: number;
  /** How many journal entries were applied. */
  entries: number;
  journal: Omit<JournalReadResult, 'entries'> | undefined;
}

/**
 * The snapshot plus the journal that extends it, each entry applied as it is read, holding only the quads
 * of `predicates` (and lines predicate-lines.ts cannot read simply). A writer may compact between our
 * reading the two: retry until both agree. With `view`, the journal is read only as far as the view saw
 * it; a view that a compaction has since replaced is gone, and the archive is loaded as it is now.
 */
function loadArchive(directory: string, predicates: ReadonlySet<string> | 'all' = 'all', view?: ArchiveView): LoadedArchive {
  for (let attempt = 0; ; attempt++) {
    const engine = new oxigraph.Store();
    try {
      const generation = loadSnapshot(engine, path.join(directory, SNAPSHOT), predicates === 'all' ? 'all' : { predicates })!;
      const pinned = view?.generation === generation ? view : undefined;
      let entries = 0;
      // The view saw no journal: the entries written since are not part of it.
      const journal = pinned && !pinned.journal ? undefined : scanJournal(path.join(directory, JOURNAL), (entry, journalGeneration) => {
        if (journalGeneration !== generation) return;
        applyEntry(engine, entry, predicates);
        entries++;
      }, undefined, pinned?.journal?.size);
      const replaced = pinned?.journal && journal && journal.cursor.inode !== pinned.journal.inode;
      if ((replaced || (journal && journal.generation > generation)) && attempt < 5) {
        freeEngine(engine);
        view = undefined;
        continue;
      }
      return { engine, generation, entries, journal };
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

/**
 * Loads the snapshot's lines that `selection` takes into the engine; returns its generation (0: none yet).
 * With `expected`, loads nothing and returns undefined when the snapshot is of another generation.
 */
function loadSnapshot(engine: oxigraph.Store, file: string, selection: LineSelection | 'all', expected?: number): number | undefined {
  const fd = openIfExists(file);
  if (fd === undefined) return expected === undefined || expected === 0 ? 0 : undefined;
  try {
    const generation = readGeneration(fd, file);
    if (expected !== undefined && generation !== expected) return undefined;
    // A load that takes no predicate at all (the first refresh of a handle) needs no line of the snapshot.
    if (selection !== 'all' && selection.predicates.size === 0 && !selection.except) return generation;
    const lines = selection === 'all' ? chunks(fd) : fs.fstatSync(fd).size >= SELECT_IN_WORKER_BYTES ? selectFileLinesInWorker(fd, file, selection) : selectChunkLines(chunks(fd), selection);
    try {
      engine.load(lines, { format: NQUADS, no_transaction: true, lenient: true });
    } catch (e) {
      if (e instanceof StoreError) throw e; // the thread picking lines failed, not the snapshot
      throw new ArchiveCorruptError(`cannot read snapshot ${file}: ${(e as Error).message}`, { context: { file }, cause: e });
    } finally {
      // Stops the worker of a load the engine gave up part-way, before its descriptor is closed.
      lines.return(undefined);
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
