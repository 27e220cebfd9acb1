/**
 * The SQL store in SQLite (`mlflow.db`, MLflow's default since 3.7), read through sql.js (SQLite compiled
 * to WebAssembly: no native build). It yields the same records as the file store; run locations are
 * `<experiment id>/<run id>` as in a file store, so a migrated store keeps its run locations.
 * Optional tables and columns (added by later MLflow versions) are used only when present.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import type { ImportItem, ImportOptions } from '../importer.js';
import type { MetricPoint } from '../../model/run-record.js';
import { artifactCandidates, listArtifacts } from './artifacts.js';
import { datasetInput } from './dataset-input.js';
import { issue, issueItem } from './issues.js';
import { registryEntry, versionsByRun, type RegistryVersion } from './model-registry.js';
import { emptyRawRun, type RawModel } from './raw-run.js';
import { isPypadsInfrastructureExperiment, isPypadsInfrastructureRun, toRunRecord } from './run-semantics.js';
import { describeFsError } from './safe-fs.js';
import { runStatus } from './status.js';
import { validateRecord } from './validate.js';

const SQLITE_HEADER = 'SQLite format 3\0';
/** sql.js holds the whole database in memory; past this size a tracking server's REST API is the way. */
const MAX_DB_BYTES = 2 * 1024 ** 3;

type Row = Record<string, SqlValue>;

export async function hasSqliteHeader(file: string): Promise<boolean> {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(16);
      const bytesRead = fs.readSync(fd, head, 0, 16, 0);
      return bytesRead === 16 && head.toString('latin1') === SQLITE_HEADER;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Opens the file as a database; a reason when it cannot be. */
export async function openDatabase(file: string): Promise<{ ok: true; db: Database } | { ok: false; code: string; message: string }> {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { ok: false, code: 'not_a_file', message: 'is not a file' };
    if (stat.size > MAX_DB_BYTES) return { ok: false, code: 'file_too_large', message: `is ${stat.size} bytes; read stores this large through the tracking server's REST API` };
    if (!(await hasSqliteHeader(file))) return { ok: false, code: 'not_sqlite', message: 'is not an SQLite database' };
    const SQL = await initSqlJs();
    const db = new SQL.Database(fs.readFileSync(file));
    return { ok: true, db };
  } catch (e) {
    return { ok: false, ...((e as NodeJS.ErrnoException).code ? describeFsError(e) : { code: 'invalid_sqlite', message: `cannot be read as SQLite: ${(e as Error).message}` }) };
  }
}

/** True when the database has MLflow's tracking tables. */
export function isMlflowDatabase(db: Database): boolean {
  const tables = tableNames(db);
  return tables.has('experiments') && tables.has('runs') && tables.has('params') && tables.has('metrics');
}

function tableNames(db: Database): Set<string> {
  return new Set(all(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r.name)));
}

function columns(db: Database, table: string): Set<string> {
  return new Set(all(db, `PRAGMA table_info("${table.replace(/"/g, '""')}")`).map((r) => String(r.name)));
}

function all(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows: Row[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject() as Row);
    return rows;
  } finally {
    stmt.free();
  }
}

const text = (v: SqlValue | undefined): string | undefined => (v === null || v === undefined ? undefined : typeof v === 'string' ? v : v instanceof Uint8Array ? undefined : String(v));
const num = (v: SqlValue | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

export async function* readSqliteStore(file: string, options: ImportOptions = {}): AsyncIterable<ImportItem> {
  const name = path.basename(file);
  const opened = await openDatabase(file);
  if (!opened.ok) {
    yield issueItem(issue(opened.code, `${file} ${opened.message}`, { file: name }));
    return;
  }
  const db = opened.db;
  try {
    yield* readDatabase(db, file, options);
  } catch (e) {
    // A damaged page shows up only when a query touches it: report it, keep what was already yielded.
    yield issueItem(issue('invalid_sqlite', `${file} cannot be read further: ${(e as Error).message}`, { file: name }));
  } finally {
    db.close();
  }
}

async function* readDatabase(db: Database, file: string, options: ImportOptions): AsyncIterable<ImportItem> {
  const name = path.basename(file);
  if (!isMlflowDatabase(db)) {
    yield issueItem(issue('not_mlflow', `${file} has no MLflow tables (experiments, runs, params, metrics)`, { file: name }));
    return;
  }
  const tables = tableNames(db);
  // Only the in-memory copy gets these: without them every per-run query scans the whole table.
  for (const [table, column] of [['metrics', 'run_uuid'], ['params', 'run_uuid'], ['tags', 'run_uuid'], ['runs', 'experiment_id'], ['inputs', 'destination_id']]) {
    if (tables.has(table)) db.run(`CREATE INDEX IF NOT EXISTS rungraph_${table}_${column} ON ${table}(${column})`);
  }
  const registry = readSqlRegistry(db, tables);
  const byRun = versionsByRun(registry);
  const storeRoot = path.join(path.dirname(file), 'mlruns');
  const rel = (p: string) => path.relative(path.dirname(file), p).split(path.sep).join('/');
  const expTags = new Map<string, Record<string, string>>();
  if (tables.has('experiment_tags')) {
    for (const r of all(db, 'SELECT experiment_id, key, value FROM experiment_tags')) {
      const id = text(r.experiment_id)!;
      expTags.set(id, { ...(expTags.get(id) ?? {}), [String(r.key)]: text(r.value) ?? '' });
    }
  }
  const runColumns = columns(db, 'runs');
  const modelsByRun = new Map<string, Row[]>();
  for (const m of tables.has('logged_models') ? all(db, 'SELECT * FROM logged_models ORDER BY model_id') : []) {
    const run = text(m.source_run_id);
    if (run) modelsByRun.set(run, [...(modelsByRun.get(run) ?? []), m]);
  }

  for (const exp of all(db, 'SELECT experiment_id, name, lifecycle_stage FROM experiments ORDER BY experiment_id')) {
    const expId = text(exp.experiment_id)!;
    const expName = text(exp.name);
    if (isPypadsInfrastructureExperiment(expName, expTags.get(expId))) {
      yield issueItem(issue('pypads_infrastructure', `experiment ${expId} "${expName}" is PyPads' own storage, not user runs; skipped`, { file: name, severity: 'warning' }));
      continue;
    }
    const runIds = all(db, 'SELECT run_uuid FROM runs WHERE experiment_id = ? ORDER BY run_uuid', [exp.experiment_id]).map((r) => String(r.run_uuid));
    for (const runId of runIds) {
      if (options.signal?.aborted) return;
      const r = all(db, 'SELECT * FROM runs WHERE run_uuid = ?', [runId])[0];
      const location = `${expId}/${runId}`;
      const raw = emptyRawRun(runId, location);
      raw.experiment = { id: expId, ...(expName === undefined ? {} : { name: expName }) };
      if (text(r.name)) raw.runName = text(r.name);
      if (text(r.user_id)) raw.userId = text(r.user_id);
      raw.status = runStatus(r.status) ?? 'unknown';
      const start = num(r.start_time);
      if (start !== undefined) raw.startTime = start;
      const end = num(r.end_time);
      if (end !== undefined) raw.endTime = end;
      raw.deleted = r.lifecycle_stage === 'deleted' || exp.lifecycle_stage === 'deleted';
      for (const p of all(db, 'SELECT key, value FROM params WHERE run_uuid = ? ORDER BY key', [runId])) raw.params[String(p.key)] = text(p.value) ?? '';
      for (const t of all(db, 'SELECT key, value FROM tags WHERE run_uuid = ? ORDER BY key', [runId])) raw.tags[String(t.key)] = text(t.value) ?? '';
      raw.metrics = readSqlMetrics(db, runId);
      if (tables.has('inputs') && tables.has('datasets')) raw.datasets = readSqlDatasets(db, runId, tables.has('input_tags'));
      raw.models = (modelsByRun.get(runId) ?? []).map((m): RawModel => ({ id: String(m.model_id), uri: `models:/${String(m.model_id)}`, ...(text(m.name) ? { name: text(m.name) } : {}), registry: [] }));
      if (isPypadsInfrastructureRun(raw.tags)) {
        yield issueItem(issue('pypads_infrastructure', `run ${runId}: a PyPads catalogue entry, not a user run; skipped`, { file: name, run: runId, severity: 'warning' }));
        continue;
      }
      const uri = runColumns.has('artifact_uri') ? text(r.artifact_uri) : undefined;
      const listing = await listArtifacts([...artifactCandidates(uri, storeRoot), path.join(storeRoot, expId, runId, 'artifacts')], runId, rel);
      yield* listing.issues.map(issueItem);
      raw.artifacts = listing.artifacts;
      raw.libraries = listing.libraries;
      yield* validateRecord(toRunRecord(raw, byRun.get(runId)), location);
    }
  }
}

/** NaN is stored as value 0 with `is_nan = 1`; rows come in insertion order, as lines in a metric file. */
function readSqlMetrics(db: Database, runId: string): Record<string, MetricPoint[]> {
  const metrics: Record<string, MetricPoint[]> = {};
  for (const m of all(db, 'SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? ORDER BY rowid', [runId])) {
    const key = String(m.key);
    const value = m.is_nan === 1 || m.is_nan === '1' ? NaN : typeof m.value === 'number' ? m.value : NaN;
    const point: MetricPoint = { step: num(m.step) ?? 0, value };
    const ts = num(m.timestamp);
    if (ts !== undefined) point.timestamp = ts;
    (metrics[key] ??= []).push(point);
  }
  return metrics;
}

function readSqlDatasets(db: Database, runId: string, withTags: boolean) {
  const rows = all(
    db,
    `SELECT i.input_uuid, d.name, d.digest, d.dataset_source AS source, d.dataset_profile AS profile${withTags ? ", (SELECT value FROM input_tags t WHERE t.input_uuid = i.input_uuid AND t.name = 'mlflow.data.context') AS context" : ''}
     FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
     WHERE i.destination_id = ? AND i.source_type = 'DATASET' ORDER BY i.input_uuid`,
    [runId],
  );
  return rows.map((r) => datasetInput({ name: text(r.name), digest: text(r.digest), source: text(r.source), profile: text(r.profile) }, text(r.context)));
}

function readSqlRegistry(db: Database, tables: Set<string>): RegistryVersion[] {
  if (!tables.has('model_versions')) return [];
  const aliases = new Map<string, string[]>();
  if (tables.has('registered_model_aliases')) {
    for (const a of all(db, 'SELECT name, alias, version FROM registered_model_aliases ORDER BY alias')) {
      const key = `${String(a.name)}\n${String(a.version)}`;
      aliases.set(key, [...(aliases.get(key) ?? []), String(a.alias)]);
    }
  }
  const hasModelId = columns(db, 'model_versions').has('model_id');
  return all(db, `SELECT name, version, current_stage, run_id, source${hasModelId ? ', model_id' : ''} FROM model_versions ORDER BY name, version`).map((v) => {
    const name = String(v.name);
    const version = String(v.version);
    const entry: RegistryVersion = registryEntry(name, version, text(v.current_stage), aliases.get(`${name}\n${version}`) ?? []);
    if (text(v.run_id)) entry.runId = text(v.run_id);
    if (text(v.source)) entry.source = text(v.source);
    if (text(v.model_id)) entry.modelId = text(v.model_id);
    return entry;
  });
}
