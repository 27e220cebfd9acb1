import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import { mlflowImporter } from '../../../src/importers/mlflow/mlflow-importer.js';
import { drain } from '../../support/drain-importer.js';
import { StoreBuilder } from './store-builder.js';

const RUN_A = 'a'.repeat(32);
const RUN_B = 'b'.repeat(32);
const RUN_C = 'c'.repeat(32);

/** The tables and columns of MLflow's SQL store that the importer reads (names as MLflow defines them). */
const SCHEMA = `
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
CREATE TABLE experiments (experiment_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE, artifact_location VARCHAR(256),
  lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT);
CREATE TABLE experiment_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), experiment_id INTEGER NOT NULL, PRIMARY KEY (key, experiment_id));
CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500),
  entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, source_version VARCHAR(50),
  lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER, deleted_time BIGINT);
CREATE TABLE params (key VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (key, run_uuid));
CREATE TABLE tags (key VARCHAR(250) NOT NULL, value VARCHAR(8000), run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (key, run_uuid));
CREATE TABLE metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL, PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan));
CREATE TABLE latest_metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL,
  run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (key, run_uuid));
CREATE TABLE datasets (dataset_uuid VARCHAR(36) NOT NULL, experiment_id INTEGER NOT NULL, name VARCHAR(500) NOT NULL, digest VARCHAR(36) NOT NULL,
  dataset_source_type VARCHAR(36) NOT NULL, dataset_source TEXT NOT NULL, dataset_schema TEXT, dataset_profile TEXT, PRIMARY KEY (experiment_id, name, digest));
CREATE TABLE inputs (input_uuid VARCHAR(36) NOT NULL, source_type VARCHAR(36) NOT NULL, source_id VARCHAR(36) NOT NULL,
  destination_type VARCHAR(36) NOT NULL, destination_id VARCHAR(36) NOT NULL, PRIMARY KEY (source_type, source_id, destination_type, destination_id));
CREATE TABLE input_tags (input_uuid VARCHAR(36) NOT NULL, name VARCHAR(255) NOT NULL, value VARCHAR(500) NOT NULL, PRIMARY KEY (input_uuid, name));
CREATE TABLE registered_models (name VARCHAR(256) NOT NULL PRIMARY KEY, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000));
CREATE TABLE model_versions (name VARCHAR(256) NOT NULL, version INTEGER NOT NULL, creation_time BIGINT, last_updated_time BIGINT,
  description VARCHAR(5000), user_id VARCHAR(256), current_stage VARCHAR(20), source VARCHAR(500), run_id VARCHAR(32), status VARCHAR(20),
  status_message VARCHAR(500), run_link VARCHAR(500), storage_location VARCHAR(500), model_id VARCHAR(36), PRIMARY KEY (name, version));
CREATE TABLE registered_model_aliases (alias VARCHAR(256) NOT NULL, version INTEGER NOT NULL, name VARCHAR(256) NOT NULL, PRIMARY KEY (name, alias));
CREATE TABLE logged_models (model_id VARCHAR(36) NOT NULL PRIMARY KEY, experiment_id INTEGER NOT NULL, name VARCHAR(500) NOT NULL,
  artifact_location VARCHAR(1000) NOT NULL, creation_timestamp_ms BIGINT NOT NULL, last_updated_timestamp_ms BIGINT NOT NULL, status INTEGER NOT NULL,
  lifecycle_stage VARCHAR(32), model_type VARCHAR(500), source_run_id VARCHAR(32), status_message VARCHAR(1000));
`;

async function writeDb(file: string, sql: string): Promise<void> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(SCHEMA + sql);
  fs.writeFileSync(file, db.export());
  db.close();
}

/** The same content as a file store and as SQL rows. */
const DATA = `
INSERT INTO experiments VALUES (0, 'Default', 'x', 'active', 1, 1), (5, 'old', 'x', 'deleted', 1, 1);
INSERT INTO runs VALUES ('${RUN_A}', 'first', 'LOCAL', '', '', 'alice', 'FINISHED', 1700000000000, 1700000005000, '', 'active', 'file:///nowhere', 0, NULL),
  ('${RUN_B}', 'child', 'LOCAL', '', '', 'alice', 'KILLED', 1700000000000, NULL, '', 'deleted', 'file:///nowhere', 0, 1700000009000),
  ('${RUN_C}', 'gone', 'LOCAL', '', '', 'bob', 'RUNNING', 1700000000000, NULL, '', 'active', 'file:///nowhere', 5, NULL);
INSERT INTO params VALUES ('lr', '0.01', '${RUN_A}'), ('model/depth', '5', '${RUN_A}');
INSERT INTO tags VALUES ('mlflow.user', 'bob', '${RUN_A}'), ('mlflow.runName', 'first', '${RUN_A}'), ('estimator_class', 'sklearn.svm.SVC', '${RUN_A}'),
  ('mlflow.source.git.commit', 'abc', '${RUN_A}'), ('mlflow.parentRunId', '${RUN_A}', '${RUN_B}');
INSERT INTO metrics VALUES ('loss', 0.5, 1700000001000, '${RUN_A}', 0, 0), ('loss', 0.25, 1700000002000, '${RUN_A}', 1, 0),
  ('odd', 0, 1700000003000, '${RUN_A}', 0, 1), ('odd', 9e999, 1700000004000, '${RUN_A}', 1, 0), ('odd', -9e999, 1700000005000, '${RUN_A}', 2, 0);
INSERT INTO latest_metrics VALUES ('loss', 0.25, 1700000002000, 1, 0, '${RUN_A}');
INSERT INTO datasets VALUES ('d1', 0, 'iris', '48848ef0', 's3', '{"uri": "s3://b/iris.csv"}', NULL, NULL);
INSERT INTO inputs VALUES ('i1', 'DATASET', 'd1', 'RUN', '${RUN_A}');
INSERT INTO input_tags VALUES ('i1', 'mlflow.data.context', 'train');
INSERT INTO logged_models VALUES ('m-1', 0, 'forest', 'x', 1, 1, 2, 'active', '', '${RUN_A}', NULL);
INSERT INTO registered_models VALUES ('reg', 1, 1, '');
INSERT INTO model_versions VALUES ('reg', 1, 1, 1, '', NULL, 'Production', 'models:/m-1', '${RUN_A}', 'READY', NULL, '', 'x', 'm-1'),
  ('reg', 2, 1, 1, '', NULL, 'Deleted_Internal', 'models:/m-1', '${RUN_A}', 'READY', NULL, '', 'x', 'm-1');
INSERT INTO registered_model_aliases VALUES ('champion', 1, 'reg');
`;

function sameAsFileStore(store: StoreBuilder): StoreBuilder {
  return store
    .experiment('0', 'Default')
    .run('0', RUN_A, { run_name: 'first', status: 3 })
    .file(`0/${RUN_A}/params/lr`, '0.01')
    .file(`0/${RUN_A}/params/model/depth`, '5')
    .file(`0/${RUN_A}/tags/mlflow.user`, 'bob')
    .file(`0/${RUN_A}/tags/mlflow.runName`, 'first')
    .file(`0/${RUN_A}/tags/estimator_class`, 'sklearn.svm.SVC')
    .file(`0/${RUN_A}/tags/mlflow.source.git.commit`, 'abc')
    .file(`0/${RUN_A}/metrics/loss`, '1700000001000 0.5 0\n1700000002000 0.25 1\n')
    .file(`0/${RUN_A}/metrics/odd`, '1700000003000 nan 0\n1700000004000 inf 1\n1700000005000 -inf 2\n')
    .file('0/datasets/d1/meta.yaml', `digest: 48848ef0\nname: iris\nsource: '{"uri": "s3://b/iris.csv"}'\nsource_type: s3\n`)
    .file(`0/${RUN_A}/inputs/i1/meta.yaml`, 'source_id: d1\nsource_type: DATASET\ntags:\n  mlflow.data.context: train\n')
    .file('0/models/m-1/meta.yaml', `model_id: m-1\nname: forest\nsource_run_id: ${RUN_A}\n`)
    .file('models/reg/meta.yaml', 'name: reg\n')
    .file('models/reg/aliases/champion', '1')
    .file('models/reg/version-1/meta.yaml', `current_stage: Production\nmodel_id: m-1\nrun_id: ${RUN_A}\nsource: models:/m-1\nversion: 1\n`)
    .file('models/reg/version-2/meta.yaml', `current_stage: Deleted_Internal\nmodel_id: m-1\nrun_id: ${RUN_A}\nsource: models:/m-1\nversion: 2\n`)
    .run('0', RUN_B, { run_name: 'child', status: 5, end_time: null, lifecycle_stage: 'deleted' })
    .file(`0/${RUN_B}/tags/mlflow.parentRunId`, RUN_A)
    .file('.trash/5/meta.yaml', "experiment_id: '5'\nname: old\n")
    .run('.trash/5', RUN_C, { run_name: 'gone', status: 1, end_time: null, user_id: 'bob' });
}

describe('MLflow SQLite store importer', () => {
  let store: StoreBuilder;
  afterEach(() => store?.remove());

  it('detects mlflow.db, a folder holding it and a sqlite:/// URI, and declines other SQLite files', async () => {
    store = new StoreBuilder();
    const file = path.join(store.base, 'mlflow.db');
    await writeDb(file, '');
    const other = path.join(store.base, 'other.db');
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run('CREATE TABLE t (x INTEGER)');
    fs.writeFileSync(other, db.export());
    fs.rmSync(store.root, { recursive: true });
    assert.deepEqual(await mlflowImporter.detect(file), { ok: true });
    assert.deepEqual(await mlflowImporter.detect(store.base), { ok: true });
    assert.deepEqual(await mlflowImporter.detect(`sqlite:///${file}`), { ok: true });
    const answer = await mlflowImporter.detect(other);
    assert.equal(answer.ok, false);
    assert.match((answer as { reason: string }).reason, /no MLflow tables/);
  });

  it('yields the same records as a file store holding the same runs', async () => {
    store = sameAsFileStore(new StoreBuilder());
    const file = path.join(store.base, 'mlflow.db');
    await writeDb(file, DATA);
    const fromSql = await drain(mlflowImporter, file);
    const fromFiles = await drain(mlflowImporter, store.root);
    assert.deepEqual(fromSql.issues, []);
    assert.deepEqual(fromFiles.issues, []);
    const byId = (runs: typeof fromSql.runs) => Object.fromEntries(runs.map((r) => [r.source.runId, { ...r, source: { ...r.source, location: r.source.location.replace('.trash/', '') } }]));
    assert.deepEqual(byId(fromSql.runs), byId(fromFiles.runs));
    const a = fromSql.runs.find((r) => r.source.runId === RUN_A)!;
    assert.ok(Number.isNaN(a.metrics.odd[0].value), 'is_nan = 1 becomes NaN');
    assert.deepEqual(a.models[0].registry.map((e) => [e.version, e.stage, e.aliases, e.deleted]), [['1', 'Production', ['champion'], false], ['2', undefined, [], true]]);
    assert.equal(fromSql.runs.find((r) => r.source.runId === RUN_C)!.deleted, true, 'runs of a deleted experiment are deleted');
  });

  it('reads an older schema without datasets, aliases, logged models or model ids', async () => {
    store = new StoreBuilder();
    const file = path.join(store.base, 'mlflow.db');
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run(`CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name TEXT, lifecycle_stage TEXT);
      CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, name TEXT, user_id TEXT, status TEXT, start_time BIGINT, end_time BIGINT, lifecycle_stage TEXT, artifact_uri TEXT, experiment_id INTEGER);
      CREATE TABLE params (key TEXT, value TEXT, run_uuid TEXT); CREATE TABLE tags (key TEXT, value TEXT, run_uuid TEXT);
      CREATE TABLE metrics (key TEXT, value FLOAT, timestamp BIGINT, run_uuid TEXT, step BIGINT, is_nan BOOLEAN);
      CREATE TABLE model_versions (name TEXT, version INTEGER, current_stage TEXT, source TEXT, run_id TEXT);
      INSERT INTO experiments VALUES (0, 'Default', 'active');
      INSERT INTO runs VALUES ('${RUN_A}', '', 'u', 'FAILED', 1, 2, 'active', '', 0);
      INSERT INTO model_versions VALUES ('reg', 1, 'Staging', 'runs:/${RUN_A}/model', '${RUN_A}');`);
    fs.writeFileSync(file, db.export());
    const { runs, issues } = await drain(mlflowImporter, file);
    assert.deepEqual(issues, []);
    assert.equal(runs[0].status, 'failed');
    assert.deepEqual(runs[0].models, [{ uri: `runs:/${RUN_A}/model`, registry: [{ name: 'reg', version: '1', stage: 'Staging', aliases: [], deleted: false }] }]);
  });

  it('reports a truncated or garbage database file as one issue', async () => {
    store = new StoreBuilder();
    const file = path.join(store.base, 'mlflow.db');
    await writeDb(file, DATA);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, 1000));
    const truncated = await drain(mlflowImporter, `sqlite:///${file}`);
    assert.equal(truncated.runs.length, 0);
    assert.equal(truncated.issues.length, 1);
    assert.equal(truncated.issues[0].file, 'mlflow.db');
    fs.writeFileSync(file, Buffer.from('not a database at all'));
    const garbage = await drain(mlflowImporter, `sqlite:///${file}`);
    assert.deepEqual(garbage.issues.map((i) => i.code), ['not_sqlite']);
  });
});
