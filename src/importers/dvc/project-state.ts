/**
 * What one state of a DVC project says about its run: params files, metrics files, `dvc.lock`
 * dependencies and outputs, and DVCLive folders (latest values plus per-step TSV series).
 */
import * as path from 'node:path';
import * as YAML from 'yaml';
import { parse as parseToml } from 'smol-toml';
import type { Issue } from '../../errors.js';
import type { DatasetInput, MetricPoint, ParamValue, RunRecordInput } from '../../model/run-record.js';
import { isParseBudgetError } from '../../parse-budget-error.js';
import { checkYamlBudget } from '../../yaml-budget.js';
import { NumberText, flattenParams, isPlainMap, parsePythonJson, parsePythonJsonKeepingNumbers } from '../python-json.js';
import type { FileTree } from './file-tree.js';

export interface ProjectState {
  params: Record<string, ParamValue>;
  metrics: Record<string, MetricPoint[]>;
  datasets: DatasetInput[];
  models: NonNullable<RunRecordInput['models']>;
  artifacts: NonNullable<RunRecordInput['artifacts']>;
}

export type StateIssue = Omit<Issue, 'run' | 'severity'> & { severity?: Issue['severity'] };

const DEFAULT_PARAMS = ['params.yaml', 'params.json', 'params.toml'];
const CODE_FILE = /\.(py|ipynb|r|sh|js|ts|jl|scala|java|m|cpp|c|go|rs)$/i;
const MODEL_FILE = /\.(pkl|pickle|joblib|pt|pth|h5|hdf5|keras|onnx|ckpt|safetensors|bin|model|cbm|ubj|tflite|pb)$/i;
const TSV_SERIES = /^(.*?)plots\/metrics\/(.+)\.tsv$/;
const STRUCTURED = /(\.(json|ya?ml|toml)|(^|\/)dvc\.lock)$/i;

export function readProjectState(tree: FileTree): { state: ProjectState; issues: StateIssue[] } {
  const issues: StateIssue[] = [];
  const state: ProjectState = { params: {}, metrics: {}, datasets: [], models: [], artifacts: [] };
  const files = tree.list();
  const fileSet = new Set(files);
  /** `declared`: named in dvc.yaml, so its absence is worth a warning (often: kept only in the DVC cache). */
  const load = (file: string, keepNumbers: boolean, declared = false): unknown => {
    if (!STRUCTURED.test(file)) {
      issues.push({ code: 'unsupported_format', message: 'only JSON, YAML and TOML params and metrics files are read', path: [], file });
      return undefined;
    }
    const text = readReporting(tree, file, issues);
    if (text === null) return undefined;
    if (text === undefined) {
      if (declared) issues.push({ code: 'missing_file', message: 'named in dvc.yaml but not present (not in git: in the DVC cache?)', path: [], file });
      return undefined;
    }
    try {
      return parseStructured(file, text, keepNumbers);
    } catch (e) {
      issues.push({ code: isParseBudgetError(e) ? e.code : 'invalid_file', message: (e as Error).message, path: [], file });
      return undefined;
    }
  };
  const expectMap = (file: string, value: unknown): value is Record<string, unknown> => {
    if (value === undefined) return false;
    if (isPlainMap(value)) return true;
    issues.push({ code: 'invalid_type', message: 'expected a map at the top level', path: [], file });
    return false;
  };

  // dvc.yaml names the params and metrics files; the defaults apply without it.
  // Every dvc.yaml counts (DVCLive writes its own, e.g. dvclive/dvc.yaml); paths in it are relative to its folder.
  const stageFiles = unique(['dvc.yaml', ...files.filter((f) => f.endsWith('/dvc.yaml'))]);
  const declared: Declared = { params: [], metrics: [], models: [] };
  for (const file of stageFiles) {
    const dvcYaml = load(file, false);
    if (!expectMap(file, dvcYaml)) continue;
    const dir = file.slice(0, -'dvc.yaml'.length);
    const found = declaredFiles(dvcYaml);
    const inDir = (list: string[]): string[] => list.map((p) => path.posix.normalize(dir + p));
    declared.params.push(...inDir(found.params));
    declared.metrics.push(...inDir(found.metrics));
    declared.models.push(...inDir(found.models));
  }
  const dvcliveDirs = new Set<string>();
  for (const file of files) {
    const m = TSV_SERIES.exec(file);
    if (m !== null) dvcliveDirs.add(m[1]);
  }
  if (fileSet.has('dvclive/metrics.json')) dvcliveDirs.add('dvclive/');

  // Params: keys stay unprefixed unless two files define the same key, then `<file>:<key>`.
  const paramFiles = unique([...DEFAULT_PARAMS, ...declared.params, ...[...dvcliveDirs].map((d) => `${d}params.yaml`)]);
  for (const file of paramFiles) {
    const value = load(file, true, declared.params.includes(file));
    if (!expectMap(file, value)) continue;
    for (const [key, param] of Object.entries(flattenParams(value))) {
      const existing = state.params[key];
      if (existing === undefined) state.params[key] = param;
      else if (existing.raw !== param.raw) state.params[`${file}:${key}`] = param;
    }
  }

  // Metrics: latest values, one point each, at the `step` the file reports (DVCLive) or 0.
  const metricFiles = unique([...declared.metrics, ...[...dvcliveDirs].map((d) => `${d}metrics.json`)]);
  for (const file of metricFiles) {
    const value = load(file, false, declared.metrics.includes(file));
    if (!expectMap(file, value)) continue;
    const step = typeof value.step === 'number' && Number.isInteger(value.step) ? value.step : 0;
    for (const [key, v] of Object.entries(flattenNumbers(value))) {
      if (key === 'step') continue;
      state.metrics[key] = [{ step, value: v }];
    }
  }
  // DVCLive series replace the single latest point with the whole history.
  for (const file of files) {
    const m = TSV_SERIES.exec(file);
    if (m === null) continue;
    const series = readTsvSeries(file, tree, issues);
    if (series !== undefined) state.metrics[m[2].split('/').join('.')] = series;
  }

  // Numbers keep their text: an all-digit md5 must not turn into a float.
  for (const file of stageFiles) {
    const lockFile = `${file.slice(0, -'dvc.yaml'.length)}dvc.lock`;
    readLock(load(lockFile, true), lockFile, declared.models, state, issues);
  }
  dropIntermediates(state);
  return { state, issues };
}

function parseStructured(file: string, text: string, keepNumbers: boolean): unknown {
  // dvc.lock is YAML too.
  if (/(\.ya?ml|(^|\/)dvc\.lock)$/i.test(file)) {
    checkYamlBudget(text);
    const doc = YAML.parseDocument(text);
    if (doc.errors.length > 0) throw new SyntaxError(doc.errors[0].message);
    // With aliases, toJS() resolves them under its alias-count limit (no billion-laughs); number
    // spellings are then lost, which only matters for `1.0`-style floats.
    let aliases = false;
    YAML.visit(doc, { Alias: () => { aliases = true; return YAML.visit.BREAK; } });
    return keepNumbers && !aliases ? yamlKeepingNumbers(doc.contents) : doc.toJS();
  }
  if (/\.toml$/i.test(file)) return parseToml(text);
  return keepNumbers ? parsePythonJsonKeepingNumbers(text) : parsePythonJson(text);
}

/** YAML to plain values, with each number's source text kept so `1.0` stays a float. */
function yamlKeepingNumbers(node: unknown): unknown {
  if (YAML.isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) out[String(YAML.isScalar(pair.key) ? pair.key.value : pair.key)] = yamlKeepingNumbers(pair.value);
    return out;
  }
  if (YAML.isSeq(node)) return node.items.map(yamlKeepingNumbers);
  if (YAML.isScalar(node)) {
    const { value, source } = node as YAML.Scalar & { source?: string };
    if (typeof value === 'number' && typeof source === 'string' && Number(source) === value) return new NumberText(source);
    return value;
  }
  return node ?? null;
}

interface Declared {
  params: string[];
  metrics: string[];
  /** Paths dvc.yaml declares as model artifacts. */
  models: string[];
}

function declaredFiles(dvcYaml: Record<string, unknown>): Declared {
  const out: Declared = { params: [], metrics: [], models: [] };
  const pathsOf = (list: unknown): string[] =>
    Array.isArray(list) ? list.flatMap((e) => (typeof e === 'string' ? [e] : isPlainMap(e) ? Object.keys(e) : [])) : [];
  out.params.push(...pathsOf(dvcYaml.params));
  out.metrics.push(...pathsOf(dvcYaml.metrics));
  const stages = isPlainMap(dvcYaml.stages) ? dvcYaml.stages : {};
  for (const stage of Object.values(stages)) {
    if (!isPlainMap(stage)) continue;
    // A params entry is a key of params.yaml (string) or `{file: [keys]}`.
    if (Array.isArray(stage.params)) for (const p of stage.params) if (isPlainMap(p)) out.params.push(...Object.keys(p));
    out.metrics.push(...pathsOf(stage.metrics));
  }
  const artifacts = isPlainMap(dvcYaml.artifacts) ? dvcYaml.artifacts : {};
  for (const a of Object.values(artifacts)) if (isPlainMap(a) && a.type === 'model' && typeof a.path === 'string') out.models.push(a.path);
  out.params = out.params.filter((p) => !p.includes('${'));
  return out;
}

export function flattenNumbers(value: Record<string, unknown>, prefix = '', out: Record<string, number> = {}): Record<string, number> {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    if (isPlainMap(v)) flattenNumbers(v, key, out);
    else if (typeof v === 'number') out[key] = v;
    else if (typeof v === 'boolean') out[key] = v ? 1 : 0;
  }
  return out;
}

/** The file's text, undefined when absent, or null after reporting why it could not be read. */
function readReporting(tree: FileTree, file: string, issues: StateIssue[]): string | undefined | null {
  try {
    return tree.read(file);
  } catch (e) {
    issues.push({ code: 'unreadable_file', message: (e as Error).message, path: [], file });
    return null;
  }
}

/** DVCLive `plots/metrics/<name>.tsv`: header `step\t<name>` (older DVCLive: `timestamp\tstep\t<name>`). */
function readTsvSeries(file: string, tree: FileTree, issues: StateIssue[]): MetricPoint[] | undefined {
  const text = readReporting(tree, file, issues);
  if (text === null || text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  const header = lines[0].split('\t');
  const stepCol = header.indexOf('step');
  const timeCol = header.indexOf('timestamp');
  const valueCol = header.findIndex((h, i) => i !== stepCol && i !== timeCol);
  if (stepCol < 0 || valueCol < 0) {
    issues.push({ code: 'invalid_header', message: 'expected a header with "step" and a value column', path: [], file, line: 1 });
    return undefined;
  }
  const points: MetricPoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split('\t');
    const step = Number(cells[stepCol]);
    const value = parseNumber(cells[valueCol]);
    if (!Number.isInteger(step) || value === undefined) {
      issues.push({ code: 'bad_metric_line', message: `line ${i + 1} has no integer step and numeric value`, path: [], file, line: i + 1 });
      continue;
    }
    const timestamp = timeCol >= 0 ? Number(cells[timeCol]) : NaN;
    points.push(Number.isFinite(timestamp) ? { step, value, timestamp } : { step, value });
  }
  return points;
}

const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity, infinity: Infinity, '-infinity': -Infinity };

function parseNumber(cell: string | undefined): number | undefined {
  if (cell === undefined || cell.trim() === '') return undefined;
  const lower = cell.trim().toLowerCase();
  if (lower in SPECIAL) return SPECIAL[lower];
  const n = Number(cell);
  return Number.isNaN(n) ? undefined : n;
}

/** dvc.lock: data dependencies become datasets (code files excluded), outputs become models or artifacts. */
function readLock(lock: unknown, lockFile: string, declaredModels: string[], state: ProjectState, issues: StateIssue[]): void {
  const dir = lockFile.slice(0, -'dvc.lock'.length);
  if (lock === undefined) return;
  if (!isPlainMap(lock)) {
    issues.push({ code: 'invalid_type', message: 'expected a map at the top level', path: [], file: lockFile });
    return;
  }
  // DVC 1 lock files have the stages at the top level; schema 2.0 nests them under `stages`.
  const stages = isPlainMap(lock.stages) ? lock.stages : Object.fromEntries(Object.entries(lock).filter(([k]) => k !== 'schema'));
  for (const [stageName, stage] of Object.entries(stages)) {
    if (!isPlainMap(stage)) {
      issues.push({ code: 'invalid_type', message: `stage ${stageName} is not a map`, path: ['stages', stageName], file: lockFile });
      continue;
    }
    for (const [kind, list] of [['deps', stage.deps], ['outs', stage.outs]] as const) {
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        issues.push({ code: 'invalid_type', message: `stages.${stageName}.${kind} is not a list`, path: ['stages', stageName, kind], file: lockFile });
        continue;
      }
      for (const [i, entry] of list.entries()) {
        if (!isPlainMap(entry) || typeof entry.path !== 'string') {
          issues.push({ code: 'invalid_type', message: `stages.${stageName}.${kind}[${i}] has no path`, path: ['stages', stageName, kind, i], file: lockFile });
          continue;
        }
        const file = path.posix.normalize(dir + entry.path);
        const digest = textOf(entry.md5) ?? textOf(entry.etag) ?? textOf(entry.checksum);
        const size = entry.size instanceof NumberText ? Number(entry.size.text) : undefined;
        if (kind === 'deps') addDependency(state, file, digest, stageName);
        else addOutput(state, file, digest, size, declaredModels);
      }
    }
  }
}

/** A data dependency (code files are not datasets); repeated paths are kept once. */
export function addDependency(state: ProjectState, file: string, digest: string | undefined, context: string | undefined): void {
  if (CODE_FILE.test(file) || state.datasets.some((d) => d.name === file)) return;
  state.datasets.push(context === undefined ? { name: file, digest, source: file } : { name: file, digest, source: file, context });
}

/** An output: a model when its name or dvc.yaml says so, otherwise an artifact. */
export function addOutput(state: ProjectState, file: string, digest: string | undefined, size: number | undefined, declaredModels: string[] = []): void {
  if (state.models.some((m) => m.name === file) || state.artifacts.some((a) => a.path === file)) return;
  if (MODEL_FILE.test(file) || declaredModels.includes(file) || /(^|\/)models?(\/|$)/.test(file)) state.models.push({ name: file, uri: file, digest });
  else state.artifacts.push({ path: file, size: size !== undefined && Number.isInteger(size) && size >= 0 ? size : undefined });
}

/** An output of one stage used by another is an intermediate, not an external input. */
export function dropIntermediates(state: ProjectState): void {
  const outputs = new Set([...state.models.map((m) => m.name), ...state.artifacts.map((a) => a.path)]);
  state.datasets = state.datasets.filter((d) => !outputs.has(d.name));
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : value instanceof NumberText ? value.text : undefined;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
