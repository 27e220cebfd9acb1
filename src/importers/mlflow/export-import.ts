/**
 * Exports written by mlflow-export-import (README_export_format.md): `run.json`, `experiment.json`,
 * `experiments.json` and `model.json` files, each `{system, info, mlflow}` with the REST payload as dicts
 * and full metric histories. Both the single and the bulk layouts are read by walking the folder; a run
 * exported twice (bulk models + bulk experiments) is imported once.
 */
import * as path from 'node:path';
import type { ImportItem, ImportOptions } from '../importer.js';
import type { MetricPoint } from '../../model/run-record.js';
import { isParseBudgetError } from '../../parse-budget-error.js';
import { parsePythonJson } from '../python-json.js';
import { datasetInput } from './dataset-input.js';
import { issue, issueItem } from './issues.js';
import { parseMetricValue } from './metric-line.js';
import { registryEntry, versionsByRun, type RegistryVersion } from './model-registry.js';
import { emptyRawRun } from './raw-run.js';
import { isPypadsInfrastructureExperiment, isPypadsInfrastructureRun, toRunRecord } from './run-semantics.js';
import { readSmallText, walkFiles, type WalkedFile } from './safe-fs.js';
import { runStatus } from './status.js';
import { validateRecord } from './validate.js';

/** A run.json holds whole metric histories. */
const EXPORT_FILE_LIMIT = 512 * 1024 ** 2;
const EXPORT_FILES = new Set(['run.json', 'experiment.json', 'experiments.json', 'model.json', 'models.json']);

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined);

async function readExportJson(file: string, limit = EXPORT_FILE_LIMIT): Promise<{ ok: true; value: Json } | { ok: false; code: string; message: string }> {
  const read = await readSmallText(file, limit);
  if (!read.ok) return read;
  try {
    const value = parsePythonJson(read.text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, code: 'invalid_json', message: 'does not hold a JSON object' };
    return { ok: true, value: value as Json };
  } catch (e) {
    if (isParseBudgetError(e)) return { ok: false, code: e.code, message: `is not read: ${e.message}` };
    return { ok: false, code: 'invalid_json', message: `is not valid JSON: ${(e as Error).message}` };
  }
}

/** True when a folder (up to a few levels down) holds a file of the export format. */
export async function looksLikeExport(dir: string): Promise<boolean> {
  const walked = await walkFiles(dir, 5000);
  const candidate = walked.files.find((f) => EXPORT_FILES.has(path.basename(f.key)) && f.key.split('/').length <= 6);
  if (!candidate) return false;
  // Detection reads one small file at most.
  const read = await readExportJson(candidate.full, 16 * 1024 ** 2);
  return read.ok && 'mlflow' in read.value && 'system' in read.value;
}

export async function* readExport(root: string, options: ImportOptions = {}): AsyncIterable<ImportItem> {
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  const walked = await walkFiles(root);
  for (const p of walked.problems) yield issueItem(issue(p.code, `${rel(p.full)} ${p.message}`, { file: rel(p.full), severity: 'warning' }));
  const byName = (name: string): WalkedFile[] => walked.files.filter((f) => path.basename(f.key) === name).sort((a, b) => (a.key < b.key ? -1 : 1));

  const experiments = new Map<string, { name?: string; deleted: boolean; tags: Record<string, string> }>();
  for (const f of byName('experiment.json')) {
    const read = await readExportJson(f.full);
    if (!read.ok) {
      yield issueItem(issue(read.code, `${f.key} ${read.message}; its runs are read without the experiment's name`, { file: f.key, severity: 'warning' }));
      continue;
    }
    const exp = obj(obj(read.value.mlflow).experiment);
    const id = str(exp.experiment_id);
    if (id !== undefined) experiments.set(id, { name: str(exp.name), deleted: exp.lifecycle_stage === 'deleted', tags: stringMap(exp.tags) });
  }

  const versions: RegistryVersion[] = [];
  for (const f of byName('model.json')) {
    const read = await readExportJson(f.full);
    if (!read.ok) {
      yield issueItem(issue(read.code, `${f.key} ${read.message}; its registry entries are not read`, { file: f.key, severity: 'warning' }));
      continue;
    }
    versions.push(...registryVersions(obj(obj(read.value.mlflow).registered_model)));
  }
  const byRun = versionsByRun(dedupeVersions(versions));

  const seen = new Set<string>();
  for (const f of byName('run.json')) {
    if (options.signal?.aborted) return;
    const read = await readExportJson(f.full);
    if (!read.ok) {
      yield issueItem(issue(read.code, `${f.key} ${read.message}; run skipped`, { file: f.key }));
      continue;
    }
    const m = obj(read.value.mlflow);
    const info = obj(m.info);
    const runId = str(info.run_id) ?? str(info.run_uuid);
    if (!runId) {
      yield issueItem(issue('invalid_field', `${f.key} has no mlflow.info.run_id; run skipped`, { file: f.key, path: ['mlflow', 'info', 'run_id'] }));
      continue;
    }
    if (seen.has(runId)) {
      yield issueItem(issue('duplicate_run', `${f.key} exports run ${runId} again; the first export was kept`, { file: f.key, run: runId, severity: 'warning' }));
      continue;
    }
    seen.add(runId);
    const location = rel(path.dirname(f.full));
    const raw = emptyRawRun(runId, location);
    const expId = str(info.experiment_id);
    const exp = expId === undefined ? undefined : experiments.get(expId);
    if (isPypadsInfrastructureExperiment(exp?.name, exp?.tags)) {
      yield issueItem(issue('pypads_infrastructure', `${f.key}: a run of PyPads' own storage; skipped`, { file: f.key, run: runId, severity: 'warning' }));
      continue;
    }
    raw.experiment = { ...(expId === undefined ? {} : { id: expId }), ...(exp?.name === undefined ? {} : { name: exp.name }) };
    if (str(info.run_name)) raw.runName = str(info.run_name);
    if (str(info.user_id)) raw.userId = str(info.user_id);
    raw.status = runStatus(info.status) ?? 'unknown';
    const start = int(info.start_time);
    if (start !== undefined) raw.startTime = start;
    const end = int(info.end_time);
    if (end !== undefined) raw.endTime = end;
    raw.deleted = info.lifecycle_stage === 'deleted' || exp?.deleted === true;
    raw.params = stringMap(m.params);
    raw.tags = stringMap(m.tags);
    if (isPypadsInfrastructureRun(raw.tags)) {
      yield issueItem(issue('pypads_infrastructure', `${f.key}: a PyPads catalogue entry, not a user run; skipped`, { file: f.key, run: runId, severity: 'warning' }));
      continue;
    }
    for (const [key, points] of Object.entries(obj(m.metrics))) {
      if (!Array.isArray(points)) continue;
      raw.metrics[key] = points.map((p): MetricPoint => {
        const point = obj(p);
        const value = typeof point.value === 'number' ? point.value : parseMetricValue(str(point.value) ?? '') ?? NaN;
        const ts = int(point.timestamp);
        return { step: int(point.step) ?? 0, value, ...(ts === undefined ? {} : { timestamp: ts }) };
      });
    }
    const inputs = obj(m.inputs);
    if (Array.isArray(inputs.dataset_inputs)) {
      raw.datasets = inputs.dataset_inputs.map((d) => {
        const tags = Array.isArray(obj(d).tags) ? Object.fromEntries((obj(d).tags as unknown[]).map((t) => [str(obj(t).key), str(obj(t).value)])) : {};
        return datasetInput(obj(obj(d).dataset), tags['mlflow.data.context']);
      });
    }
    yield* validateRecord(toRunRecord(raw, byRun.get(runId)), location);
  }
  for (const [runId, list] of byRun) {
    if (seen.has(runId)) continue;
    const names = list.map((v) => `${v.name}/${v.version}`).join(', ');
    yield issueItem(issue('missing_run', `registry version${list.length > 1 ? 's' : ''} ${names} came from run ${runId}, which this export does not hold`, { run: runId, severity: 'warning' }));
  }
}

/** Tags and params are dicts; values are kept as text. */
function stringMap(v: unknown): Record<string, string> {
  if (Array.isArray(v)) return Object.fromEntries(v.map((kv) => [str(obj(kv).key) ?? '', str(obj(kv).value) ?? '']).filter(([k]) => k !== ''));
  return Object.fromEntries(Object.entries(obj(v)).map(([k, val]) => [k, typeof val === 'string' ? val : JSON.stringify(val)]));
}

function registryVersions(model: Json): RegistryVersion[] {
  const name = str(model.name);
  if (!name) return [];
  const aliases = new Map<string, string[]>();
  for (const a of Array.isArray(model.aliases) ? model.aliases : []) {
    const version = str(obj(a).version);
    const alias = str(obj(a).alias);
    if (version && alias) aliases.set(version, [...(aliases.get(version) ?? []), alias]);
  }
  // Older exports (package 1.1) hold only `latest_versions`.
  const list = Array.isArray(model.versions) ? model.versions : Array.isArray(model.latest_versions) ? model.latest_versions : [];
  return list.map((raw) => {
    const v = obj(raw);
    const version = str(v.version) ?? '';
    const own = Array.isArray(v.aliases) ? v.aliases.map(str).filter((a): a is string => a !== undefined) : [];
    const entry: RegistryVersion = registryEntry(name, version, str(v.current_stage), [...new Set([...own, ...(aliases.get(version) ?? [])])]);
    if (str(v.run_id)) entry.runId = str(v.run_id);
    if (str(v.source)) entry.source = str(v.source);
    if (str(v.model_id)) entry.modelId = str(v.model_id);
    return entry;
  });
}

/** The same registered model version may be exported in several places (bulk and single layouts). */
function dedupeVersions(versions: RegistryVersion[]): RegistryVersion[] {
  const seen = new Map<string, RegistryVersion>();
  for (const v of versions) {
    const key = `${v.name}\n${v.version}\n${v.runId ?? v.source ?? ''}`;
    if (!seen.has(key)) seen.set(key, v);
  }
  return [...seen.values()];
}
