/**
 * Weights & Biases run folders (format: docs/importers/wandb.md): every `run-*` / `offline-run-*`
 * folder in a tree (usually `<project>/wandb/`), one such folder, or one `.wandb` log.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import type { Detection, ImportItem, Importer } from '../importer.js';
import { DEFAULT_SKIP, walkFolders } from '../walk-folders.js';
import { logFileOf, readRunFolder } from './wandb-run.js';

const RUN_FOLDER = /^(?:offline-)?run-/;

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isRunFolder(dir: string): boolean {
  if (!RUN_FOLDER.test(path.basename(dir))) return false;
  return logFileOf(dir) !== undefined || fs.existsSync(path.join(dir, 'files', 'config.yaml')) || fs.existsSync(path.join(dir, 'files', 'wandb-metadata.json'));
}

/** `latest-run` is a link or copy of another run; the other names are the insides of run folders. */
const SKIPPED = new Set([...DEFAULT_SKIP, 'latest-run']);

/** The run folders a location stands for (it, or any below it), with the folder locations are relative to. */
function locate(location: string, maxFolders?: number): { root: string; runs: string[] } {
  if (!isDir(location)) return { root: path.dirname(location), runs: [] };
  if (isRunFolder(location)) return { root: path.dirname(location), runs: [location] };
  const runs = walkFolders(location, {
    visit: (dir) => (dir !== location && isRunFolder(dir) ? 'match' : 'descend'),
    skip: SKIPPED,
    maxFolders,
  });
  return { root: location, runs };
}

export const wandbImporter: Importer = {
  id: 'wandb',
  description: 'Weights & Biases run folders (wandb/run-*, wandb/offline-run-*) and .wandb transaction logs',

  async detect(location: string): Promise<Detection> {
    if (!fs.existsSync(location)) return { ok: false, reason: 'no such file or folder' };
    if (!isDir(location)) {
      return location.endsWith('.wandb') ? { ok: true } : { ok: false, reason: 'not a folder and not a .wandb file' };
    }
    return locate(location, 5000).runs.length > 0
      ? { ok: true }
      : { ok: false, reason: 'no run-* or offline-run-* folder with a .wandb log or files/config.yaml in the folder tree' };
  },

  async *read(location: string, options = {}): AsyncIterable<ImportItem> {
    const single = !isDir(location);
    const { root, runs } = single ? { root: path.dirname(path.dirname(location)), runs: [path.dirname(location)] } : locate(location);
    const seen = new Set<string>();
    for (const dir of runs) {
      if (options.signal?.aborted) return;
      const relative = path.relative(root, dir).split(path.sep).join('/') || '.';
      const { record, issues } = readRunFolder(dir, relative, single ? location : undefined);
      for (const issue of issues) yield { kind: 'issue', issue };
      // A resumed run writes a new folder with the same id; each folder stays its own record.
      if (seen.has(record.source.runId)) {
        const original = record.source.runId;
        record.source.runId = `${original}@${path.basename(dir)}`;
        yield { kind: 'issue', issue: { code: 'duplicate_run_id', message: `run id ${original} appears in several folders; this one is imported as ${record.source.runId}`, path: [], file: dir, run: original, severity: 'warning' } };
      }
      seen.add(record.source.runId);
      yield { kind: 'run', record, file: dir };
    }
  },
};
