/**
 * The MLflow importer: a file store (`mlruns/`, or a folder holding one), an SQLite store (`mlflow.db`,
 * `sqlite:///…`, or a folder holding one), a tracking server (`http(s)://…`) or an mlflow-export-import
 * folder. Detection looks for experiment folders (a meta.yaml with `experiment_id`), a `.trash/` folder,
 * MLflow's tables, a server answering experiments/search, or export files, without reading runs.
 */
import * as path from 'node:path';
import type { Detection, ImportItem, ImportOptions, Importer } from '../importer.js';
import { fileURLToPath } from 'node:url';
import { looksLikeExport, readExport } from './export-import.js';
import { readFileStore } from './file-store.js';
import type { RestOptions } from './rest-client.js';
import { probeRestStore, readRestStore } from './rest-store.js';
import { isMlflowDatabase, openDatabase, readSqliteStore } from './sqlite-store.js';
import { isDirectory, isFile, listDir, readYamlMapping } from './safe-fs.js';

/** How many root folders detection looks into before giving up. */
const DETECT_PROBES = 20;

/** True when one of the first folders of `dir` is an experiment (a meta.yaml with `experiment_id`). */
async function holdsExperiment(dir: string): Promise<boolean> {
  const listed = await listDir(dir);
  if (!listed.ok) return false;
  let probes = 0;
  for (const e of listed.entries) {
    if (e.kind !== 'dir' || e.name.startsWith('.') || e.name === 'models') continue;
    if (++probes > DETECT_PROBES) break;
    const meta = await readYamlMapping(path.join(e.full, 'meta.yaml'));
    if (meta.ok && 'experiment_id' in meta.value) return true;
  }
  return false;
}

/** A store has experiment folders, or only deleted ones in `.trash/`. */
export async function looksLikeFileStore(dir: string): Promise<boolean> {
  return (await holdsExperiment(dir)) || (await holdsExperiment(path.join(dir, '.trash')));
}

/** The store root for a location: the folder itself, or its `mlruns/` child. */
export async function fileStoreRoot(location: string): Promise<string | undefined> {
  if (!(await isDirectory(location))) return undefined;
  if (await looksLikeFileStore(location)) return location;
  const child = path.join(location, 'mlruns');
  if (await looksLikeFileStore(child)) return child;
  return undefined;
}

type Source = { kind: 'file-store'; root: string } | { kind: 'sqlite'; file: string } | { kind: 'rest'; url: string } | { kind: 'export'; root: string };

/** `sqlite:///relative.db` and `sqlite:////absolute.db`, as MLflow tracking URIs write them. */
function sqlitePath(location: string): string | undefined {
  const m = /^sqlite:\/\/\/(.+)$/.exec(location);
  return m ? m[1] : location.startsWith('file:') ? fileURLToPath(location) : undefined;
}

async function isMlflowSqlite(file: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const opened = await openDatabase(file);
  if (!opened.ok) return { ok: false, reason: `${path.basename(file)} ${opened.message}` };
  try {
    return isMlflowDatabase(opened.db) ? { ok: true } : { ok: false, reason: `${path.basename(file)} has no MLflow tables` };
  } catch (e) {
    return { ok: false, reason: `${path.basename(file)} cannot be read as SQLite: ${(e as Error).message}` };
  } finally {
    opened.db.close();
  }
}

/** What kind of MLflow source a location is; a file store wins over an mlflow.db beside it, as in MLflow. */
async function resolveSource(location: string): Promise<Source | { reason: string }> {
  if (/^https?:\/\//i.test(location)) return { kind: 'rest', url: location };
  const sqlite = sqlitePath(location);
  if (sqlite !== undefined) return { kind: 'sqlite', file: sqlite };
  if (await isFile(location)) {
    const check = await isMlflowSqlite(location);
    return check.ok ? { kind: 'sqlite', file: location } : { reason: check.reason };
  }
  if (!(await isDirectory(location))) return { reason: 'no such file or folder' };
  const root = await fileStoreRoot(location);
  if (root) return { kind: 'file-store', root };
  const db = path.join(location, 'mlflow.db');
  if (await isFile(db)) {
    const check = await isMlflowSqlite(db);
    if (check.ok) return { kind: 'sqlite', file: db };
    return { reason: check.reason };
  }
  if (await looksLikeExport(location)) return { kind: 'export', root: location };
  return { reason: 'no experiment folder (meta.yaml with experiment_id) or .trash/ here or in mlruns/, no mlflow.db, no mlflow-export-import files' };
}

/** `rest` tunes the REST client (timeouts, retries, backoff; tests shorten them). */
export function createMlflowImporter(options: { rest?: Omit<RestOptions, 'signal'> } = {}): Importer {
  return {
    id: 'mlflow',
    description: 'MLflow file stores (mlruns/, 1.x–3.x), SQLite stores (mlflow.db), tracking servers (http(s)://) and mlflow-export-import folders',

    async detect(location: string): Promise<Detection> {
      const source = await resolveSource(location);
      if ('reason' in source) return { ok: false, reason: source.reason };
      return source.kind === 'rest' ? probeRestStore(source.url, options.rest) : { ok: true };
    },

    async *read(location: string, importOptions: ImportOptions = {}): AsyncIterable<ImportItem> {
      const source = await resolveSource(location);
      if (!('kind' in source)) yield* readFileStore(location, importOptions);
      else if (source.kind === 'sqlite') yield* readSqliteStore(source.file, importOptions);
      else if (source.kind === 'rest') yield* readRestStore(source.url, { ...options.rest, ...importOptions });
      else if (source.kind === 'export') yield* readExport(source.root, importOptions);
      else yield* readFileStore(source.root, importOptions, location);
    },
  };
}

export const mlflowImporter: Importer = createMlflowImporter();
