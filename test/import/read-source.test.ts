import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importSource } from '../../src/import/import-source.js';
import { readSourceInline, readSourceInWorker, type ReadEvent, type ReadRequest } from '../../src/import/read-source.js';
import { deserializeError, serializeError } from '../../src/import/thread-errors.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import * as errors from '../../src/errors.js';
import { InputError } from '../../src/errors.js';
import { ParseBudgetError } from '../../src/parse-budget-error.js';
import { repoRoot } from '../support/shared.js';

const mappings = loadMappings();

/** More runs than the worker may send ahead (8 messages of 16), so its flow control is exercised. */
const RUNS = 300;
const line = (i: number) =>
  JSON.stringify({
    source: { tracker: 'json', location: 'runs.jsonl', runId: `run-${i}` },
    implementation: 'sklearn.ensemble.RandomForestClassifier',
    params: { n_estimators: 10 + i, max_depth: i % 7 },
    // Points with and without timestamps: the worker packs them into numbers and must give both back.
    metrics: {
      test_accuracy: [0.5, 0.6, 0.5 + (i % 10) / 100].map((value, step) => ({ step, value })),
      loss: [2.5, 1.25, 1 / (i + 1)].map((value, step) => ({ step, value, timestamp: 1_700_000_000_000 + i * 1000 + step })),
    },
  });

async function collect(events: AsyncIterable<ReadEvent>): Promise<ReadEvent[]> {
  const all: ReadEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

describe('reading a source in a worker thread', () => {
  let dir: string;
  let file: string;
  const request = (overrides: Partial<ReadRequest> = {}): ReadRequest => ({ tracker: 'json', location: file, mappingVersion: mappings.version, known: new Map(), ...overrides });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-read-source-'));
    file = path.join(dir, 'runs.jsonl');
    const lines = Array.from({ length: RUNS }, (_, i) => line(i));
    lines.splice(100, 0, '{"source": {"tracker": "json", "runId": "broken"}, "params": 7}', '{ not json');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('yields the same events, in the same order, as reading in the calling thread', async () => {
    const inline = await collect(readSourceInline(request()));
    const worker = await collect(readSourceInWorker(request()));
    assert.equal(inline.filter((e) => e.kind === 'run').length, RUNS);
    const reported = (e: ReadEvent) => (e.kind === 'issue' ? e.issue.run : e.kind === 'invalid' ? e.run : undefined);
    assert.ok(inline.some((e) => reported(e) === 'broken'), 'the record failing validation is reported with its run id');
    assert.ok(inline.some((e) => e.kind === 'issue' && e.issue.run === undefined), 'the unparsable line is an issue of its own');
    assert.deepEqual(worker, inline);
  });

  it('reports runs whose digest is already archived as unchanged, without sending their records', async () => {
    const first = await collect(readSourceInWorker(request()));
    const digests = new Map(first.flatMap((e) => (e.kind === 'run' ? [[e.record.source.runId, e.digest] as [string, string]] : [])));
    digests.set('run-5', 'an older digest');
    const again = await collect(readSourceInWorker(request({ known: digests })));
    assert.deepEqual(
      again.filter((e) => e.kind === 'run').map((e) => (e.kind === 'run' ? e.record.source.runId : '')),
      ['run-5'],
    );
    assert.equal(again.filter((e) => e.kind === 'unchanged').length, RUNS - 1);
    const forced = await collect(readSourceInWorker(request({ known: digests, force: true })));
    assert.equal(forced.filter((e) => e.kind === 'run').length, RUNS);
  });

  it('rethrows an error of the reader as the class and fields the caller would have caught in its own thread', async () => {
    const missing = request({ location: path.join(dir, 'no-such-file.jsonl') });
    const inline = await collect(readSourceInline(missing)).then(
      () => assert.fail('reading a missing file must fail'),
      (e: NodeJS.ErrnoException) => e,
    );
    const worker = await collect(readSourceInWorker(missing)).then(
      () => assert.fail('reading a missing file must fail'),
      (e: NodeJS.ErrnoException) => e,
    );
    assert.equal(worker.code, 'ENOENT');
    assert.equal(worker.message, inline.message);
    assert.deepEqual([worker.path, worker.syscall, worker.name], [inline.path, inline.syscall, inline.name]);
  });

  it('carries rungraph errors and parse-budget refusals across with their class, code, context and hint', () => {
    const input = deserializeError(serializeError(new InputError('bad plan', { context: { file: 'plan.yaml', field: 'params' }, hint: 'fix it' })));
    assert.ok(input instanceof InputError);
    assert.deepEqual([input.code, input.context, input.hint, input.message], ['BAD_INPUT', { file: 'plan.yaml', field: 'params' }, 'fix it', 'bad plan']);
    const budget = deserializeError(serializeError(new ParseBudgetError('json_too_complex', 'too deep')));
    assert.ok(budget instanceof ParseBudgetError);
    assert.equal(budget.code, 'json_too_complex');
    const range = deserializeError(serializeError(new RangeError('out')));
    assert.ok(range instanceof RangeError);
    const classes = Object.values(errors).filter((v) => typeof v === 'function' && (v === errors.RungraphError || v.prototype instanceof errors.RungraphError)) as (typeof errors.RungraphError)[];
    assert.ok(classes.length >= 8, 'every rungraph error class is tried');
    for (const Class of classes) assert.ok(deserializeError(serializeError(new Class('m'))) instanceof Class, Class.name);
  });

  it('imports the same archive through the worker as in the calling thread', async () => {
    const sizes: number[] = [];
    const summaries = [];
    for (const readInWorker of [true, false]) {
      const store = await EmbeddedStore.open(path.join(dir, `archive-${readInWorker}`));
      try {
        summaries.push(await importSource(store, file, { tracker: 'json', mappings, readInWorker, batchSize: 50 }));
        sizes.push(store.size);
      } finally {
        await store.close();
      }
    }
    assert.equal(summaries[0].imported, RUNS);
    assert.deepEqual(summaries[0], summaries[1]);
    assert.equal(sizes[0], sizes[1]);
  });

  it('stops reading when the import is aborted, keeping the batches already written', async () => {
    const store = await EmbeddedStore.open(path.join(dir, 'archive-aborted'));
    const controller = new AbortController();
    try {
      const summary = await importSource(store, file, { tracker: 'json', mappings, batchSize: 20, signal: controller.signal, onProgress: () => controller.abort() });
      assert.equal(summary.imported, 20, 'only the first batch was written');
      const count = await store.query('SELECT (COUNT(*) AS ?n) WHERE { ?r a <http://www.w3.org/ns/mls#Run> }');
      assert.equal(count.type === 'bindings' ? Number(count.rows[0].get('n')!.value) : -1, 20);
    } finally {
      await store.close();
    }
  });
});

describe('the built CLI', () => {
  it('imports through its compiled reader thread', function () {
    const cli = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');
    // Built by `npm install` / `npm ci` (prepare) and by CI before the tests; absent only in a bare checkout.
    if (!fs.existsSync(cli)) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-built-cli-'));
    try {
      const file = path.join(dir, 'runs.jsonl');
      fs.writeFileSync(file, `${Array.from({ length: 40 }, (_, i) => line(i)).join('\n')}\n`);
      const archive = path.join(dir, 'archive');
      const run = (args: string[]) => spawnSync(process.execPath, [cli, '--archive', archive, ...args], { encoding: 'utf8', cwd: os.tmpdir() });
      const imported = run(['import', '--tracker', 'json', file]);
      assert.equal(imported.status, 0, imported.stderr);
      assert.match(imported.stdout, /imported 40\b/);
      const stats = run(['stats', '--json']);
      assert.equal(stats.status, 0, stats.stderr);
      assert.equal((JSON.parse(stats.stdout) as { runs: number }).runs, 40);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
