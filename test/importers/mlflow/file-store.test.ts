import { strict as assert } from 'node:assert';
import { mlflowImporter } from '../../../src/importers/mlflow/mlflow-importer.js';
import { drain } from '../../support/drain-importer.js';
import { StoreBuilder } from './store-builder.js';

const RUN_A = 'a'.repeat(32);
const RUN_B = 'b'.repeat(32);
const RUN_C = 'c'.repeat(32);

describe('MLflow file store importer', () => {
  let store: StoreBuilder;
  afterEach(() => store?.remove());

  it('detects the store itself and a folder holding mlruns/, and declines an empty folder with a reason', async () => {
    store = new StoreBuilder().experiment('0', 'Default');
    assert.deepEqual(await mlflowImporter.detect(store.root), { ok: true });
    assert.deepEqual(await mlflowImporter.detect(store.base), { ok: true });
    const empty = new StoreBuilder();
    const answer = await mlflowImporter.detect(empty.root);
    empty.remove();
    assert.equal(answer.ok, false);
    assert.match((answer as { reason: string }).reason, /experiment/);
  });

  it('detects a store whose only experiments are in .trash/, but not any folder that has a .trash/', async () => {
    store = new StoreBuilder().file('.trash/3/meta.yaml', "experiment_id: '3'\nname: gone\n");
    assert.deepEqual(await mlflowImporter.detect(store.root), { ok: true });
    const other = new StoreBuilder().file('.trash/old-file.txt', 'x').file('.trash/folder/notes.txt', 'x');
    const answer = await mlflowImporter.detect(other.root);
    other.remove();
    assert.equal(answer.ok, false);
  });

  it('reads run meta, params, tags and metrics, with `/` keys as nested folders', async () => {
    store = new StoreBuilder()
      .experiment('1', 'exp-one')
      .run('1', RUN_A, { status: 4, run_name: 'first' })
      .file(`1/${RUN_A}/params/lr`, '0.01')
      .file(`1/${RUN_A}/params/model/depth`, '5')
      .file(`1/${RUN_A}/tags/mlflow.user`, 'bob')
      .file(`1/${RUN_A}/tags/mlflow.source.git.commit`, 'abc123')
      .file(`1/${RUN_A}/tags/mlflow.source.name`, 'train.py')
      .file(`1/${RUN_A}/tags/estimator_class`, 'sklearn.linear_model._logistic.LogisticRegression')
      .file(`1/${RUN_A}/metrics/train/loss`, '1700000001000 0.5 0\n1700000002000 0.25 1\n')
      .file(`1/${RUN_A}/metrics/old`, '1700000001000 3\n')
      .file(`1/${RUN_A}/metrics/odd`, '1700000001000 nan 0\n1700000002000 inf 1\n1700000003000 -inf 2\n')
      .file(`1/${RUN_A}/metrics/autolog`, '1700000001000 0.9 3 train_ds 0123abcd\n');
    const { runs, issues } = await drain(mlflowImporter, store.base);
    assert.deepEqual(issues, []);
    assert.equal(runs.length, 1);
    const run = runs[0];
    // Imported through the folder holding mlruns/: the location is relative to what was imported.
    assert.deepEqual(run.source, { tracker: 'mlflow', location: `mlruns/1/${RUN_A}`, runId: RUN_A });
    assert.deepEqual(run.experiment, { id: '1', name: 'exp-one' });
    assert.equal(run.name, 'first');
    assert.equal(run.status, 'failed');
    assert.equal(run.startTime, new Date(1700000000000).toISOString());
    assert.equal(run.endTime, new Date(1700000005000).toISOString());
    assert.equal(run.user, 'bob', 'the mlflow.user tag wins over user_id');
    assert.deepEqual(run.code, { commit: 'abc123', entryPoint: 'train.py' });
    assert.equal(run.implementation, 'sklearn.linear_model._logistic.LogisticRegression');
    assert.deepEqual(run.params.lr, { type: 'float', value: 0.01, raw: '0.01' });
    assert.deepEqual(run.params['model/depth'], { type: 'integer', value: 5, raw: '5' });
    assert.deepEqual(run.metrics['train/loss'], [
      { step: 0, timestamp: 1700000001000, value: 0.5 },
      { step: 1, timestamp: 1700000002000, value: 0.25 },
    ]);
    assert.deepEqual(run.metrics.old, [{ step: 0, timestamp: 1700000001000, value: 3 }]);
    assert.ok(Number.isNaN(run.metrics.odd[0].value));
    assert.deepEqual(run.metrics.odd.slice(1).map((p) => p.value), [Infinity, -Infinity]);
    assert.deepEqual(run.metrics.autolog, [{ step: 3, timestamp: 1700000001000, value: 0.9 }]);
    assert.equal(run.deleted, false);
  });

  it('maps every integer status, and a missing status to running as MLflow does', async () => {
    store = new StoreBuilder().experiment('0', 'Default');
    const ids = ['1', '2', '3', '4', '5', '6'].map((s) => `${s}f`.repeat(16));
    [1, 2, 3, 4, 5].forEach((status, i) => store.run('0', ids[i], { status }));
    store.file(`0/${ids[5]}/meta.yaml`, `run_id: ${ids[5]}\nexperiment_id: '0'\n`);
    const { runs } = await drain(mlflowImporter, store.root);
    const byId = Object.fromEntries(runs.map((r) => [r.source.runId, r.status]));
    assert.deepEqual(ids.map((id) => byId[id]), ['running', 'unknown', 'finished', 'failed', 'killed', 'running']);
  });

  it('marks runs of experiments in .trash deleted even when meta.yaml says active, and soft-deleted runs', async () => {
    store = new StoreBuilder()
      .experiment('0', 'Default')
      .run('0', RUN_A, { lifecycle_stage: 'deleted', status: 1, end_time: null })
      .run('0', RUN_B)
      .file('.trash/7/meta.yaml', "artifact_location: x\nexperiment_id: '7'\nlifecycle_stage: active\nname: gone\n")
      .run('.trash/7', RUN_C);
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.deepEqual(issues, []);
    const byId = Object.fromEntries(runs.map((r) => [r.source.runId, r]));
    assert.equal(byId[RUN_A].deleted, true);
    assert.equal(byId[RUN_A].status, 'running');
    assert.equal(byId[RUN_A].endTime, undefined);
    assert.equal(byId[RUN_B].deleted, false);
    assert.equal(byId[RUN_C].deleted, true);
    assert.equal(byId[RUN_C].source.location, `.trash/7/${RUN_C}`);
    assert.deepEqual(byId[RUN_C].experiment, { id: '7', name: 'gone' });
  });

  it('links nested runs through mlflow.parentRunId and takes the name from mlflow.runName in 1.x stores', async () => {
    store = new StoreBuilder()
      .experiment('0', 'Default')
      .run('0', RUN_A, { run_name: null, name: "''" })
      .file(`0/${RUN_A}/tags/mlflow.runName`, 'parent')
      .run('0', RUN_B, { run_name: null })
      .file(`0/${RUN_B}/tags/mlflow.parentRunId`, RUN_A);
    const { runs } = await drain(mlflowImporter, store.root);
    const byId = Object.fromEntries(runs.map((r) => [r.source.runId, r]));
    assert.equal(byId[RUN_A].name, 'parent');
    assert.equal(byId[RUN_A].parentRunId, undefined);
    assert.equal(byId[RUN_B].parentRunId, RUN_A);
  });

  it('reads dataset inputs, 3.x logged-model outputs, and the model registry with stages, aliases and deleted versions', async () => {
    store = new StoreBuilder()
      .experiment('0', 'Default')
      .run('0', RUN_A)
      .file('0/datasets/d1/meta.yaml', `digest: 48848ef0\nname: iris\nsource: '{"uri": "s3://bucket/iris.csv"}'\nsource_type: s3\n`)
      .file('0/datasets/d2/meta.yaml', `digest: a3fbca02\nname: iris-eval\nsource: '{"tags": {}}'\nsource_type: code\n`)
      .file(`0/${RUN_A}/inputs/i1/meta.yaml`, 'destination_id: d1\ndestination_type: RUN\nsource_id: d1\nsource_type: DATASET\ntags:\n  mlflow.data.context: train\n')
      .file(`0/${RUN_A}/inputs/i2/meta.yaml`, 'destination_id: d2\ndestination_type: RUN\nsource_id: d2\nsource_type: DATASET\ntags:\n  mlflow.data.context: eval\n')
      .file(`0/${RUN_A}/outputs/m-1/meta.yaml`, 'destination_id: m-1\ndestination_type: MODEL_OUTPUT\nsource_id: m-1\nsource_type: RUN_OUTPUT\nstep: 0\ntags: {}\n')
      .file('0/models/m-1/meta.yaml', `model_id: m-1\nname: forest\nsource_run_id: ${RUN_A}\nstatus: 2\nexperiment_id: '0'\n`)
      .file('models/reg/meta.yaml', "aliases:\n  champion: '2'\nname: reg\n")
      .file('models/reg/aliases/best', '1')
      .file('models/reg/version-1/meta.yaml', `current_stage: Production\nmodel_id: m-1\nname: reg\nrun_id: ${RUN_A}\nsource: models:/m-1\nversion: 1\n`)
      .file('models/reg/version-2/meta.yaml', `current_stage: None\nname: reg\nrun_id: ${RUN_A}\nsource: runs:/${RUN_A}/model\nversion: 2\n`)
      .file('models/reg/version-3/meta.yaml', `current_stage: Deleted_Internal\nmodel_id: m-1\nname: reg\nrun_id: ${RUN_A}\nsource: models:/m-1\nversion: 3\n`);
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.deepEqual(issues, []);
    const run = runs[0];
    assert.deepEqual(run.datasets, [
      { name: 'iris', digest: '48848ef0', source: 's3://bucket/iris.csv', context: 'train' },
      { name: 'iris-eval', digest: 'a3fbca02', context: 'eval' },
    ]);
    assert.deepEqual(run.models, [
      {
        id: 'm-1',
        name: 'forest',
        uri: 'models:/m-1',
        registry: [
          { name: 'reg', version: '1', stage: 'Production', aliases: ['best'], deleted: false },
          { name: 'reg', version: '3', aliases: [], deleted: true },
        ],
      },
      { uri: `runs:/${RUN_A}/model`, registry: [{ name: 'reg', version: '2', aliases: ['champion'], deleted: false }] },
    ]);
  });

  it('joins registry versions to the model of the mlflow.log-model.history tag (2.x)', async () => {
    const history = JSON.stringify([{ run_id: RUN_A, artifact_path: 'model', flavors: { python_function: {}, sklearn: {} }, model_uuid: 'u1' }]);
    store = new StoreBuilder()
      .experiment('0', 'Default')
      .run('0', RUN_A)
      .file(`0/${RUN_A}/tags/mlflow.log-model.history`, history)
      .file('models/reg/meta.yaml', 'name: reg\n')
      .file('models/reg/version-1/meta.yaml', `current_stage: Staging\nname: reg\nrun_id: ${RUN_A}\nsource: file:///x/mlruns/0/${RUN_A}/artifacts/model\nversion: 1\n`);
    const { runs } = await drain(mlflowImporter, store.root);
    assert.deepEqual(runs[0].models, [
      { id: 'u1', name: 'model', uri: `runs:/${RUN_A}/model`, flavor: 'sklearn', registry: [{ name: 'reg', version: '1', stage: 'Staging', aliases: [], deleted: false }] },
    ]);
  });

  it('lists artifacts with sizes and reads library pins beside a logged model', async () => {
    const pins = 'mlflow==2.9.2\nscikit_learn==1.3.0\nnumpy>=1\n';
    store = new StoreBuilder()
      .experiment('0', 'Default')
      .run('0', RUN_A)
      .file(`0/${RUN_A}/artifacts/notes.txt`, 'hello')
      .file(`0/${RUN_A}/artifacts/model/MLmodel`, 'flavors: {}\n')
      .file(`0/${RUN_A}/artifacts/model/requirements.txt`, pins);
    const { runs } = await drain(mlflowImporter, store.root);
    const sizes = Object.fromEntries(runs[0].artifacts.map((a) => [a.path, a.size]));
    assert.deepEqual(sizes, { 'model/MLmodel': 'flavors: {}\n'.length, 'model/requirements.txt': pins.length, 'notes.txt': 5 });
    assert.deepEqual(runs[0].environment?.libraries, { mlflow: '2.9.2', 'scikit-learn': '1.3.0' });
  });

  it('reads the store of a tracking server whose artifacts and logged models live in mlartifacts/ beside mlruns/', async () => {
    store = new StoreBuilder()
      .experiment('0', 'Default')
      .run('0', RUN_A, { artifact_uri: `mlflow-artifacts:/0/${RUN_A}/artifacts` })
      .file('0/models/m-9/meta.yaml', `artifact_location: mlflow-artifacts:/0/models/m-9/artifacts\nmodel_id: m-9\nname: net\nsource_run_id: ${RUN_A}\n`);
    const artifacts = new StoreBuilder(store.base);
    (artifacts as { root: string }).root = `${store.base}/mlartifacts`;
    artifacts
      .file(`0/${RUN_A}/artifacts/plot.png`, 'png!')
      .file('0/models/m-9/artifacts/MLmodel', 'flavors:\n  python_function:\n    env: {}\n  pytorch:\n    pytorch_version: 2.3.0\n')
      .file('0/models/m-9/artifacts/requirements.txt', 'mlflow==3.1.1\ntorch==2.3.0\n');
    const { runs } = await drain(mlflowImporter, store.root);
    assert.deepEqual(runs[0].artifacts, [{ path: 'plot.png', size: 4 }]);
    assert.deepEqual(runs[0].models, [{ id: 'm-9', name: 'net', uri: 'models:/m-9', flavor: 'pytorch', registry: [] }]);
    assert.deepEqual(runs[0].environment?.libraries, { mlflow: '3.1.1', torch: '2.3.0' });
  });
});
