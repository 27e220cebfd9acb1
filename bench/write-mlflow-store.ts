/**
 * Writes synthetic runs as an MLflow file store (`mlruns/`), laid out as MLflow 2.x's file_store.py writes
 * it: experiment meta.yaml and datasets/, one folder per run with meta.yaml, params/, tags/, metrics/ (one
 * `<timestamp> <value> <step>` line per point), inputs/<id>/meta.yaml, and a requirements.txt artifact.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { syntheticRun, type SyntheticRun } from './synthetic-runs.js';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
// MLflow writes YAML with sort_keys=True, so keys are alphabetical.
const yaml = (value: Record<string, unknown>): string => stringify(value, { sortMapEntries: true });

/** Writes runs 0…count-1 under `root` (created; must not exist yet). Returns the run count written. */
export function writeMlflowStore(root: string, count: number): number {
  fs.mkdirSync(root, { recursive: false });
  const experiments = new Set<string>();
  for (let i = 0; i < count; i++) {
    const run = syntheticRun(i);
    const expDir = path.join(root, run.experiment.id);
    if (!experiments.has(run.experiment.id)) {
      writeExperiment(expDir, run);
      experiments.add(run.experiment.id);
    }
    writeRun(path.join(expDir, run.runId), run);
  }
  return count;
}

function writeExperiment(dir: string, run: SyntheticRun): void {
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'meta.yaml'),
    yaml({
      artifact_location: `mlflow-artifacts:/${run.experiment.id}`,
      creation_time: run.startMs,
      experiment_id: run.experiment.id,
      last_update_time: run.startMs,
      lifecycle_stage: 'active',
      name: run.experiment.name,
    }),
  );
  const d = run.dataset;
  const datasetDir = path.join(dir, 'datasets', md5(d.name + d.digest));
  fs.mkdirSync(datasetDir, { recursive: true });
  fs.writeFileSync(
    path.join(datasetDir, 'meta.yaml'),
    yaml({
      digest: d.digest,
      name: d.name,
      profile: JSON.stringify({ num_rows: 48842, num_elements: 732630 }),
      schema: JSON.stringify({ mlflow_colspec: [{ type: 'double', name: 'age' }] }),
      source: JSON.stringify({ url: d.source }),
      source_type: 'http',
    }),
  );
}

function writeRun(dir: string, run: SyntheticRun): void {
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'meta.yaml'),
    yaml({
      artifact_uri: `mlflow-artifacts:/${run.experiment.id}/${run.runId}/artifacts`,
      end_time: run.endMs,
      entry_point_name: '',
      experiment_id: run.experiment.id,
      lifecycle_stage: 'active',
      run_id: run.runId,
      run_name: run.name,
      run_uuid: run.runId,
      source_name: '',
      source_type: 4,
      source_version: '',
      start_time: run.startMs,
      status: 3,
      tags: [],
      user_id: run.user,
    }),
  );
  writeKeyFiles(path.join(dir, 'params'), run.params);
  writeKeyFiles(path.join(dir, 'tags'), run.tags);
  const metricsDir = path.join(dir, 'metrics');
  fs.mkdirSync(metricsDir);
  for (const [key, points] of Object.entries(run.metrics)) {
    fs.writeFileSync(path.join(metricsDir, key), points.map((p) => `${p.timestamp} ${p.value} ${p.step}\n`).join(''));
  }
  const d = run.dataset;
  const datasetId = md5(d.name + d.digest);
  const inputDir = path.join(dir, 'inputs', md5(datasetId + run.runId));
  fs.mkdirSync(inputDir, { recursive: true });
  fs.writeFileSync(
    path.join(inputDir, 'meta.yaml'),
    // MLflow copies source_id into destination_id (an upstream bug the importer tolerates); we do the same.
    yaml({ destination_id: datasetId, destination_type: 'RUN', source_id: datasetId, source_type: 'DATASET', tags: { 'mlflow.data.context': d.context } }),
  );
  const artifacts = path.join(dir, 'artifacts');
  fs.mkdirSync(artifacts);
  fs.writeFileSync(path.join(artifacts, 'requirements.txt'), Object.entries(run.libraries).map(([n, v]) => `${n}==${v}\n`).join(''));
}

function writeKeyFiles(dir: string, values: Record<string, string>): void {
  fs.mkdirSync(dir);
  // Keys never hold `/` here, so each is one file (no trailing newline, as MLflow writes them).
  for (const [key, value] of Object.entries(values)) fs.writeFileSync(path.join(dir, key), value);
}
