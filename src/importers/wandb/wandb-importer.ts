/**
 * Weights & Biases run folders (format: docs/importers/wandb.md): a project folder holding `wandb/`,
 * the `wandb/` folder itself, one `run-*` / `offline-run-*` folder, or one `.wandb` log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Detection, ImportItem, Importer } from '../importer.js';
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

/** Run folders directly inside `dir`; `latest-run` is a link or copy of another run and is skipped. */
function runFoldersIn(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n !== 'latest-run').sort().map((n) => path.join(dir, n)).filter((p) => isDir(p) && isRunFolder(p));
}

/** The run folders a location stands for, with the folder the record locations are relative to. */
function locate(location: string): { root: string; runs: string[] } {
  if (!isDir(location)) return { root: path.dirname(location), runs: [] };
  if (isRunFolder(location)) return { root: path.dirname(location), runs: [location] };
  const direct = runFoldersIn(location);
  if (direct.length > 0) return { root: location, runs: direct };
  return { root: location, runs: runFoldersIn(path.join(location, 'wandb')) };
}

export const wandbImporter: Importer = {
  id: 'wandb',
  description: 'Weights & Biases run folders (wandb/run-*, wandb/offline-run-*) and .wandb transaction logs',

  async detect(location: string): Promise<Detection> {
    if (!fs.existsSync(location)) return { ok: false, reason: 'no such file or folder' };
    if (!isDir(location)) {
      return location.endsWith('.wandb') ? { ok: true } : { ok: false, reason: 'not a folder and not a .wandb file' };
    }
    return locate(location).runs.length > 0
      ? { ok: true }
      : { ok: false, reason: 'no run-* or offline-run-* folder with a .wandb log or files/config.yaml here or in wandb/' };
  },

  async *read(location: string, options = {}): AsyncIterable<ImportItem> {
    const single = !isDir(location);
    const { root, runs } = single ? { root: path.dirname(path.dirname(location)), runs: [path.dirname(location)] } : locate(location);
    const seen = new Set<string>();
    for (const dir of runs) {
      if (options.signal?.aborted) return;
      const relative = path.relative(root, dir).split(path.sep).join('/') || '.';
      const { record, issues } = readRunFolder(dir, relative);
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
