import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dvcImporter } from '../../../src/importers/dvc/dvc-importer.js';
import { drain } from '../../support/drain-importer.js';

const BASE = '53c3851f46955fa3e2b8f6e1c52999acc8c9ea77';
const EXP = 'f0778b3eb6a390d6f6731c735a2a4561d1792c3a';
const QUEUED = '4f2ec6e2e4ad52ad8d2a1c2ba5eb3d4e9c5f1a22';

const data = (lr: number, acc: number, timestamp: string | null): Record<string, unknown> => ({
  timestamp,
  params: { 'params.yaml': { data: { train: { lr, epochs: 10 } } } },
  metrics: { 'dvclive/metrics.json': { data: { acc, step: 9 } } },
  deps: { 'data/train.csv': { hash: 'abc123', size: 10, nfiles: null }, 'src/train.py': { hash: 'def', size: 1, nfiles: null } },
  outs: { 'model.pt': { hash: '999', size: 5, nfiles: null, use_cache: true, is_data_source: false } },
});

const dvc3 = [
  { rev: 'workspace', data: { rev: 'workspace', ...data(0.3, 0.5, null) } },
  {
    rev: BASE,
    name: 'main',
    branch: 'main',
    data: { rev: BASE, ...data(0.1, 0.8, '2023-05-01T10:00:00') },
    experiments: [
      { name: 'messy-tire', revs: [{ rev: EXP, name: 'messy-tire', data: { rev: EXP, ...data(0.2, 0.9, '2023-05-02T11:30:00') } }], executor: null },
      { name: 'queued-one', revs: [{ rev: QUEUED, name: 'queued-one', data: { rev: QUEUED, ...data(0.4, 0, null) } }], executor: { state: 'queued', name: 'dvc-task', local: null } },
      { revs: [{ rev: 'bad0000', error: { type: 'YAMLFileCorruptedError', msg: 'unable to read' } }] },
    ],
  },
];

const dvc2 = {
  workspace: { baseline: { data: { timestamp: null, params: { 'params.yaml': { data: { lr: 0.3 } } }, queued: false, running: false, executor: null } } },
  [BASE]: {
    baseline: { data: { timestamp: '2021-01-01T00:00:00', params: { 'params.yaml': { data: { lr: 0.1 } } }, metrics: { 'metrics.json': { data: { acc: 0.8 } } }, name: 'main' } },
    [EXP]: {
      data: {
        timestamp: '2021-01-02T00:00:00', params: { 'params.yaml': { data: { lr: 0.2 } } }, metrics: { 'metrics.json': { data: { acc: 0.9 } } },
        queued: false, running: true, executor: 'workspace', name: 'exp-9bc1b', checkpoint_tip: EXP, checkpoint_parent: BASE,
      },
    },
  },
};

describe('dvc importer: exp show --json', () => {
  let dir: string;
  const write = (name: string, content: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-dvc-exp-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('detects both shapes', async () => {
    assert.deepEqual(await dvcImporter.detect(write('a.json', JSON.stringify(dvc3))), { ok: true });
    assert.deepEqual(await dvcImporter.detect(write('b.json', JSON.stringify(dvc2))), { ok: true });
  });

  it('reads the DVC 3 array: workspace, baseline and experiments with status, params, metrics and inputs', async () => {
    const { runs, issues } = await drain(dvcImporter, write('exp.json', JSON.stringify(dvc3)));
    assert.deepEqual(runs.map((r) => [r.source.runId, r.name, r.status]), [
      [`workspace:${BASE}`, 'workspace', 'unknown'], [BASE, 'main', 'finished'], [EXP, 'messy-tire', 'finished'], [QUEUED, 'queued-one', 'unknown'],
    ]);
    assert.deepEqual(issues.map((i) => [i.code, i.run, i.file]), [['dvc_error', 'bad0000', 'exp.json']]);
    const exp = runs[2];
    assert.equal(exp.parentRunId, BASE);
    assert.deepEqual(exp.experiment, { id: BASE, name: 'main' });
    assert.equal(exp.source.location, `exp.json#${EXP}`);
    assert.deepEqual(exp.params['train.lr'], { type: 'float', value: 0.2, raw: '0.2' });
    assert.deepEqual(exp.metrics.acc, [{ step: 9, value: 0.9 }]);
    assert.equal(exp.endTime, '2023-05-02T11:30:00.000Z');
    assert.deepEqual(exp.datasets, [{ name: 'data/train.csv', digest: 'abc123', source: 'data/train.csv' }]);
    assert.deepEqual(exp.models.map((m) => [m.name, m.digest]), [['model.pt', '999']]);
    assert.equal(runs[3].tags['dvc.executor_state'], 'queued');
    assert.equal(runs[1].parentRunId, undefined);
  });

  it('reads the DVC 2 object keyed by baseline revision', async () => {
    const { runs, issues } = await drain(dvcImporter, write('exp.json', JSON.stringify(dvc2)));
    assert.deepEqual(issues, []);
    assert.deepEqual(runs.map((r) => [r.source.runId, r.name, r.status]), [
      [`workspace:${BASE}`, 'workspace', 'unknown'], [BASE, 'main', 'finished'], [EXP, 'exp-9bc1b', 'running'],
    ]);
    assert.deepEqual(runs[2].params.lr.value, 0.2);
    assert.deepEqual(runs[2].metrics.acc, [{ step: 0, value: 0.9 }]);
    assert.equal(runs[2].tags['dvc.checkpoint_parent'], BASE);
    assert.equal(runs[2].parentRunId, BASE);
  });

  it('reports truncated JSON and wrong shapes by file name', async () => {
    const truncated = await drain(dvcImporter, write('t.json', JSON.stringify(dvc3).slice(0, 200)));
    assert.deepEqual(truncated.runs, []);
    assert.deepEqual(truncated.issues.map((i) => [i.code, i.file]), [['invalid_json', 't.json']]);
    const wrong = await drain(dvcImporter, write('w.json', '[{"rev": "workspace"}, 7, {"rev": "abc", "experiments": [{"revs": 3}]}]'));
    assert.deepEqual(wrong.runs.map((r) => r.source.runId), ['workspace:abc', 'abc']);
    assert.deepEqual(wrong.issues.map((i) => [i.code, i.path]), [['invalid_type', [1]], ['invalid_type', [2, 'experiments', 0]]]);
    const scalar = await drain(dvcImporter, write('s.json', '"hello"'));
    assert.deepEqual(scalar.issues.map((i) => [i.code, i.file]), [['invalid_type', 's.json']]);
  });
});
