/**
 * `npm run bench`: generates synthetic MLflow file stores of N runs, imports each into a fresh embedded
 * archive and measures import, size, memory, cold and warm queries, beside raw Oxigraph, Comunica over an
 * n3 Store (small N only, with a time limit) and a SPARQL server when RUNGRAPH_TEST_SPARQL names one.
 * Prints a table and rewrites the generated part of docs/benchmarks.md. It reports figures; it never
 * asserts them.
 *
 *   npm run bench                  N = 1,000 and 10,000
 *   npm run bench -- --large       also N = 100,000
 *   npm run bench -- --sizes 1000 --repeats 3 --no-docs --keep
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { importers } from '../src/importers/registry.js';
import { benchQueries } from './bench-queries.js';
import { repoDir, runBenchScript, runChild } from './child-process.js';
import { renderReport, writeDocs, type SizeResult, type Timing } from './report.js';
import { coldQueryWithServer } from './served-query.js';
import { writeJsonLines } from './write-json-lines.js';
import { writeMlflowStore } from './write-mlflow-store.js';

const { values: opts } = parseArgs({
  options: {
    large: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    repeats: { type: 'string', default: '5' },
    'cold-repeats': { type: 'string', default: '3' },
    'comunica-max': { type: 'string', default: '1000' },
    'comunica-limit': { type: 'string', default: '60' },
    // Loading a SPARQL server through the remote store takes about a minute per 1,000 runs.
    'server-max': { type: 'string', default: String(Number.MAX_SAFE_INTEGER) },
    work: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
  },
});

const sizes = opts.sizes ? opts.sizes.split(',').map(Number) : opts.large ? [1_000, 10_000, 100_000] : [1_000, 10_000];
const repeats = Number(opts.repeats);
const comunicaLimitMs = Number(opts['comunica-limit']) * 1000;
const cli = path.join(repoDir, 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(cli)) throw new Error(`${path.relative(repoDir, cli)} is missing: run npm run build first (npm run bench does)`);
const work = opts.work ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-bench-'));
const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Apparent size and blocks on disk of a file or folder (du, as the user would measure it). */
function diskUsage(target: string): { bytes: number; diskBytes: number } {
  const du = (extra: string[]) => Number(spawnSync('du', ['-s', '--block-size=1', ...extra, target], { encoding: 'utf8' }).stdout.split(/\s/)[0]);
  return { bytes: du(['--apparent-size']), diskBytes: du([]) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function benchSize(n: number): Promise<SizeResult | { n: number; refused: string }> {
  const dir = path.join(work, String(n));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // The MLflow importer is the realistic path; JSON Lines records of the same runs are the fallback.
  const tracker = importers.some((i) => i.id === 'mlflow') ? 'mlflow' : 'json';
  const source = path.join(dir, tracker === 'mlflow' ? 'mlruns' : 'runs.jsonl');
  log(`N=${n}: writing ${tracker === 'mlflow' ? 'an MLflow file store' : 'JSON Lines'}`);
  const t = performance.now();
  if (tracker === 'mlflow') writeMlflowStore(source, n);
  else writeJsonLines(source, n);
  const generateSeconds = (performance.now() - t) / 1000;
  const sourceSize = diskUsage(source);

  const archive = path.join(dir, 'archive');
  log(`N=${n}: rungraph import`);
  const imported = (await runBenchScript('import-child.ts', ['rungraph', source, archive, tracker])).result!;
  if (typeof imported.refused === 'string') {
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
    return { n, refused: imported.refused };
  }
  const archiveSize = diskUsage(archive);
  const nquads = path.join(dir, 'archive.nq');
  log(`N=${n}: baseline (read + map + raw Oxigraph load)`);
  const baseline = (await runBenchScript('import-child.ts', ['baseline', source, nquads, tracker])).result!;

  const queries = benchQueries();
  const cold: Timing[] = [];
  for (const q of queries) {
    log(`N=${n}: cold rungraph query ${q.id}`);
    const samples: number[] = [];
    for (let i = 0; i < Number(opts['cold-repeats']); i++) {
      const params = Object.entries(q.params).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
      const child = await runChild([cli, '--archive', archive, 'query', q.file, ...params, '--format', 'csv']);
      if (child.code !== 0) throw new Error(`rungraph query ${q.id} failed: ${child.stderr.slice(-1000)}`);
      samples.push(child.ms);
    }
    // Each query loads only the quads it can match (decision 0002), so each has its own cold time.
    cold.push({ id: q.id, medianMs: median(samples), rows: -1 });
  }

  log(`N=${n}: warm queries (rungraph, raw Oxigraph)`);
  const warm = (await runBenchScript('query-child.ts', ['rungraph', archive, nquads, String(repeats)])).result!;

  const result: SizeResult = { n, tracker, generateSeconds, source: sourceSize, archive: archiveSize, import: imported, baseline, cold, warm };

  // Cold query with a warm `rungraph serve` of the archive running; it must print what the warm query returns.
  const compare = queries.find((q) => q.id === 'compare-algorithms')!;
  log(`N=${n}: cold rungraph query ${compare.id} with rungraph serve running`);
  result.coldServed = await coldQueryWithServer(cli, archive, compare, Number(opts['cold-repeats']));
  const warmRows = (warm.rungraph as Timing[]).find((q) => q.id === compare.id)?.rows;
  if (result.coldServed.rows !== warmRows) throw new Error(`served ${compare.id} printed ${result.coldServed.rows} rows, the warm query returned ${warmRows}`);
  if (n <= Number(opts['comunica-max'])) {
    result.comunica = {};
    for (const q of queries) {
      log(`N=${n}: Comunica over n3 ${q.id} (limit ${comunicaLimitMs / 1000} s)`);
      // The child gives up at the limit after loading the n3 Store; the kill here is a backstop.
      const { result: r } = await runBenchScript('query-child.ts', ['comunica', nquads, q.id, String(Math.min(repeats, 3)), String(comunicaLimitMs / 1000)], comunicaLimitMs + 300_000);
      result.comunica[q.id] = r && r.medianMs !== undefined ? { medianMs: r.medianMs as number, rows: r.rows as number, timedOut: false } : { timedOut: true };
      if (r && (r.loadSeconds as number) > 0) result.comunicaLoadSeconds = r.loadSeconds as number;
    }
  }
  const remote = process.env.RUNGRAPH_TEST_SPARQL;
  if (remote && n <= Number(opts['server-max'])) {
    log(`N=${n}: SPARQL server at ${remote}`);
    result.remote = (await runBenchScript('query-child.ts', ['remote', remote, nquads, String(repeats)])).result;
  }
  if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

const results: SizeResult[] = [];
const refusals: string[] = [];
for (const n of sizes) {
  const result = await benchSize(n);
  if ('refused' in result) refusals.push(`At ${result.n.toLocaleString('en-US')} runs the embedded archive refused the import: ${result.refused}.`);
  else results.push(result);
}
if (results.length === 0) throw new Error(refusals.join('\n'));
const report = [renderReport(results, { repeats, comunicaLimitSeconds: comunicaLimitMs / 1000, machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}` }), ...refusals].join('\n\n');
process.stdout.write(`${report}\n`);
if (!opts['no-docs']) writeDocs(path.join(repoDir, 'docs', 'benchmarks.md'), report);
if (opts.keep) log(`kept the sources and archives in ${work}`);
else fs.rmSync(work, { recursive: true, force: true });
