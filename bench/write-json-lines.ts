/**
 * The same synthetic runs as JSON Lines run records for the `json` importer: the fallback source when the
 * MLflow importer is unavailable, and a record-level twin of what the MLflow importer yields.
 */
import * as fs from 'node:fs';
import { parseParamString } from '../src/model/param-value.js';
import { syntheticRun, type SyntheticRun } from './synthetic-runs.js';

/** The run record the MLflow importer produces for this synthetic run (up to `source.location`). */
export function syntheticRecord(run: SyntheticRun, tracker = 'json'): Record<string, unknown> {
  return {
    source: { tracker, location: `${run.experiment.id}/${run.runId}`, runId: run.runId },
    experiment: run.experiment,
    name: run.name,
    status: 'finished',
    startTime: new Date(run.startMs).toISOString(),
    endTime: new Date(run.endMs).toISOString(),
    user: run.user,
    ...(run.parentRunId ? { parentRunId: run.parentRunId } : {}),
    implementation: run.implementation,
    params: Object.fromEntries(Object.entries(run.params).map(([k, v]) => [k, parseParamString(v)])),
    metrics: run.metrics,
    tags: run.tags,
    datasets: [run.dataset],
    artifacts: [{ path: 'requirements.txt', size: Object.entries(run.libraries).map(([n, v]) => `${n}==${v}\n`).join('').length }],
    code: { commit: run.tags['mlflow.source.git.commit'], entryPoint: run.tags['mlflow.source.name'] },
    environment: { libraries: run.libraries },
  };
}

/** Writes runs 0…count-1 to `file`, one record per line. */
export function writeJsonLines(file: string, count: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (let i = 0; i < count; i++) fs.writeSync(fd, `${JSON.stringify(syntheticRecord(syntheticRun(i)))}\n`);
  } finally {
    fs.closeSync(fd);
  }
}
