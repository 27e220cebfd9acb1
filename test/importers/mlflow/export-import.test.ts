import { strict as assert } from 'node:assert';
import { mlflowImporter } from '../../../src/importers/mlflow/mlflow-importer.js';
import { drain } from '../../support/drain-importer.js';
import { StoreBuilder } from './store-builder.js';

const RUN_A = 'a'.repeat(32);
const system = { package_version: '1.2.0', script: 'export_run.py', mlflow_version: '2.3.2' };

function runJson(runId: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    system,
    mlflow: {
      info: { run_id: runId, experiment_id: '1', user_id: 'andre', status: 'KILLED', start_time: 1684623849419, end_time: 1684623853222, lifecycle_stage: 'active', run_name: 'wine' },
      params: { max_depth: '4' },
      metrics: { rmse: [{ value: 0.5, timestamp: 1684623849570, step: 0 }, { value: 'NAN_TOKEN', timestamp: 1684623849571, step: 1 }] },
      tags: { 'mlflow.parentRunId': 'p'.repeat(32), 'mlflow.log-model.history': JSON.stringify([{ run_id: runId, artifact_path: 'model', flavors: { sklearn: {} } }]) },
      ...extra,
    },
  }).replace('"NAN_TOKEN"', 'NaN');
}

describe('MLflow importer on mlflow-export-import folders', () => {
  let store: StoreBuilder;
  afterEach(() => store?.remove());

  it('reads runs with bare NaN tokens, experiment names and registry versions, once per run id', async () => {
    store = new StoreBuilder()
      .file('experiments/wine/experiment.json', JSON.stringify({ system, mlflow: { experiment: { experiment_id: '1', name: 'sklearn_wine', lifecycle_stage: 'deleted' }, runs: [RUN_A] } }))
      .file(`experiments/wine/runs/${RUN_A}/run.json`, runJson(RUN_A))
      .file(`other/${RUN_A}/run.json`, runJson(RUN_A))
      .file('models/wine/model.json', JSON.stringify({
        system,
        mlflow: { registered_model: { name: 'wine', aliases: [{ alias: 'champion', version: '1' }], versions: [
          { name: 'wine', version: '1', current_stage: 'Archived', run_id: RUN_A, source: `/srv/mlruns/1/${RUN_A}/artifacts/model`, aliases: [] },
          { name: 'wine', version: '2', current_stage: 'None', run_id: 'f'.repeat(32), source: 'x' },
        ] } },
      }));
    assert.deepEqual(await mlflowImporter.detect(store.root), { ok: true });
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.equal(runs.length, 1);
    const run = runs[0];
    assert.equal(run.source.location, `experiments/wine/runs/${RUN_A}`);
    assert.deepEqual(run.experiment, { id: '1', name: 'sklearn_wine' });
    assert.equal(run.status, 'killed');
    assert.equal(run.deleted, true);
    assert.equal(run.parentRunId, 'p'.repeat(32));
    assert.deepEqual(run.metrics.rmse.map((p) => p.step), [0, 1]);
    assert.ok(Number.isNaN(run.metrics.rmse[1].value));
    assert.deepEqual(run.models, [{ name: 'model', uri: `runs:/${RUN_A}/model`, flavor: 'sklearn', registry: [{ name: 'wine', version: '1', stage: 'Archived', aliases: ['champion'], deleted: false }] }]);
    assert.deepEqual(issues.map((i) => [i.code, i.severity]).sort(), [['duplicate_run', 'warning'], ['missing_run', 'warning']]);
  });

  it('skips a broken run.json with an issue naming it and reads the rest', async () => {
    store = new StoreBuilder()
      .file(`runs/${RUN_A}/run.json`, runJson(RUN_A))
      .file('runs/broken/run.json', '{"system": {}, "mlflow": {"info": {"run_id": "x"')
      .file('runs/noid/run.json', JSON.stringify({ system, mlflow: { info: {} } }));
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.equal(runs.length, 1);
    assert.deepEqual(issues.map((i) => [i.code, i.file]), [['invalid_json', 'runs/broken/run.json'], ['invalid_field', 'runs/noid/run.json']]);
  });
});
