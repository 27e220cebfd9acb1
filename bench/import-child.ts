/**
 * One import, measured in its own process so peak RSS is the import's alone. Prints one JSON line.
 *
 *   import-child.ts rungraph SOURCE ARCHIVE TRACKER   rungraph's import into the embedded archive (close included)
 *   import-child.ts baseline SOURCE NQUADS TRACKER    the floors: read every file of SOURCE as bytes; then read
 *                                                     the same files with the importer, map them, write the
 *                                                     N-Quads to NQUADS and load them into a bare Oxigraph store
 */
import { wasmMemoryBytes } from './wasm-memory.js';
import * as fs from 'node:fs';
import * as path from 'node:path';

const [mode, source, target, tracker] = process.argv.slice(2);
if (!mode || !source || !target || !tracker) throw new TypeError('usage: import-child.ts rungraph|baseline SOURCE TARGET TRACKER');

const { default: oxigraph } = await import('oxigraph');
const { Writer, DataFactory } = await import('n3');
const { loadMappings } = await import('../src/mapping/mapping-set.js');
const { validateRunRecord } = await import('../src/model/run-record.js');
const { importerById } = await import('../src/importers/registry.js');
const { importSource, archivedRunGraphs } = await import('../src/import/import-source.js');
type GraphContent = import('../src/store/store.js').GraphContent;
const { EmbeddedStore } = await import('../src/store/embedded/embedded-store.js');
const { vocabularyGraph } = await import('../src/mapping/vocabulary-graph.js');

const mappings = loadMappings([]);
const seconds = (since: number) => (performance.now() - since) / 1000;
const result: Record<string, unknown> = { mode };

if (mode === 'rungraph') {
  const started = performance.now();
  const store = await EmbeddedStore.open(target);
  let summary: Awaited<ReturnType<typeof importSource>>;
  try {
    summary = await importSource(store, source, { tracker, mappings });
  } catch (e) {
    // Past the archive's limit (--large): report the refusal instead of failing the whole benchmark.
    await store.close();
    if (!(e instanceof Error && 'code' in e && e.code === 'ARCHIVE_CAPACITY')) throw e;
    process.stdout.write(`${JSON.stringify({ mode, refused: e.message, seconds: seconds(started) })}\n`);
    process.exit(0);
  }
  result.importSeconds = seconds(started);
  const closing = performance.now();
  await store.close();
  result.closeSeconds = seconds(closing);
  result.seconds = seconds(started);
  Object.assign(result, { runs: summary.imported, skipped: summary.skipped, issues: summary.issues.length, quads: summary.quads });
} else if (mode === 'baseline') {
  // The issue's floor: reading the same files (bytes only, no parsing) plus the engine's load below.
  const reading = performance.now();
  result.rawReadBytes = readEveryFile(source);
  result.rawReadSeconds = seconds(reading);
  const started = performance.now();
  const fd = fs.openSync(target, 'w');
  const engine = new oxigraph.Store();
  let loadMs = 0;
  let runs = 0;
  let quads = 0;
  const write = (graphs: GraphContent[]) => {
    const text = new Writer({ format: 'N-Quads' }).quadsToString(graphs.flatMap((g) => g.quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.namedNode(g.graph)))));
    fs.writeSync(fd, text);
    const t = performance.now();
    engine.load(text, { format: 'application/n-quads', lenient: true }); // as the archive loads its own N-Quads
    loadMs += performance.now() - t;
  };
  write([vocabularyGraph(mappings)]);
  // The same graphs rungraph writes (run graph with its stored record, shared entity graphs once per batch).
  let batch = new Map<string, GraphContent>();
  let inBatch = 0;
  const flush = () => {
    const graphs = [...batch.values()];
    quads += graphs.reduce((n, g) => n + g.quads.length, 0);
    write(graphs);
    batch = new Map();
    inBatch = 0;
  };
  const root = path.resolve(source);
  for await (const item of importerById(tracker).read(source)) {
    if (item.kind !== 'run') continue;
    const checked = validateRunRecord(item.record);
    if (!checked.ok) continue;
    for (const g of archivedRunGraphs(checked.record, mappings, root)) batch.set(g.graph, g);
    runs++;
    if (++inBatch >= 200) flush();
  }
  flush();
  fs.closeSync(fd);
  Object.assign(result, { seconds: seconds(started), loadSeconds: loadMs / 1000, runs, quads, storeQuads: engine.size });
} else {
  throw new TypeError(`unknown mode ${mode}`);
}
result.peakRssBytes = process.resourceUsage().maxRSS * 1024;

/** Reads every file under `root` once, as bytes; returns how many. */
function readEveryFile(root: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += fs.readFileSync(path.join(entry.parentPath, entry.name)).length;
  }
  return bytes;
}
result.wasmBytes = wasmMemoryBytes();
process.stdout.write(`${JSON.stringify(result)}\n`);
