/**
 * The MLflow importer: a file store (`mlruns/`, or a folder holding one). Detection looks for experiment
 * folders (a meta.yaml with `experiment_id`) or a `.trash/` folder, without reading runs.
 */
import * as path from 'node:path';
import type { Detection, ImportItem, ImportOptions, Importer } from '../importer.js';
import { readFileStore } from './file-store.js';
import { isDirectory, listDir, readYamlMapping } from './safe-fs.js';

/** How many root folders detection looks into before giving up. */
const DETECT_PROBES = 20;

export async function looksLikeFileStore(dir: string): Promise<boolean> {
  const listed = await listDir(dir);
  if (!listed.ok) return false;
  let probes = 0;
  for (const e of listed.entries) {
    if (e.kind !== 'dir') continue;
    if (e.name === '.trash') return true;
    if (e.name.startsWith('.') || e.name === 'models') continue;
    if (++probes > DETECT_PROBES) break;
    const meta = await readYamlMapping(path.join(e.full, 'meta.yaml'));
    if (meta.ok && 'experiment_id' in meta.value) return true;
  }
  return false;
}

/** The store root for a location: the folder itself, or its `mlruns/` child. */
export async function fileStoreRoot(location: string): Promise<string | undefined> {
  if (!(await isDirectory(location))) return undefined;
  if (await looksLikeFileStore(location)) return location;
  const child = path.join(location, 'mlruns');
  if (await looksLikeFileStore(child)) return child;
  return undefined;
}

export const mlflowImporter: Importer = {
  id: 'mlflow',
  description: 'MLflow file stores (mlruns/, MLflow 1.x–3.x)',

  async detect(location: string): Promise<Detection> {
    if (!(await isDirectory(location))) return { ok: false, reason: 'not a folder' };
    if (await fileStoreRoot(location)) return { ok: true };
    return { ok: false, reason: 'no experiment folder (meta.yaml with experiment_id) or .trash/ here or in mlruns/' };
  },

  async *read(location: string, options: ImportOptions = {}): AsyncIterable<ImportItem> {
    const root = (await fileStoreRoot(location)) ?? location;
    yield* readFileStore(root, options);
  },
};
