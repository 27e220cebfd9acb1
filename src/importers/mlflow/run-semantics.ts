/**
 * MLflow's conventions, the same for every backend: system tags (`mlflow.user`, `mlflow.runName`,
 * `mlflow.parentRunId`, `mlflow.source.*`), scikit-learn autolog tags, logged-model history, and runs
 * written through PyPads (research/pypads.md §2.4). Keys and values are kept as logged.
 */
import type { RunRecordInput } from '../../model/run-record.js';
import { parseParamString } from '../../model/param-value.js';
import type { RawModel, RawRun } from './raw-run.js';
import { attachRegistry, type RegistryVersion } from './model-registry.js';
import { parseJson } from '../json-budget.js';

/** PyPads writes its own catalogue (schemata, loggers, mappings…) as runs in these experiments. */
const PYPADS_INFRASTRUCTURE = new Set(['pypads_schemata', 'pypads_logger', 'pypads_libraries', 'pypads_mappings', 'pypads_datasets', 'pypads_estimators']);
const PYPADS_TAG_PREFIXES = ['pypads.git.', 'pypads.system.', 'pypads.source.git.', 'pypads.failure.'];

/** True for experiments PyPads uses as its own storage rather than for user runs. */
export function isPypadsInfrastructureExperiment(name: string | undefined, tags: Record<string, string> = {}): boolean {
  return (name !== undefined && PYPADS_INFRASTRUCTURE.has(name)) || 'type' in tags;
}

export function isPypadsRun(tags: Record<string, string>): boolean {
  return 'pypads.config' in tags || Object.keys(tags).some((k) => PYPADS_TAG_PREFIXES.some((p) => k.startsWith(p)));
}

export function isPypadsInfrastructureRun(tags: Record<string, string>): boolean {
  return 'pypads_unique_uid' in tags;
}

const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s);
const iso = (ms: number | undefined): string | undefined => (ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString());

/** `versions` are the registry versions registered from this run. */
export function toRunRecord(raw: RawRun, versions: RegistryVersion[] = []): RunRecordInput {
  const t = raw.tags;
  const pypads = isPypadsRun(t);
  const models = attachRegistry(mergeModels(raw.models, logModelHistory(raw)), raw.runId, versions);
  const record: RunRecordInput = {
    source: { tracker: 'mlflow', location: raw.location, runId: raw.runId },
    status: raw.status ?? 'unknown',
    params: Object.fromEntries(Object.entries(raw.params).map(([k, v]) => [k, parseParamString(v)])),
    metrics: raw.metrics,
    tags: raw.tags,
    datasets: raw.datasets,
    artifacts: raw.artifacts,
    models: models.map((m) => ({ ...m, registry: m.registry })),
    deleted: raw.deleted,
  };
  if (raw.experiment) record.experiment = raw.experiment;
  const name = nonEmpty(raw.runName) ?? nonEmpty(t['mlflow.runName']);
  if (name !== undefined) record.name = name;
  const start = iso(raw.startTime);
  if (start) record.startTime = start;
  const end = iso(raw.endTime);
  if (end) record.endTime = end;
  const user = nonEmpty(t['mlflow.user']) ?? nonEmpty(raw.userId);
  if (user !== undefined) record.user = user;
  const parent = nonEmpty(t['mlflow.parentRunId']);
  if (parent !== undefined) record.parentRunId = parent;
  const implementation = nonEmpty(t['estimator_class']) ?? (pypads ? pypadsImplementation(raw.params) : undefined);
  if (implementation !== undefined) record.implementation = implementation;
  const code = codeOf(t);
  if (code) record.code = code;
  if (Object.keys(raw.libraries).length > 0) record.environment = { libraries: raw.libraries };
  return record;
}

function codeOf(t: Record<string, string>): RunRecordInput['code'] {
  const repository = nonEmpty(t['mlflow.source.git.repoURL']) ?? nonEmpty(t['mlflow.gitRepoURL']) ?? pypadsRemote(t['pypads.git.remotes']);
  const commit = nonEmpty(t['mlflow.source.git.commit']) ?? nonEmpty(t['pypads.source.git.commit_hash']) ?? nonEmpty(t['pypads.source.git.commit']);
  const entryPoint = nonEmpty(t['mlflow.project.entryPoint']) ?? nonEmpty(t['mlflow.source.name']);
  if (repository === undefined && commit === undefined && entryPoint === undefined) return undefined;
  return {
    ...(repository === undefined ? {} : { repository }),
    ...(commit === undefined ? {} : { commit }),
    ...(entryPoint === undefined ? {} : { entryPoint }),
  };
}

/** `pypads.git.remotes` holds "name: url" lines; origin is preferred. */
function pypadsRemote(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const remotes = value.split(/\r?\n/).map((l) => /^\s*([^:\s]+)\s*:\s*(\S+)/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  return (remotes.find((m) => m[1] === 'origin') ?? remotes[0])?.[2];
}

/**
 * PyPads ≤0.4 names parameters `<module path>.<Class>.<kwarg>`; when every parameter shares one such class
 * it is what was trained. 0.5 keys (`<label>.<call>.<param>`) carry a label, not a class, and say nothing.
 */
function pypadsImplementation(params: Record<string, string>): string | undefined {
  const classes = new Set<string>();
  for (const key of Object.keys(params)) {
    const m = /^((?:[a-z_][a-z0-9_]*\.)+[A-Z][A-Za-z0-9_]*)\.[A-Za-z_][A-Za-z0-9_]*$/.exec(key);
    if (!m) return undefined;
    classes.add(m[1]);
  }
  return classes.size === 1 ? [...classes][0] : undefined;
}

/** MLflow ≤2.x records each `log_model` call in the `mlflow.log-model.history` tag (a JSON list). */
function logModelHistory(raw: RawRun): RawModel[] {
  const text = raw.tags['mlflow.log-model.history'];
  if (!text) return [];
  let list: unknown;
  try {
    list = parseJson(text);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  const models: RawModel[] = [];
  for (const entry of list) {
    if (entry === null || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    const artifactPath = typeof e.artifact_path === 'string' ? e.artifact_path : undefined;
    const flavors = e.flavors && typeof e.flavors === 'object' ? Object.keys(e.flavors) : [];
    const model: RawModel = { registry: [] };
    if (typeof e.model_id === 'string') model.id = e.model_id;
    else if (typeof e.model_uuid === 'string') model.id = e.model_uuid;
    if (artifactPath) {
      model.name = artifactPath;
      model.uri = `runs:/${typeof e.run_id === 'string' ? e.run_id : raw.runId}/${artifactPath}`;
    }
    const flavor = flavors.find((f) => f !== 'python_function') ?? flavors[0];
    if (flavor) model.flavor = flavor;
    models.push(model);
  }
  return models;
}

/** Models seen twice (a run output and the history tag) are merged by id or URI. */
export function mergeModels(first: RawModel[], second: RawModel[]): RawModel[] {
  const out = first.map((m) => ({ ...m, registry: [...m.registry] }));
  for (const m of second) {
    const same = out.find((o) => (m.id !== undefined && o.id === m.id) || (m.uri !== undefined && o.uri === m.uri));
    if (!same) {
      out.push({ ...m, registry: [...m.registry] });
      continue;
    }
    for (const key of ['id', 'name', 'uri', 'flavor', 'digest'] as const) if (same[key] === undefined && m[key] !== undefined) same[key] = m[key];
    same.registry.push(...m.registry);
  }
  return out;
}
