/** Test helper: writes small MLflow file stores into a temporary folder, one file at a time. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class StoreBuilder {
  readonly root: string;

  constructor(readonly base = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-mlflow-'))) {
    this.root = path.join(base, 'mlruns');
    fs.mkdirSync(this.root, { recursive: true });
  }

  file(relative: string, content: string | Buffer): this {
    const full = path.join(this.root, ...relative.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    return this;
  }

  experiment(id: string, name: string, extra = ''): this {
    return this.file(`${id}/meta.yaml`, `artifact_location: file:///nowhere/mlruns/${id}\nexperiment_id: '${id}'\nlifecycle_stage: active\nname: ${name}\n${extra}`);
  }

  /** A run meta.yaml in MLflow 2.x style; `fields` override or add lines. */
  run(experimentDir: string, runId: string, fields: Record<string, string | number | null> = {}): this {
    const meta: Record<string, string | number | null> = {
      artifact_uri: `file:///nowhere/mlruns/${experimentDir}/${runId}/artifacts`,
      end_time: 1700000005000,
      entry_point_name: "''",
      experiment_id: `'${experimentDir.split('/').pop()}'`,
      lifecycle_stage: 'active',
      run_id: runId,
      run_name: 'my-run',
      run_uuid: runId,
      start_time: 1700000000000,
      status: 3,
      user_id: 'alice',
      ...fields,
    };
    const text = Object.entries(meta).map(([k, v]) => `${k}: ${v === null ? 'null' : v}`).join('\n');
    return this.file(`${experimentDir}/${runId}/meta.yaml`, `${text}\n`);
  }

  remove(): void {
    fs.rmSync(this.base, { recursive: true, force: true });
  }
}
