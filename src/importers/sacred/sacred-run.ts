/**
 * One Sacred FileStorageObserver run folder (`run.json`, `config.json`, `metrics.json`, `info.json`)
 * → a run record. Host details (host name, CPU, GPUs, environment variables) are deliberately dropped.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import type { Issue } from '../../errors.js';
import type { MetricPoint, RunRecordInput, RunStatus } from '../../model/run-record.js';
import { isParseBudgetError } from '../../parse-budget-error.js';
import { MAX_LOSSLESS_JSON_CHARS } from '../json-budget.js';
import { flattenParams, isPlainMap, parsePythonJson, parsePythonJsonKeepingNumbers } from '../python-json.js';

export interface SacredRunOptions {
  /** A RUNNING run whose last heartbeat is older than this is reported dead (status `killed`). */
  staleHeartbeatMs: number;
  /** Reference time for the heartbeat check (epoch ms). */
  now: number;
}

export interface SacredRunResult {
  record?: RunRecordInput;
  issues: Issue[];
}

const STATUS: Record<string, RunStatus> = {
  COMPLETED: 'finished',
  FAILED: 'failed',
  INTERRUPTED: 'killed',
  TIMEOUT: 'killed',
  TIMED_OUT: 'killed',
  RUNNING: 'running',
  QUEUED: 'unknown',
};

/** Sacred writes `datetime.utcnow().isoformat()`: UTC without a zone suffix. */
export function sacredTime(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(text)) return undefined;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

/** jsonpickle marks encoded Python objects with `py/…` keys; such maps stay one object parameter. */
const isPickled = (value: Record<string, unknown>): boolean => Object.keys(value).some((k) => k.startsWith('py/'));

export function readSacredRun(runDir: string, root: string, options: SacredRunOptions): SacredRunResult {
  const issues: Issue[] = [];
  const folderId = path.basename(runDir);
  // Issues name the run by its record id once run.json has given the experiment name.
  let runId = folderId;
  const rel = (file: string): string => path.relative(root, path.join(runDir, file)).split(path.sep).join('/');
  const issue = (code: string, file: string, message: string, fieldPath: (string | number)[] = [], severity: Issue['severity'] = 'warning'): void => {
    issues.push({ code, message, path: fieldPath, file: rel(file), run: runId, severity });
  };

  const run = readJsonFile(path.join(runDir, 'run.json'), false);
  if (run.error !== undefined || !isPlainMap(run.value)) {
    issue(run.error === undefined ? 'invalid_type' : run.code, 'run.json', run.error ?? 'expected a JSON object', [], 'error');
    return { issues };
  }
  const doc = run.value;
  const experiment = isPlainMap(doc.experiment) ? doc.experiment : {};
  const experimentName = typeof experiment.name === 'string' ? experiment.name : undefined;
  // Sacred's `_id` is only unique inside one observer folder; the experiment name keeps runs of
  // different projects apart.
  runId = experimentName === undefined ? folderId : `${experimentName}/${folderId}`;
  const record: RunRecordInput = {
    source: { tracker: 'sacred', location: path.relative(root, runDir).split(path.sep).join('/') || '.', runId },
    experiment: experimentName === undefined ? undefined : { name: experimentName },
    tags: {},
  };
  const tags = record.tags as Record<string, string>;

  // Status and times.
  const rawStatus = typeof doc.status === 'string' ? doc.status : undefined;
  if (rawStatus === undefined) issue('invalid_type', 'run.json', 'status is missing or not a string', ['status']);
  else tags['sacred.status'] = rawStatus;
  let status: RunStatus = rawStatus === undefined ? 'unknown' : (STATUS[rawStatus] ?? 'killed');
  const start = timeField(doc, 'start_time', issue);
  const stop = timeField(doc, 'stop_time', issue);
  const heartbeat = timeField(doc, 'heartbeat', issue);
  let end = stop;
  if (status === 'running') {
    const lastSign = heartbeat ?? start;
    if (lastSign !== undefined && options.now - lastSign > options.staleHeartbeatMs) {
      status = 'killed';
      end = lastSign;
      issue('stale_heartbeat', 'run.json', `status RUNNING but the last heartbeat is ${Math.round((options.now - lastSign) / 60000)} min old: process dead, reported as killed`, ['heartbeat']);
    }
  }
  record.status = status;
  if (start !== undefined) record.startTime = new Date(start).toISOString();
  if (end !== undefined) record.endTime = new Date(end).toISOString();
  if (Array.isArray(doc.fail_trace) && doc.fail_trace.length > 0) {
    const last = doc.fail_trace[doc.fail_trace.length - 1];
    if (typeof last === 'string') tags['sacred.error'] = last.trim();
  }

  // Code, environment and what was trained.
  const repositories = Array.isArray(experiment.repositories) ? experiment.repositories.filter(isPlainMap) : [];
  const repo = repositories[0];
  const mainfile = typeof experiment.mainfile === 'string' ? experiment.mainfile : undefined;
  if (repo !== undefined || mainfile !== undefined) {
    record.code = {
      repository: typeof repo?.url === 'string' ? repo.url : undefined,
      commit: typeof repo?.commit === 'string' ? repo.commit : undefined,
      entryPoint: mainfile,
    };
    if (repo?.dirty === true) tags['sacred.dirty'] = 'true';
  }
  if (typeof doc.command === 'string') tags['sacred.command'] = doc.command;
  const meta = isPlainMap(doc.meta) ? doc.meta : {};
  if (typeof meta.comment === 'string') tags['sacred.comment'] = meta.comment;
  if (Array.isArray(meta.named_configs) && meta.named_configs.length > 0) tags['sacred.named_configs'] = meta.named_configs.join(',');
  record.environment = { libraries: libraries(experiment.dependencies, issue) };
  const host = isPlainMap(doc.host) ? doc.host : {};
  if (typeof host.python_version === 'string') record.environment.language = { name: 'python', version: host.python_version };
  if (isPlainMap(doc.result) && typeof doc.result['py/object'] === 'string') record.implementation = doc.result['py/object'];

  // Sources are code snapshots shared in `_sources/`: listed, never imported as runs.
  const sources = Array.isArray(experiment.sources) ? experiment.sources : [];
  const sourceNames: string[] = [];
  for (const [i, entry] of sources.entries()) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
      issue('invalid_type', 'run.json', `experiment.sources[${i}] is not [path, stored path]`, ['experiment', 'sources', i]);
      continue;
    }
    sourceNames.push(entry[0]);
  }
  if (sourceNames.length > 0) tags['sacred.sources'] = sourceNames.join(',');

  // Resources (files opened through ex.open_resource, stored once in `_resources/<name>_<md5>`) are inputs.
  const resources = Array.isArray(doc.resources) ? doc.resources : [];
  record.datasets = [];
  for (const [i, entry] of resources.entries()) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
      issue('invalid_type', 'run.json', `resources[${i}] is not [original path, stored path]`, ['resources', i]);
      continue;
    }
    const stored = typeof entry[1] === 'string' ? entry[1] : undefined;
    const md5 = stored === undefined ? undefined : /_([0-9a-f]{32})(\.[^/\\]*)?$/.exec(stored)?.[1];
    record.datasets.push({ name: path.posix.basename(entry[0].replace(/\\/g, '/')), source: entry[0], digest: md5, context: 'resource' });
  }

  // Artifacts sit next to run.json.
  record.artifacts = [];
  const artifacts = Array.isArray(doc.artifacts) ? doc.artifacts : [];
  for (const [i, name] of artifacts.entries()) {
    if (typeof name !== 'string' || name === '') {
      issue('invalid_type', 'run.json', `artifacts[${i}] is not a file name`, ['artifacts', i]);
      continue;
    }
    const full = path.resolve(runDir, name);
    if (path.relative(runDir, full).startsWith('..') || path.isAbsolute(path.relative(runDir, full))) {
      // A name such as ../../etc/passwd must not make the importer look outside the run folder.
      issue('unsafe_path', 'run.json', `artifact "${name}" points outside the run folder; its size is not read`, ['artifacts', i]);
      record.artifacts.push({ path: name });
      continue;
    }
    const size = fileSize(full);
    if (size === undefined) issue('missing_artifact', 'run.json', `artifact "${name}" is listed but not present`, ['artifacts', i]);
    record.artifacts.push({ path: name, size });
  }

  record.params = readConfig(runDir, issue);
  record.metrics = readMetrics(runDir, issue);
  readInfo(runDir, tags, issue);
  return { record, issues };
}

type IssueFn = (code: string, file: string, message: string, fieldPath?: (string | number)[], severity?: Issue['severity']) => void;

function timeField(doc: Record<string, unknown>, field: string, issue: IssueFn): number | undefined {
  const value = doc[field];
  if (value === undefined || value === null) return undefined;
  const ms = sacredTime(value);
  if (ms === undefined) issue('invalid_date', 'run.json', `${field} is not an ISO date-time: ${JSON.stringify(value)}`, [field]);
  return ms;
}

function libraries(dependencies: unknown, issue: IssueFn): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(dependencies)) return out;
  for (const [i, dep] of dependencies.entries()) {
    const match = typeof dep === 'string' ? /^\s*([A-Za-z0-9_.-]+)\s*==\s*(\S+)\s*$/.exec(dep) : null;
    if (match === null) {
      issue('invalid_dependency', 'run.json', `experiment.dependencies[${i}] is not "name==version": ${JSON.stringify(dep)}`, ['experiment', 'dependencies', i]);
      continue;
    }
    out[match[1].toLowerCase()] = match[2];
  }
  return out;
}

function readConfig(runDir: string, issue: IssueFn): RunRecordInput['params'] {
  const file = path.join(runDir, 'config.json');
  const config = readJsonFile(file, true);
  if (config.missing) {
    // Sacred writes config.json for every run, even a queued one.
    issue('missing_file', 'config.json', 'file is missing: the run has no parameters');
    return {};
  }
  if (config.error !== undefined) {
    issue(config.code, 'config.json', config.error);
    return {};
  }
  if (!isPlainMap(config.value)) {
    issue('invalid_type', 'config.json', 'expected a JSON object');
    return {};
  }
  return flattenParams(config.value, isPickled);
}

function readMetrics(runDir: string, issue: IssueFn): Record<string, MetricPoint[]> {
  const metrics: Record<string, MetricPoint[]> = {};
  const parsed = readJsonFile(path.join(runDir, 'metrics.json'), false);
  if (parsed.missing) return metrics;
  if (parsed.error !== undefined) {
    issue(parsed.code, 'metrics.json', parsed.error);
    return metrics;
  }
  if (!isPlainMap(parsed.value)) {
    issue('invalid_type', 'metrics.json', 'expected a JSON object');
    return metrics;
  }
  for (const [name, series] of Object.entries(parsed.value)) {
    if (!isPlainMap(series) || !Array.isArray(series.values)) {
      issue('invalid_type', 'metrics.json', `${name}: expected {steps, timestamps, values}`, [name]);
      continue;
    }
    const steps = Array.isArray(series.steps) ? series.steps : [];
    const times = Array.isArray(series.timestamps) ? series.timestamps : [];
    const values = series.values;
    if (steps.length !== values.length || (times.length !== 0 && times.length !== values.length)) {
      issue('length_mismatch', 'metrics.json', `${name}: steps (${steps.length}), timestamps (${times.length}) and values (${values.length}) differ in length; extra entries ignored`, [name]);
    }
    const points: MetricPoint[] = [];
    const n = Math.min(steps.length, values.length);
    for (let i = 0; i < n; i++) {
      const step = steps[i];
      const value = values[i];
      if (typeof step !== 'number' || !Number.isInteger(step) || typeof value !== 'number') {
        issue('invalid_type', 'metrics.json', `${name}[${i}]: step must be an integer and value a number`, [name, i]);
        continue;
      }
      const timestamp = sacredTime(times[i]);
      points.push(timestamp === undefined ? { step, value } : { step, value, timestamp });
    }
    metrics[name] = points;
  }
  return metrics;
}

/** info.json is free-form: its scalar leaves become `info.<dotted key>` tags. */
function readInfo(runDir: string, tags: Record<string, string>, issue: IssueFn): void {
  const parsed = readJsonFile(path.join(runDir, 'info.json'), false);
  if (parsed.missing) return;
  if (parsed.error !== undefined || !isPlainMap(parsed.value)) {
    issue(parsed.error === undefined ? 'invalid_type' : parsed.code, 'info.json', parsed.error ?? 'expected a JSON object');
    return;
  }
  const walk = (value: Record<string, unknown>, prefix: string): void => {
    for (const [key, child] of Object.entries(value)) {
      const name = `${prefix}.${key}`;
      if (isPlainMap(child)) walk(child, name);
      else if (child === null || ['string', 'number', 'boolean'].includes(typeof child)) tags[name] = String(child);
    }
  };
  walk(parsed.value, 'info');
}

interface JsonFile {
  value?: unknown;
  missing: boolean;
  error?: string;
  code: string;
}

/** Config is read losslessly (see json-budget.ts); plain JSON (metrics) may be bigger but is still bounded. */
const MAX_LOSSLESS_JSON_BYTES = MAX_LOSSLESS_JSON_CHARS;
const MAX_JSON_BYTES = 256 * 1024 * 1024;

function readJsonFile(file: string, keepNumbers: boolean): JsonFile {
  let text: string;
  try {
    const limit = keepNumbers ? MAX_LOSSLESS_JSON_BYTES : MAX_JSON_BYTES;
    const size = fs.statSync(file).size;
    if (size > limit) return { missing: false, error: `file is ${size} bytes, over the ${limit}-byte limit for this file`, code: 'file_too_large' };
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { missing, error: missing ? 'file is missing' : (e as Error).message, code: missing ? 'missing_file' : 'unreadable_file' };
  }
  try {
    return { value: keepNumbers ? parsePythonJsonKeepingNumbers(text) : parsePythonJson(text), missing: false, code: '' };
  } catch (e) {
    if (isParseBudgetError(e)) return { missing: false, error: e.message, code: e.code };
    return { missing: false, error: `invalid JSON: ${(e as Error).message}`, code: 'invalid_json' };
  }
}

function fileSize(file: string): number | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}
