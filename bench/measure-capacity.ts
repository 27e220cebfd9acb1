/**
 * Grows one in-process Oxigraph store with runs of the benchmark's shape until the engine throws (the WASM
 * 4 GiB address space), printing one JSON line per batch: runs, quads, WASM memory, elapsed seconds, and at
 * checkpoints the latency and rows of every reference query and the WASM memory after them. Run it in a
 * process of its own (`npx tsx bench/measure-capacity.ts [max runs] [checkpoint every]`): the store is
 * unusable after the failure.
 *
 * Mapping 50,000+ runs one by one would dominate the time, so a template of real mapped runs is cloned with
 * fresh run ids and series start times: same quads, same string lengths, distinct run IRIs, graphs and
 * long literals (series, stored records), as real runs have.
 */
import { wasmMemoryBytes } from './wasm-memory.js';
import { createHash } from 'node:crypto';

const { default: oxigraph } = await import('oxigraph');
const { Writer, DataFactory } = await import('n3');
const { loadMappings } = await import('../src/mapping/mapping-set.js');
const { archivedRunGraphs } = await import('../src/import/import-source.js');
const { vocabularyGraph } = await import('../src/mapping/vocabulary-graph.js');
const { validateRunRecord } = await import('../src/model/run-record.js');
const { syntheticRecord } = await import('./write-json-lines.js');
const { syntheticRun, runIdOf } = await import('./synthetic-runs.js');
const { benchQueries } = await import('./bench-queries.js');

const TEMPLATE = 200;
const BATCH = 500;
const maxRuns = Number(process.argv[2] ?? 200_000);
const checkpointEvery = Number(process.argv[3] ?? 10_000);

const mappings = loadMappings([]);
const toNQuads = (graphs: { graph: string; quads: import('@rdfjs/types').Quad[] }[]) =>
  new Writer({ format: 'N-Quads' }).quadsToString(graphs.flatMap((g) => g.quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.namedNode(g.graph)))));
const store = new oxigraph.Store();
// The concept schemes an import writes first: labels and measure directions the queries read.
store.load(toNQuads([vocabularyGraph(mappings)]), { format: 'application/n-quads' });
// Each template is a run's own graph; the shared entity graphs the templates mention are loaded once
// (clones mention the same entities, whose graphs a real import would rewrite unchanged).
const templates: { runId: string; nquads: string }[] = [];
for (let i = 0; i < TEMPLATE; i++) {
  const checked = validateRunRecord(syntheticRecord(syntheticRun(i), 'mlflow'));
  if (!checked.ok) throw new Error(`synthetic run ${i} is invalid: ${checked.issues[0].message}`);
  const graphs = archivedRunGraphs(checked.record, mappings, '/bench/mlruns');
  const runGraph = graphs.find((g) => g.graph.endsWith(runIdOf(i)))!;
  templates.push({ runId: runIdOf(i), nquads: toNQuads([runGraph]) });
  store.load(toNQuads(graphs.filter((g) => g !== runGraph)), { format: 'application/n-quads' });
}
/**
 * A template run under a fresh run id, its series made distinct strings too (their start time moves by
 * the clone's number of seconds): the engine stores each distinct long literal once, so clones sharing
 * their series would cost far less memory than real runs.
 */
function uniqueClone(template: { runId: string; nquads: string }, k: number): string {
  return template.nquads
    .replaceAll(template.runId, createHash('md5').update(`capacity:${k}`).digest('hex'))
    .replace(/\\"start\\":(\d+)/g, (_, start: string) => `\\"start\\":${Number(start) + k * 1000}`);
}
const queries = benchQueries();
const started = Date.now();
let runs = 0;
const line = (value: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(value)}\n`);
try {
  while (runs < maxRuns) {
    const parts: string[] = [];
    for (let k = runs; k < runs + BATCH; k++) {
      const t = templates[k % TEMPLATE];
      parts.push(k < TEMPLATE ? t.nquads : uniqueClone(t, k));
    }
    store.load(parts.join(''), { format: 'application/n-quads' });
    runs += BATCH;
    const point: Record<string, unknown> = { runs, quads: store.size, wasmBytes: wasmMemoryBytes(), rssBytes: process.memoryUsage.rss(), seconds: (Date.now() - started) / 1000 };
    if (runs % checkpointEvery === 0) {
      // Every reference query, with its rows: evaluation needs memory of its own beside the data.
      for (const q of queries) {
        const t0 = performance.now();
        const rows = store.query(q.sparql, { use_default_graph_as_union: true }) as unknown[];
        point[q.id] = { ms: Math.round(performance.now() - t0), rows: rows.length };
      }
      point.wasmBytesAfterQueries = wasmMemoryBytes();
    }
    line(point);
  }
  line({ done: true, runs, quads: store.size, wasmBytes: wasmMemoryBytes() });
} catch (e) {
  let quads: number | undefined;
  try {
    quads = store.size;
  } catch {
    // The engine may be unusable after running out of memory.
  }
  line({ failed: true, runs, quads, wasmBytes: wasmMemoryBytes(), error: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
}
