/**
 * Guild AI runs (format: docs/importers/guild.md): a Guild home (`runs/`, `trash/runs/`), a runs
 * folder, or one run folder; a run folder is one holding `.guild/opref` or `.guild/attrs/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Detection, ImportItem, Importer } from '../importer.js';
import { readGuildRun } from './guild-run.js';

interface RunLocation {
  dir: string;
  deleted: boolean;
}

function isRunFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, '.guild', 'opref')) || fs.existsSync(path.join(dir, '.guild', 'attrs'));
}

function runsIn(dir: string, deleted: boolean): RunLocation[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && isRunFolder(path.join(dir, e.name)))
    .map((e) => ({ dir: path.join(dir, e.name), deleted }))
    .sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

const inTrash = (dir: string): boolean => /(^|[\\/])trash[\\/]runs$/.test(path.resolve(dir));

function locate(location: string): { root: string; runs: RunLocation[] } {
  if (isRunFolder(location)) return { root: path.dirname(location), runs: [{ dir: location, deleted: inTrash(path.dirname(location)) }] };
  const home = [...runsIn(path.join(location, 'runs'), false), ...runsIn(path.join(location, 'trash', 'runs'), true)];
  if (home.length > 0) return { root: location, runs: home };
  return { root: location, runs: runsIn(location, inTrash(location)) };
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
    return locate(location).runs.length > 0
      ? { ok: true }
      : { ok: false, reason: 'no run folder with .guild/opref or .guild/attrs here, in runs/ or in trash/runs/' };
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
