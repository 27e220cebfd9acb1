import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mlflowImporter } from '../../../src/importers/mlflow/mlflow-importer.js';
import { drain } from '../../support/drain-importer.js';
import { StoreBuilder } from './store-builder.js';

const RUN_A = 'a'.repeat(32);
const RUN_B = 'b'.repeat(32);

describe('MLflow file store importer on bad input', () => {
  let store: StoreBuilder;
  afterEach(() => store?.remove());

  it('skips a run with garbage meta.yaml, names the file, and still imports the other run', async () => {
    store = new StoreBuilder().experiment('0', 'Default').run('0', RUN_A).file(`0/${RUN_B}/meta.yaml`, 'run_id: [unclosed\n\x00\x01: :');
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.deepEqual(runs.map((r) => r.source.runId), [RUN_A]);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].code, 'invalid_yaml');
    assert.equal(issues[0].file, `0/${RUN_B}/meta.yaml`);
    assert.equal(issues[0].run, RUN_B);
    assert.equal(issues[0].severity, 'error');
  });

  it('skips a run whose meta.yaml is truncated to a non-mapping', async () => {
    store = new StoreBuilder().experiment('0', 'Default').file(`0/${RUN_A}/meta.yaml`, 'artifact_uri');
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.equal(runs.length, 0);
    assert.deepEqual(issues.map((i) => [i.code, i.file]), [['invalid_yaml', `0/${RUN_A}/meta.yaml`]]);
  });

  it('skips folders without meta.yaml with a warning: stray root folders and run-level folders', async () => {
    store = new StoreBuilder().experiment('0', 'Default').run('0', RUN_A).file('mlartifacts/0/x.txt', 'x').file('0/.ipynb_checkpoints/foo', 'x');
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.equal(runs.length, 1);
    assert.deepEqual(issues.map((i) => [i.code, i.file, i.severity]).sort(), [
      ['missing_file', '0/.ipynb_checkpoints/meta.yaml', 'warning'],
      ['missing_file', 'mlartifacts/meta.yaml', 'warning'],
    ]);
  });

  it('reports a metric line with the wrong field count by file, line and key and keeps the good lines', async () => {
    store = new StoreBuilder().experiment('0', 'Default').run('0', RUN_A).file(`0/${RUN_A}/metrics/acc`, '1 0.1 0\n1 0.2 1 extra\n3 0.3 2\n');
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.deepEqual(runs[0].metrics.acc.map((p) => [p.step, p.value]), [[0, 0.1], [2, 0.3]]);
    assert.equal(issues.length, 1);
    assert.deepEqual({ ...issues[0], message: undefined }, {
      code: 'bad_metric_line', message: undefined, file: `0/${RUN_A}/metrics/acc`, line: 2, run: RUN_A, path: ['metrics', 'acc'], severity: 'error',
    });
    assert.match(issues[0].message, /found 4/);
  });

  it('caps the issues of a metric file full of garbage, and survives a file with no newline at all', async () => {
    const garbage = Array.from({ length: 50 }, () => 'x y').join('\n');
    store = new StoreBuilder().experiment('0', 'Default').run('0', RUN_A).file(`0/${RUN_A}/metrics/g`, garbage).file(`0/${RUN_A}/metrics/blob`, Buffer.alloc(200_000, 0x41));
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.equal(runs.length, 1);
    assert.equal(runs[0].metrics.g, undefined);
    assert.equal(issues.filter((i) => i.path[1] === 'g').length, 6, 'five lines listed, then one summary');
    assert.match(issues.find((i) => i.path[1] === 'blob')!.message, /too long/);
  });

  it('keeps a param with non-UTF-8 bytes, replaced, with a warning naming the key', async () => {
    store = new StoreBuilder().experiment('0', 'Default').run('0', RUN_A).file(`0/${RUN_A}/params/name`, Buffer.from([0x61, 0xff, 0x62]));
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.equal(runs[0].params.name.raw, 'a\uFFFDb');
    assert.deepEqual(issues.map((i) => [i.code, i.path, i.severity]), [['invalid_utf8', ['params', 'name'], 'warning']]);
  });

  it('skips a param file whose name is not UTF-8, with a warning', async function () {
    store = new StoreBuilder().experiment('0', 'Default').run('0', RUN_A).file(`0/${RUN_A}/params/ok`, '1');
    try {
      fs.writeFileSync(Buffer.concat([Buffer.from(path.join(store.root, '0', RUN_A, 'params', 'bad')), Buffer.from([0xff])]), '2');
    } catch {
      this.skip();
    }
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.deepEqual(Object.keys(runs[0].params), ['ok']);
    assert.deepEqual(issues.map((i) => [i.code, i.severity]), [['invalid_utf8', 'warning']]);
  });

  it('skips a run whose meta.yaml is not UTF-8', async () => {
    store = new StoreBuilder().experiment('0', 'Default').file(`0/${RUN_A}/meta.yaml`, Buffer.from([0x72, 0x3a, 0x20, 0xc3, 0x28, 0x0a]));
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.equal(runs.length, 0);
    assert.equal(issues[0].code, 'invalid_utf8');
  });

  it('reports symlink loops and symlinked folders without following them, and imports the run', async function () {
    store = new StoreBuilder().experiment('0', 'Default').run('0', RUN_A).file(`0/${RUN_A}/params/p`, '1');
    const params = path.join(store.root, '0', RUN_A, 'params');
    try {
      fs.symlinkSync('loop', path.join(params, 'loop'));
      fs.symlinkSync('..', path.join(params, 'up'));
    } catch {
      this.skip();
    }
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.deepEqual(Object.keys(runs[0].params), ['p']);
    assert.deepEqual(issues.map((i) => [i.code, i.file]).sort(), [
      ['symlink_loop', `0/${RUN_A}/params/loop`],
      ['symlink_skipped', `0/${RUN_A}/params/up`],
    ]);
  });

  it('does not wait on a FIFO where meta.yaml should be', async function () {
    store = new StoreBuilder().experiment('0', 'Default').run('0', RUN_A);
    fs.mkdirSync(path.join(store.root, '0', RUN_B));
    const { execFileSync } = await import('node:child_process');
    try {
      execFileSync('mkfifo', [path.join(store.root, '0', RUN_B, 'meta.yaml')]);
    } catch {
      this.skip();
    }
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.deepEqual(runs.map((r) => r.source.runId), [RUN_A]);
    assert.deepEqual(issues.map((i) => [i.code, i.file]), [['not_a_file', `0/${RUN_B}/meta.yaml`]]);
  });

  it('reports a missing folder as one issue instead of throwing', async () => {
    store = new StoreBuilder();
    const missing = path.join(store.base, 'nope');
    assert.equal((await mlflowImporter.detect(missing)).ok, false);
    const { runs, issues } = await drain(mlflowImporter, missing);
    assert.equal(runs.length, 0);
    assert.deepEqual(issues.map((i) => i.code), ['missing_folder']);
  });

  it('keeps a run whose times are not numbers, without them, and says which field', async () => {
    store = new StoreBuilder().experiment('0', 'Default').run('0', RUN_A, { start_time: 'yesterday', status: 9 });
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.equal(runs[0].startTime, undefined);
    assert.equal(runs[0].status, 'unknown');
    assert.deepEqual(issues.map((i) => i.path).sort(), [['start_time'], ['status']]);
  });
});
