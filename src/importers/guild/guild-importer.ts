/**
 * Guild AI runs (format: docs/importers/guild.md): every run folder (one holding `.guild/opref` or
 * `.guild/attrs/`) in a tree such as a Guild home (`runs/`, `trash/runs/`), or one run folder.
 */
import * as fs from '../source-fs.js';
import * as path from 'node:path';
import type { Detection, ImportItem, Importer } from '../importer.js';
import { DEFAULT_SKIP, walkFolders } from '../walk-folders.js';
import { readGuildRun } from './guild-run.js';

interface RunLocation {
  dir: string;
  deleted: boolean;
}

function isRunFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, '.guild', 'opref')) || fs.existsSync(path.join(dir, '.guild', 'attrs'));
}

/** Guild's `cache/` holds indexes and copies, never runs of its own. */
const SKIPPED = new Set([...DEFAULT_SKIP, 'cache']);

const inTrash = (dir: string): boolean => /(^|[\\/])trash[\\/]runs$/.test(path.resolve(dir));

/** The run folders of a location: itself, or every run folder below it (Guild homes, runs/ folders). */
function locate(location: string, maxFolders?: number): { root: string; runs: RunLocation[] } {
  if (isRunFolder(location)) return { root: path.dirname(location), runs: [{ dir: location, deleted: inTrash(path.dirname(location)) }] };
  const dirs = walkFolders(location, {
    // Run folders are not entered: dependency runs are copied inside them.
    visit: (dir, entries) => (entries.some((e) => e.isDirectory() && e.name === '.guild') && isRunFolder(dir) ? 'match' : 'descend'),
    skip: SKIPPED,
    maxFolders,
  });
  return { root: location, runs: dirs.map((dir) => ({ dir, deleted: inTrash(path.dirname(dir)) })) };
}

export const guildImporter: Importer = {
  id: 'guild',
  description: 'Guild AI runs (a Guild home, its runs/ folder, or one run folder)',

  async detect(location: string): Promise<Detection> {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(location);
    } catch {
      return { ok: false, reason: 'no such file or folder' };
    }
    if (!stat.isDirectory()) return { ok: false, reason: 'not a folder' };
    return locate(location, 5000).runs.length > 0
      ? { ok: true }
      : { ok: false, reason: 'no run folder with .guild/opref or .guild/attrs in the folder tree' };
  },

  async *read(location: string, options = {}): AsyncIterable<ImportItem> {
    const { root, runs } = locate(location);
    for (const run of runs) {
      if (options.signal?.aborted) return;
      const relative = path.relative(root, run.dir).split(path.sep).join('/');
      const { record, issues } = readGuildRun(run.dir, relative, run.deleted);
      for (const issue of issues) yield { kind: 'issue', issue };
      yield { kind: 'run', record, file: run.dir };
    }
  },
};
