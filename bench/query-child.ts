/**
 * Warm query latencies in one process, printed as one JSON line.
 *
 *   query-child.ts rungraph ARCHIVE NQUADS REPEATS   rungraph's embedded archive (opened read-only), then a bare
 *                                                    Oxigraph store loaded with the same N-Quads
 *   query-child.ts comunica NQUADS QUERY-ID REPEATS LIMIT-S  Comunica over an n3 Store; gives up LIMIT-S seconds
 *                                                    after the load (the parent also kills it, as a backstop)
 *   query-child.ts remote URI NQUADS REPEATS         a SPARQL server (Virtuoso) through rungraph's remote store,
 *                                                    loaded with the same N-Quads first
 * Each query runs once to warm up, then REPEATS times; the median is reported.
 */
import { wasmMemoryBytes } from './wasm-memory.js';
import * as fs from 'node:fs';

const [mode, ...args] = process.argv.slice(2);
const { default: oxigraph } = await import('oxigraph');
const { Parser, Store: N3Store } = await import('n3');
const { benchQueries } = await import('./bench-queries.js');
const { EmbeddedStore } = await import('../src/store/embedded/embedded-store.js');

type Timing = { id: string; medianMs: number; rows: number };
const queries = benchQueries();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(repeats: number, run: () => Promise<number> | number): Promise<{ medianMs: number; rows: number }> {
  let rows = await run();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    rows = await run();
    samples.push(performance.now() - t);
  }
  return { medianMs: median(samples), rows };
}

/** N-Quads in chunks that end on a line boundary, so a large file never becomes one string. */
function* nquadChunks(file: string): Generator<string> {
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(16 * 1024 * 1024);
  let rest = '';
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const text = rest + buffer.subarray(0, n).toString('utf8');
      const cut = text.lastIndexOf('\n') + 1;
      rest = text.slice(cut);
      yield text.slice(0, cut);
    }
    if (rest) yield rest;
  } finally {
    fs.closeSync(fd);
  }
}

const out: Record<string, unknown> = { mode };
if (mode === 'rungraph') {
  const [archive, nquads, repeatText] = args;
  const repeats = Number(repeatText);
  let t = performance.now();
  // Loaded whole, as `rungraph serve` holds it: warm latency is measured on the whole archive.
  const store = await EmbeddedStore.open(archive, { readOnly: true, preload: true });
  out.openSeconds = (performance.now() - t) / 1000;
  out.quads = store.size;
  const rungraph: Timing[] = [];
  for (const q of queries) {
    rungraph.push({ id: q.id, ...(await time(repeats, async () => {
      const r = await store.query(q.sparql);
      return r.type === 'bindings' ? r.rows.length : 0;
    })) });
  }
  out.rungraph = rungraph;
  out.wasmBytes = wasmMemoryBytes();
  await store.close();
  const engine = new oxigraph.Store();
  t = performance.now();
  for (const chunk of nquadChunks(nquads)) engine.load(chunk, { format: 'application/n-quads', lenient: true });
  out.rawLoadSeconds = (performance.now() - t) / 1000;
  const raw: Timing[] = [];
  for (const q of queries) {
    raw.push({ id: q.id, ...(await time(repeats, () => (engine.query(q.sparql, { use_default_graph_as_union: true }) as unknown[]).length)) });
  }
  out.raw = raw;
} else if (mode === 'comunica') {
  const [nquads, id, repeatText, limitText] = args;
  const { QueryEngine } = await import('@comunica/query-sparql');
  const store = new N3Store();
  let t = performance.now();
  for (const chunk of nquadChunks(nquads)) store.addQuads(new Parser({ format: 'N-Quads' }).parse(chunk));
  out.loadSeconds = (performance.now() - t) / 1000;
  const engine = new QueryEngine();
  const q = queries.find((x) => x.id === id)!;
  setTimeout(() => {
    process.stdout.write(`${JSON.stringify({ ...out, id, timedOut: true })}\n`);
    process.exit(0);
  }, Number(limitText) * 1000).unref();
  const samples: number[] = [];
  for (let i = 0; i <= Number(repeatText); i++) {
    t = performance.now();
    const stream = await engine.queryBindings(q.sparql, { sources: [store], unionDefaultGraph: true });
    const rows = (await stream.toArray()).length;
    if (i > 0) samples.push(performance.now() - t);
    else out.firstMs = performance.now() - t;
    out.rows = rows;
    out.medianMs = samples.length ? median(samples) : out.firstMs;
    // Print after every run, so a later repeat that hits the limit keeps what was measured.
    process.stdout.write(`${JSON.stringify({ ...out, id })}\n`);
  }
  process.exit(0);
} else if (mode === 'remote') {
  const [uri, nquads, repeatText] = args;
  const { RemoteStore } = await import('../src/store/remote/remote-store.js');
  const store = await RemoteStore.open(uri, { timeoutMs: 600_000 });
  const t = performance.now();
  // Load graph by graph, in batches, as rungraph's import would write them.
  let pending = new Map<string, import('@rdfjs/types').Quad[]>();
  const flush = async () => {
    await store.replaceGraphs([...pending].map(([graph, quads]) => ({ graph, quads })));
    pending = new Map();
  };
  for (const chunk of nquadChunks(nquads)) {
    for (const q of new Parser({ format: 'N-Quads' }).parse(chunk)) {
      const g = q.graph.value;
      if (!pending.has(g)) {
        if (pending.size >= 50) await flush();
        pending.set(g, []);
      }
      pending.get(g)!.push(q);
    }
  }
  await flush();
  out.loadSeconds = (performance.now() - t) / 1000;
  const remote: Timing[] = [];
  for (const q of queries) {
    remote.push({ id: q.id, ...(await time(Number(repeatText), async () => {
      const r = await store.query(q.serverSparql);
      return r.type === 'bindings' ? r.rows.length : 0;
    })) });
  }
  out.remote = remote;
  await store.close();
} else {
  throw new TypeError(`unknown mode ${mode}`);
}
out.peakRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify(out)}\n`);
