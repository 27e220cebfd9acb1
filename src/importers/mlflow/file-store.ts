/**
 * A file store (`mlruns/`) of MLflow 1.x–3.x: experiments are the root's folders (the Default one is `0`),
 * deleted experiments sit in `.trash/`, and `models/` holds the model registry. Runs are read one at a time
 * so memory stays bounded by the largest run.
 */
import * as path from 'node:path';
import type { ImportItem, ImportOptions } from '../importer.js';
import { readFileRegistry } from './file-registry.js';
import { readFileRun, type ExperimentContext } from './file-run.js';
import { issue, issueItem } from './issues.js';
import { versionsByRun } from './model-registry.js';
import { isPypadsInfrastructureExperiment, isPypadsInfrastructureRun, toRunRecord } from './run-semantics.js';
import { isDirectory, listDir, readSmallText, readYamlMapping, walkFiles } from './safe-fs.js';
import { validateRecord } from './validate.js';

/** Experiment subfolders that are not runs. */
const RESERVED_IN_EXPERIMENT = new Set(['tags', 'datasets', 'traces', 'models']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** `base` is the imported location (the store or a folder holding it): locations and files are relative to it. */
export async function* readFileStore(root: string, options: ImportOptions = {}, base = root): AsyncIterable<ImportItem> {
  if (!(await isDirectory(root))) {
    yield issueItem(issue('missing_folder', `${root} is not a folder`, { file: root }));
    return;
  }
  const registry = await readFileRegistry(root, base);
  yield* registry.issues.map(issueItem);
  const byRun = versionsByRun(registry.versions);

  const experiments: { dir: string; deleted: boolean }[] = [];
  const top = await listDir(root);
  if (!top.ok) {
    yield issueItem(issue(top.code, `${root} ${top.message}`, { file: root }));
    return;
  }
  for (const e of top.entries) {
    if (e.kind !== 'dir' || e.name === 'models' || e.name.startsWith('.')) continue;
    experiments.push({ dir: e.full, deleted: false });
  }
  const trash = await listDir(path.join(root, '.trash'));
  if (trash.ok) for (const e of trash.entries) if (e.kind === 'dir') experiments.push({ dir: e.full, deleted: true });

  for (const { dir, deleted } of experiments) {
    if (options.signal?.aborted) return;
    yield* readExperiment({ root, base }, dir, deleted, byRun, options);
  }
}

async function* readExperiment(
  { root, base }: { root: string; base: string },
  dir: string,
  deleted: boolean,
  byRun: ReturnType<typeof versionsByRun>,
  options: ImportOptions,
): AsyncIterable<ImportItem> {
  const rel = (p: string) => path.relative(base, p).split(path.sep).join('/');
  const metaFile = path.join(dir, 'meta.yaml');
  const meta = await readYamlMapping(metaFile);
  if (!meta.ok) {
    yield issueItem(issue(meta.code, `${rel(dir)}: meta.yaml ${meta.message}; the folder is not read as an experiment`, { file: rel(metaFile), severity: 'warning' }));
    return;
  }
  const name = str(meta.value.name);
  const tags = await readTags(path.join(dir, 'tags'));
  if (isPypadsInfrastructureExperiment(name, tags)) {
    yield issueItem(issue('pypads_infrastructure', `${rel(dir)}: experiment "${name}" is PyPads' own storage, not user runs; skipped`, { file: rel(metaFile), severity: 'warning' }));
    return;
  }
  const loggedModels = await readMetaFolders(path.join(dir, 'models'));
  const modelsByRun = new Map<string, string[]>();
  for (const [id, m] of loggedModels) {
    const run = str(m.source_run_id);
    if (run) modelsByRun.set(run, [...(modelsByRun.get(run) ?? []), id]);
  }
  const exp: ExperimentContext = {
    root,
    base,
    id: str(meta.value.experiment_id) ?? path.basename(dir),
    deleted,
    datasets: await readMetaFolders(path.join(dir, 'datasets')),
    loggedModels,
    modelsByRun,
  };
  if (name !== undefined) exp.name = name;
  const listed = await listDir(dir);
  if (!listed.ok) {
    yield issueItem(issue(listed.code, `${rel(dir)} ${listed.message}`, { file: rel(dir) }));
    return;
  }
  for (const entry of listed.entries) {
    if (options.signal?.aborted) return;
    if (RESERVED_IN_EXPERIMENT.has(entry.name)) continue;
    if (entry.kind === 'symlink-dir' || entry.kind === 'other') {
      yield issueItem(issue('symlink_skipped', `${rel(entry.full)} is not a plain folder (a symlink or special file); skipped`, { file: rel(entry.full), severity: 'warning' }));
      continue;
    }
    if (entry.kind !== 'dir') continue;
    const { raw, issues } = await readFileRun(entry.full, exp);
    yield* issues.map(issueItem);
    if (!raw) continue;
    if (isPypadsInfrastructureRun(raw.tags)) {
      yield issueItem(issue('pypads_infrastructure', `${raw.location}: a PyPads catalogue entry, not a user run; skipped`, { file: raw.location, run: raw.runId, severity: 'warning' }));
      continue;
    }
    yield* validateRecord(toRunRecord(raw, byRun.get(raw.runId)), raw.location);
  }
}

/** Experiment tags: one file per key, like run tags. */
async function readTags(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!(await isDirectory(dir))) return out;
  for (const f of (await walkFiles(dir, 10_000)).files) {
    const read = await readSmallText(f.full);
    if (read.ok) out[f.key] = read.text;
  }
  return out;
}

/** `<folder>/<id>/meta.yaml` for each id; unreadable ones are left out (the run that needs one says so). */
async function readMetaFolders(dir: string): Promise<Map<string, Record<string, unknown>>> {
  const map = new Map<string, Record<string, unknown>>();
  const listed = await listDir(dir);
  if (!listed.ok) return map;
  for (const e of listed.entries) {
    if (e.kind !== 'dir') continue;
    const meta = await readYamlMapping(path.join(e.full, 'meta.yaml'));
    if (meta.ok) map.set(e.name, meta.value);
  }
  return map;
}
