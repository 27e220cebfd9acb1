/**
 * Sacred FileStorageObserver folders (format: docs/importers/sacred.md): either the observer's base
 * folder (`<id>/run.json` per run, shared `_sources/` and `_resources/`) or a single run folder.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import type { Detection, ImportItem, Importer } from '../importer.js';
import { validateRunRecord } from '../../model/run-record.js';
import { readSacredRun } from './sacred-run.js';

export interface SacredImporterOptions {
  /** A RUNNING run whose heartbeat is older than this is reported dead. Default: one hour. */
  staleHeartbeatMs?: number;
  /** Clock for the heartbeat check; tests freeze it. */
  now?: () => number;
}

export function createSacredImporter(options: SacredImporterOptions = {}): Importer {
  const staleHeartbeatMs = options.staleHeartbeatMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  return {
    id: 'sacred',
    description: 'Sacred FileStorageObserver folders (run.json, config.json, metrics.json per run)',

    async detect(location: string): Promise<Detection> {
      if (!isDirectory(location)) return { ok: false, reason: 'not a directory' };
      if (hasSacredRunJson(location)) return { ok: true };
      const runs = runFolders(location);
      if (runs.some(hasSacredRunJson)) return { ok: true };
      return { ok: false, reason: 'no run.json with an "experiment" object here or in a sub-folder' };
    },

    async *read(location: string): AsyncIterable<ImportItem> {
      const single = fs.existsSync(path.join(location, 'run.json'));
      const root = single ? path.dirname(path.resolve(location)) : path.resolve(location);
      const folders = single ? [path.resolve(location)] : runFolders(location).map((f) => path.resolve(f));
      for (const folder of folders) {
        if (!fs.existsSync(path.join(folder, 'run.json'))) {
          const rel = path.relative(root, folder).split(path.sep).join('/');
          yield {
            kind: 'issue',
            issue: { code: 'missing_file', message: 'run.json is missing; folder skipped', path: [], file: `${rel}/run.json`, run: path.basename(folder), severity: 'warning' },
          };
          continue;
        }
        const result = readSacredRun(folder, root, { staleHeartbeatMs, now: now() });
        for (const issue of result.issues) yield { kind: 'issue', issue };
        if (result.record === undefined) continue;
        const valid = validateRunRecord(result.record);
        if (valid.ok) {
          yield { kind: 'run', record: valid.record, file: path.join(folder, 'run.json') };
          continue;
        }
        for (const i of valid.issues) {
          yield { kind: 'issue', issue: { ...i, message: `${i.path.join('.')}: ${i.message}`, file: `${result.record.source.location}/run.json`, run: result.record.source.runId } };
        }
      }
    },
  };
}

export const sacredImporter: Importer = createSacredImporter();

/** Sub-folders that may be runs: `_sources`, `_resources` and hidden folders are shared storage. */
function runFolders(base: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(base, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(byRunId)
    .map((name) => path.join(base, name))
    .filter((folder) => fs.existsSync(path.join(folder, 'run.json')) || looksLikeRunFolder(folder));
}

/** A folder without run.json still counts (and is reported) when it holds Sacred's other files. */
function looksLikeRunFolder(folder: string): boolean {
  return ['config.json', 'metrics.json', 'cout.txt'].some((f) => fs.existsSync(path.join(folder, f)));
}

function byRunId(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function hasSacredRunJson(folder: string): boolean {
  const file = path.join(folder, 'run.json');
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(8192);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      const text = head.subarray(0, n).toString('utf8');
      // Keys are sorted and `status` comes late in big files, but `experiment` is near the start.
      return /"experiment"\s*:\s*\{/.test(text);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

function isDirectory(location: string): boolean {
  try {
    return fs.statSync(location).isDirectory();
  } catch {
    return false;
  }
}
