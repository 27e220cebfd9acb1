/**
 * One run folder of a file store: meta.yaml, params/, tags/, metrics/ (keys with `/` are nested folders),
 * inputs/ (dataset inputs, 2.4+), outputs/ (logged models, 3.x) and the artifact listing.
 * A run whose meta.yaml is unusable is skipped; any other bad file costs only that value.
 */
import * as path from 'node:path';
import type { Issue } from '../../errors.js';
import type { MetricPoint } from '../../model/run-record.js';
import { artifactCandidates, listArtifacts } from './artifacts.js';
import { datasetInput, datasetProfile } from './dataset-input.js';
import { issue } from './issues.js';
import { readLines } from './line-reader.js';
import { parseMetricLine } from './metric-line.js';
import { readModelFolder } from './model-folder.js';
import { emptyRawRun, type RawModel, type RawRun } from './raw-run.js';
import { describeFsError, isDirectory, listDir, readSmallText, readYamlMapping, walkFiles } from './safe-fs.js';
import { runStatus } from './status.js';

/** What the experiment folder knows that its runs refer to. */
export interface ExperimentContext {
  /** The store (`mlruns/`). */
  root: string;
  /** The imported location, which run locations and issue files are relative to. */
  base: string;
  id?: string;
  name?: string;
  deleted: boolean;
  /** `datasets/<id>/meta.yaml`, by id. */
  datasets: Map<string, Record<string, unknown>>;
  /** `models/<m-id>/meta.yaml` (3.x LoggedModels), by model id. */
  loggedModels: Map<string, Record<string, unknown>>;
  /** Logged model ids by `source_run_id`. */
  modelsByRun: Map<string, string[]>;
}

const MAX_ISSUES_PER_FILE = 5;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const ms = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

export async function readFileRun(dir: string, exp: ExperimentContext): Promise<{ raw?: RawRun; issues: Issue[] }> {
  const issues: Issue[] = [];
  const rel = (p: string) => path.relative(exp.base, p).split(path.sep).join('/');
  const metaFile = path.join(dir, 'meta.yaml');
  const meta = await readYamlMapping(metaFile);
  if (!meta.ok) {
    // A folder without meta.yaml is not a run (MLflow skips it too); a broken meta.yaml is a damaged run.
    const severity = meta.code === 'missing_file' ? 'warning' : 'error';
    issues.push(issue(meta.code, `${rel(dir)}: meta.yaml ${meta.message}; the folder is not read as a run`, { file: rel(metaFile), run: path.basename(dir), severity }));
    return { issues };
  }
  const m = meta.value;
  // An id YAML read as a number (an all-digit id written unquoted by hand) would lose digits: the folder name is exact.
  const runId = (typeof m.run_id === 'string' && m.run_id) || (typeof m.run_uuid === 'string' && m.run_uuid) || path.basename(dir);
  const at = (file: string, field: (string | number)[], severity: Issue['severity'] = 'error') => ({ file: rel(file), run: runId, path: field, severity });
  const raw = emptyRawRun(runId, rel(dir));
  raw.experiment = { ...(exp.id === undefined ? {} : { id: exp.id }), ...(exp.name === undefined ? {} : { name: exp.name }) };
  if (str(m.run_name)) raw.runName = str(m.run_name);
  else if (str(m.name)) raw.runName = str(m.name);
  if (str(m.user_id)) raw.userId = str(m.user_id);
  // MLflow's reader takes a missing status for RUNNING.
  raw.status = m.status === undefined || m.status === null ? 'running' : runStatus(m.status);
  if (raw.status === undefined) {
    issues.push(issue('invalid_field', `${rel(metaFile)}: status ${JSON.stringify(m.status)} is not an MLflow run status`, at(metaFile, ['status'], 'warning')));
    raw.status = 'unknown';
  }
  for (const [field, key] of [['start_time', 'startTime'], ['end_time', 'endTime']] as const) {
    const value = m[field];
    if (value === undefined || value === null) continue;
    const t = ms(value);
    if (t === undefined) issues.push(issue('invalid_field', `${rel(metaFile)}: ${field} ${JSON.stringify(value)} is not epoch milliseconds`, at(metaFile, [field], 'warning')));
    else raw[key] = t;
  }
  // The folder wins over the field: experiments moved to .trash keep `lifecycle_stage: active`.
  raw.deleted = exp.deleted || m.lifecycle_stage === 'deleted';

  raw.params = await readKeyValues(dir, 'params', runId, rel, issues);
  raw.tags = await readKeyValues(dir, 'tags', runId, rel, issues);
  raw.metrics = await readMetrics(path.join(dir, 'metrics'), runId, rel, issues);
  raw.datasets = await readInputs(path.join(dir, 'inputs'), exp, runId, rel, issues);
  const outputs = await readOutputs(path.join(dir, 'outputs'), exp, runId);
  raw.models = outputs.models;

  const listing = await listArtifacts([path.join(dir, 'artifacts'), ...artifactCandidates(str(m.artifact_uri), exp.root)], runId, rel);
  issues.push(...listing.issues);
  raw.artifacts = listing.artifacts;
  raw.libraries = { ...outputs.libraries, ...listing.libraries };
  return { raw, issues };
}

/** params/ and tags/: one file per key, the raw value without a trailing newline. */
async function readKeyValues(dir: string, kind: 'params' | 'tags', runId: string, rel: (p: string) => string, issues: Issue[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const base = path.join(dir, kind);
  if (!(await isDirectory(base))) return out;
  const walked = await walkFiles(base);
  for (const p of walked.problems) issues.push(issue(p.code, `${rel(p.full)} ${p.message}`, { file: rel(p.full), run: runId, path: [kind], severity: 'warning' }));
  for (const f of walked.files) {
    const at = { file: rel(f.full), run: runId, path: [kind, f.key] };
    if (f.key.includes('\uFFFD')) {
      issues.push(issue('invalid_utf8', `${rel(f.full)}: the key is not valid UTF-8; skipped`, { ...at, severity: 'warning' }));
      continue;
    }
    const read = await readSmallText(f.full);
    if (!read.ok) {
      issues.push(issue(read.code, `${rel(f.full)} ${read.message}; ${kind} key "${f.key}" skipped`, at));
      continue;
    }
    if (read.badUtf8) issues.push(issue('invalid_utf8', `${rel(f.full)} is not valid UTF-8; undecodable bytes were replaced`, { ...at, severity: 'warning' }));
    out[f.key] = read.text;
  }
  return out;
}

async function readMetrics(base: string, runId: string, rel: (p: string) => string, issues: Issue[]): Promise<Record<string, MetricPoint[]>> {
  const out: Record<string, MetricPoint[]> = {};
  if (!(await isDirectory(base))) return out;
  const walked = await walkFiles(base);
  for (const p of walked.problems) issues.push(issue(p.code, `${rel(p.full)} ${p.message}`, { file: rel(p.full), run: runId, path: ['metrics'], severity: 'warning' }));
  for (const f of walked.files) {
    const field = ['metrics', f.key];
    if (f.key.includes('\uFFFD')) {
      issues.push(issue('invalid_utf8', `${rel(f.full)}: the key is not valid UTF-8; skipped`, { file: rel(f.full), run: runId, path: field, severity: 'warning' }));
      continue;
    }
    const points: MetricPoint[] = [];
    let bad = 0;
    const report = (line: number, message: string) => {
      bad++;
      if (bad <= MAX_ISSUES_PER_FILE) issues.push(issue('bad_metric_line', `${rel(f.full)} line ${line}: ${message}; line skipped`, { file: rel(f.full), line, run: runId, path: field }));
    };
    try {
      for (const ev of readLines(f.full)) {
        if ('tooLong' in ev) {
          report(ev.number, 'line too long');
          continue;
        }
        if (ev.line.trim() === '') continue;
        if (ev.line.includes('\uFFFD')) {
          report(ev.number, 'not valid UTF-8');
          continue;
        }
        const parsed = parseMetricLine(ev.line);
        if (parsed.ok) points.push(parsed.point);
        else report(ev.number, parsed.reason);
      }
    } catch (e) {
      const why = describeFsError(e);
      issues.push(issue(why.code, `${rel(f.full)} ${why.message}`, { file: rel(f.full), run: runId, path: field }));
    }
    if (bad > MAX_ISSUES_PER_FILE) {
      issues.push(issue('bad_metric_line', `${rel(f.full)}: ${bad} bad lines in all, ${bad - MAX_ISSUES_PER_FILE} not listed`, { file: rel(f.full), run: runId, path: field }));
    }
    if (points.length > 0 || bad === 0) out[f.key] = points;
  }
  return out;
}

/** inputs/<id>/meta.yaml points (source_id) at the experiment's datasets/<id>/meta.yaml. */
async function readInputs(base: string, exp: ExperimentContext, runId: string, rel: (p: string) => string, issues: Issue[]) {
  const datasets: RawRun['datasets'] = [];
  const listed = await listDir(base);
  if (!listed.ok) return datasets;
  for (const entry of listed.entries.filter((e) => e.kind === 'dir')) {
    const file = path.join(entry.full, 'meta.yaml');
    const meta = await readYamlMapping(file);
    if (!meta.ok) {
      issues.push(issue(meta.code, `${rel(file)} ${meta.message}; input skipped`, { file: rel(file), run: runId, path: ['datasets'], severity: 'warning' }));
      continue;
    }
    if (meta.value.source_type !== 'DATASET') continue;
    const id = str(meta.value.source_id);
    const ds = id === undefined ? undefined : exp.datasets.get(id);
    if (!ds) {
      issues.push(issue('missing_dataset', `${rel(file)} names dataset ${id ?? '(none)'}, which the experiment's datasets/ folder lacks`, { file: rel(file), run: runId, path: ['datasets'], severity: 'warning' }));
      continue;
    }
    const tags = meta.value.tags && typeof meta.value.tags === 'object' ? (meta.value.tags as Record<string, unknown>) : {};
    datasets.push(datasetInput(ds, str(tags['mlflow.data.context'])));
    if (str(ds.profile) && datasetProfile(str(ds.profile)) === undefined) {
      issues.push(issue('invalid_field', `datasets/${id}/meta.yaml: profile is not a JSON object; the dataset's characteristics are left out`, { file: rel(file), run: runId, path: ['datasets', 'profile'], severity: 'warning' }));
    }
  }
  return datasets;
}

/**
 * 3.x: outputs/<m-id>/ marks a LoggedModel the run produced; the experiment's models/ folder describes it,
 * and its artifact folder, when it is on this machine, gives the flavor and library pins.
 */
async function readOutputs(base: string, exp: ExperimentContext, runId: string): Promise<{ models: RawModel[]; libraries: Record<string, string> }> {
  const ids = new Set<string>();
  const listed = await listDir(base);
  if (listed.ok) for (const e of listed.entries) if (e.kind === 'dir') ids.add(e.name);
  for (const id of exp.modelsByRun.get(runId) ?? []) ids.add(id);
  const models: RawModel[] = [];
  const libraries: Record<string, string> = {};
  for (const id of [...ids].sort()) {
    const meta = exp.loggedModels.get(id);
    const model: RawModel = { id, uri: `models:/${id}`, registry: [] };
    if (meta && str(meta.name)) model.name = str(meta.name);
    for (const dir of artifactCandidates(str(meta?.artifact_location), exp.root)) {
      if (!(await isDirectory(dir))) continue;
      const folder = await readModelFolder(dir);
      if (folder.flavor) model.flavor = folder.flavor;
      for (const [name, version] of Object.entries(folder.libraries)) libraries[name] ??= version;
      break;
    }
    models.push(model);
  }
  return { models, libraries };
}
