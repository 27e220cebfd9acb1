/**
 * A running tracking server through REST API 2.0: experiments/search and runs/search page by page
 * (`page_token`), metrics/get-history for each metric's full series (runs/search returns latest values
 * only), and the model registry. A run's location is its URL in the MLflow UI.
 */
import type { ImportItem, ImportOptions } from '../importer.js';
import type { MetricPoint } from '../../model/run-record.js';
import { datasetInput } from './dataset-input.js';
import { issue, issueItem } from './issues.js';
import { registryEntry, versionsByRun, type RegistryVersion } from './model-registry.js';
import { emptyRawRun, type RawRun } from './raw-run.js';
import { isPypadsInfrastructureExperiment, isPypadsInfrastructureRun, toRunRecord } from './run-semantics.js';
import { MlflowRestClient, type RestAnswer, type RestOptions } from './rest-client.js';
import { parseMetricValue } from './metric-line.js';
import { runStatus } from './status.js';
import { validateRecord } from './validate.js';

interface KeyValue { key: string; value?: string }
interface ApiExperiment { experiment_id: string; name?: string; lifecycle_stage?: string; tags?: KeyValue[] }
interface ApiMetric { key: string; value: number | string; timestamp?: number | string; step?: number | string }
interface ApiRun {
  info: { run_id?: string; run_uuid?: string; run_name?: string; experiment_id?: string; user_id?: string; status?: string; start_time?: number | string; end_time?: number | string; lifecycle_stage?: string };
  data?: { metrics?: ApiMetric[]; params?: KeyValue[]; tags?: KeyValue[] };
  inputs?: { dataset_inputs?: { tags?: KeyValue[]; dataset?: { name?: string; digest?: string; source?: string } }[] };
  outputs?: { model_outputs?: { model_id: string }[] };
}
interface ApiModelVersion { name: string; version: string | number; current_stage?: string; run_id?: string; source?: string; model_id?: string; aliases?: string[] }
interface ApiRegisteredModel { name: string; aliases?: { alias: string; version: string | number }[] }

const PAGE = 1000;
/** Guards against a server that keeps answering the same page token. */
const MAX_PAGES = 100_000;

const int = (v: number | string | undefined): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined);
const metricValue = (v: number | string): number => (typeof v === 'number' ? v : parseMetricValue(v) ?? NaN);
const pairs = (list: KeyValue[] | undefined): Record<string, string> => Object.fromEntries((list ?? []).map((kv) => [kv.key, kv.value ?? '']));

export async function* readRestStore(baseUrl: string, options: ImportOptions & RestOptions = {}): AsyncIterable<ImportItem> {
  const client = new MlflowRestClient(baseUrl, options);
  const fail = (answer: Exclude<RestAnswer<unknown>, { ok: true }>, what: string, run?: string) =>
    issueItem(issue(answer.code, `${what}: ${answer.message}`, { file: client.base, run }));

  const versions: RegistryVersion[] = [];
  const registryFailure = await collectRegistry(client, versions);
  if (registryFailure) yield fail(registryFailure, 'model registry not read');
  const byRun = versionsByRun(versions);

  const experiments: ApiExperiment[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.post<{ experiments?: ApiExperiment[]; next_page_token?: string }>('experiments/search', { max_results: PAGE, view_type: 'ALL', ...(token ? { page_token: token } : {}) });
    if (!answer.ok) {
      yield fail(answer, 'experiments not listed');
      if (answer.status === 401 || answer.status === 403) yield issueItem(issue('unauthorized', 'set MLFLOW_TRACKING_TOKEN (or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD) for this server', { file: client.base }));
      return;
    }
    experiments.push(...(answer.body.experiments ?? []));
    token = answer.body.next_page_token;
    if (!token) break;
  }

  for (const exp of experiments) {
    if (isPypadsInfrastructureExperiment(exp.name, pairs(exp.tags))) {
      yield issueItem(issue('pypads_infrastructure', `experiment ${exp.experiment_id} "${exp.name}" is PyPads' own storage, not user runs; skipped`, { file: client.base, severity: 'warning' }));
      continue;
    }
    let runToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      if (options.signal?.aborted) return;
      const answer = await client.post<{ runs?: ApiRun[]; next_page_token?: string }>('runs/search', {
        experiment_ids: [exp.experiment_id], max_results: PAGE, run_view_type: 'ALL', ...(runToken ? { page_token: runToken } : {}),
      });
      if (!answer.ok) {
        yield fail(answer, `runs of experiment ${exp.experiment_id} not listed`);
        break;
      }
      for (const run of answer.body.runs ?? []) yield* readRun(client, run, exp, byRun, fail);
      runToken = answer.body.next_page_token;
      if (!runToken) break;
    }
  }
}

async function* readRun(
  client: MlflowRestClient,
  run: ApiRun,
  exp: ApiExperiment,
  byRun: Map<string, RegistryVersion[]>,
  fail: (a: Exclude<RestAnswer<unknown>, { ok: true }>, what: string, run?: string) => ImportItem,
): AsyncIterable<ImportItem> {
  const info = run.info ?? {};
  const runId = info.run_id ?? info.run_uuid;
  if (!runId) {
    yield issueItem(issue('invalid_field', `a run of experiment ${exp.experiment_id} has no run_id; skipped`, { file: client.base, path: ['info', 'run_id'] }));
    return;
  }
  const location = `${client.base}/#/experiments/${exp.experiment_id}/runs/${runId}`;
  const raw: RawRun = emptyRawRun(runId, location);
  raw.experiment = { id: exp.experiment_id, ...(exp.name ? { name: exp.name } : {}) };
  if (info.run_name) raw.runName = info.run_name;
  if (info.user_id) raw.userId = info.user_id;
  raw.status = runStatus(info.status) ?? 'unknown';
  const start = int(info.start_time);
  if (start !== undefined) raw.startTime = start;
  const end = int(info.end_time);
  if (end !== undefined) raw.endTime = end;
  raw.deleted = info.lifecycle_stage === 'deleted' || exp.lifecycle_stage === 'deleted';
  raw.params = pairs(run.data?.params);
  raw.tags = pairs(run.data?.tags);
  if (isPypadsInfrastructureRun(raw.tags)) {
    yield issueItem(issue('pypads_infrastructure', `run ${runId}: a PyPads catalogue entry, not a user run; skipped`, { file: location, run: runId, severity: 'warning' }));
    return;
  }
  for (const latest of run.data?.metrics ?? []) {
    const history = await metricHistory(client, runId, latest.key);
    if (history.ok) raw.metrics[latest.key] = history.points;
    else {
      // Keep the latest value runs/search gave, and say the series is incomplete.
      yield fail(history.answer, `metric "${latest.key}" history not read; only its latest value is kept`, runId);
      raw.metrics[latest.key] = [toPoint(latest)];
    }
  }
  raw.datasets = (run.inputs?.dataset_inputs ?? []).map((d) => datasetInput({ ...(d.dataset ?? {}) }, pairs(d.tags)['mlflow.data.context']));
  raw.models = (run.outputs?.model_outputs ?? []).map((m) => ({ id: m.model_id, uri: `models:/${m.model_id}`, registry: [] }));
  yield* validateRecord(toRunRecord(raw, byRun.get(runId)), location);
}

function toPoint(m: ApiMetric): MetricPoint {
  const point: MetricPoint = { step: int(m.step) ?? 0, value: metricValue(m.value) };
  const ts = int(m.timestamp);
  if (ts !== undefined) point.timestamp = ts;
  return point;
}

async function metricHistory(client: MlflowRestClient, runId: string, key: string): Promise<{ ok: true; points: MetricPoint[] } | { ok: false; answer: Exclude<RestAnswer<unknown>, { ok: true }> }> {
  const points: MetricPoint[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // The file-store backend rejects page_token, so it is sent only when the server gave one.
    const answer: RestAnswer<{ metrics?: ApiMetric[]; next_page_token?: string }> = await client.get('metrics/get-history', { run_id: runId, metric_key: key, max_results: 25_000, page_token: token });
    if (!answer.ok) return { ok: false, answer };
    points.push(...(answer.body.metrics ?? []).map(toPoint));
    token = answer.body.next_page_token;
    if (!token) break;
  }
  return { ok: true, points };
}

/** Fills `versions`; answers the failure when the registry cannot be read (servers without one answer 404). */
async function collectRegistry(client: MlflowRestClient, versions: RegistryVersion[]): Promise<Exclude<RestAnswer<unknown>, { ok: true }> | undefined> {
  const aliases = new Map<string, string[]>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: RestAnswer<{ registered_models?: ApiRegisteredModel[]; next_page_token?: string }> = await client.get('registered-models/search', { max_results: 1000, page_token: token });
    if (!answer.ok) return answer.status === 404 ? undefined : answer;
    for (const m of answer.body.registered_models ?? []) {
      for (const a of m.aliases ?? []) {
        const key = `${m.name}\n${String(a.version)}`;
        aliases.set(key, [...(aliases.get(key) ?? []), a.alias]);
      }
    }
    token = answer.body.next_page_token;
    if (!token) break;
  }
  token = undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: RestAnswer<{ model_versions?: ApiModelVersion[]; next_page_token?: string }> = await client.get('model-versions/search', { max_results: 10_000, page_token: token });
    if (!answer.ok) return answer.status === 404 ? undefined : answer;
    for (const v of answer.body.model_versions ?? []) {
      const version = String(v.version);
      const names = [...new Set([...(v.aliases ?? []), ...(aliases.get(`${v.name}\n${version}`) ?? [])])];
      const entry: RegistryVersion = registryEntry(v.name, version, v.current_stage, names);
      if (v.run_id) entry.runId = v.run_id;
      if (v.source) entry.source = v.source;
      if (v.model_id) entry.modelId = v.model_id;
      versions.push(entry);
    }
    token = answer.body.next_page_token;
    if (!token) break;
  }
  return undefined;
}

/** One quick request: an MLflow server answers experiments/search with JSON (or refuses without a token). */
export async function probeRestStore(baseUrl: string, options: RestOptions = {}): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new MlflowRestClient(baseUrl, { ...options, retries: 0, timeoutMs: Math.min(options.timeoutMs ?? 5000, 5000) });
  const answer = await client.get<unknown>('experiments/search', { max_results: 1 });
  if (answer.ok) {
    return answer.body !== null && typeof answer.body === 'object' && !Array.isArray(answer.body)
      ? { ok: true }
      : { ok: false, reason: 'the server does not answer experiments/search like MLflow' };
  }
  if (answer.status === 401 || answer.status === 403) return { ok: true };
  return { ok: false, reason: `not an MLflow tracking server: ${answer.message}` };
}
