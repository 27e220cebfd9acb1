/**
 * The only file access importers have (lint forbids `node:fs` elsewhere under src/importers/): the
 * `node:fs` calls they use, bounded to the source being imported. While the registry's wrapper runs an
 * importer (see outward-links.ts), a path whose real location is outside the imported folder (through
 * a symbolic link, or an absolute path a source names) is not opened, listed or stat'ed unless the
 * import follows outside links: the call throws an OutsideSourceError, which importers report as they
 * report any unreadable file. Outside such a run (unit tests of one importer module) calls pass through.
 *
 * Descriptor-based calls (readSync, fstatSync, closeSync) need no check: the descriptor came from a
 * guarded open.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export type { Dirent, Stats } from 'node:fs';
export { closeSync, constants, fstatSync, readSync } from 'node:fs';

/** Thrown instead of reading a file or folder that resolves outside the imported folder. */
export class OutsideSourceError extends Error {
  /** errno-style, so code that tells ENOENT apart treats it as an unreadable file, not a missing one. */
  readonly code = 'EOUTSIDE';
  constructor(
    /** The path as the importer asked for it. */
    readonly path: string,
    /** Where it really leads. */
    readonly target: string,
    root: string,
  ) {
    super(`${path} leads to ${target}, outside the imported folder ${root}; not read (--follow-outside-links reads it)`);
    this.name = 'OutsideSourceError';
  }
}

export function isOutsideSourceError(e: unknown): e is OutsideSourceError {
  return e instanceof OutsideSourceError;
}

/** What one import may read, and the refusals not yet reported. */
export interface SourceBounds {
  /** Real path of the imported folder (for a file: of the folder holding it). */
  readonly root: string;
  /** Real path of the file the user named, readable even when it lives elsewhere. */
  readonly named?: string;
  /** Paths already named in an issue (the outward links found before reading). */
  readonly reported: Set<string>;
  /** Refusals since the wrapper last collected them. */
  refused: OutsideSourceError[];
  /** Real paths of folders already resolved: most reads are of plain files in a few folders. */
  readonly folders: Map<string, string>;
}

const current = new AsyncLocalStorage<SourceBounds>();
const MAX_CACHED_FOLDERS = 10_000;

/**
 * The bounds of a local source, or undefined for sources not on this disk (a tracking server's URL).
 * `sqlite:///x.db` (MLflow's tracking URI for a local database) is the file x.db, `file:///x` is /x.
 */
export function sourceBounds(location: string): SourceBounds | undefined {
  const local = localPath(location);
  if (local === undefined) return undefined;
  let real: string;
  try {
    real = fs.realpathSync.native(local);
  } catch {
    return undefined; // nothing there: the importer reports it
  }
  const isDir = fs.statSync(real).isDirectory();
  return { root: isDir ? real : path.dirname(real), named: isDir ? undefined : real, reported: new Set(), refused: [], folders: new Map() };
}

function localPath(location: string): string | undefined {
  const sqlite = /^sqlite:\/\/\/(.+)$/.exec(location);
  if (sqlite !== null) return sqlite[1];
  if (/^file:/i.test(location)) {
    try {
      return fileURLToPath(location);
    } catch {
      return undefined;
    }
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(location) && !fs.existsSync(location) ? undefined : location;
}

/** Runs `fn` (and what it awaits) bounded to the source. */
export function withinSource<T>(bounds: SourceBounds | undefined, fn: () => T): T {
  return bounds === undefined ? fn() : current.run(bounds, fn);
}

/** The real path of `p` when it exists and resolves outside the current bounds. */
function outside(p: fs.PathLike | number): { bounds: SourceBounds; asked: string; real: string } | undefined {
  const bounds = current.getStore();
  if (bounds === undefined || typeof p === 'number') return undefined;
  const asked = path.resolve(p.toString());
  const real = realPath(bounds, asked);
  if (real === undefined || real === bounds.named || real === bounds.root || real.startsWith(bounds.root + path.sep)) return undefined;
  return { bounds, asked, real };
}

/** Undefined when missing, dangling or looping: the call itself then fails with its own error, reading nothing. */
function realPath(bounds: SourceBounds, asked: string): string | undefined {
  try {
    const folder = path.dirname(asked);
    let realFolder = bounds.folders.get(folder);
    if (realFolder === undefined) {
      realFolder = fs.realpathSync.native(folder);
      if (bounds.folders.size >= MAX_CACHED_FOLDERS) bounds.folders.clear();
      bounds.folders.set(folder, realFolder);
    }
    const entry = path.join(realFolder, path.basename(asked));
    const stat = fs.lstatSync(entry, { throwIfNoEntry: false });
    if (stat === undefined) return undefined;
    return stat.isSymbolicLink() ? fs.realpathSync.native(entry) : entry;
  } catch {
    return undefined;
  }
}

function check(p: fs.PathLike | number): void {
  const found = outside(p);
  if (found === undefined) return;
  const error = new OutsideSourceError(found.asked, found.real, found.bounds.root);
  if (!found.bounds.refused.some((r) => r.path === error.path)) found.bounds.refused.push(error);
  throw error;
}

export const openSync: typeof fs.openSync = (p, ...rest) => {
  check(p);
  return fs.openSync(p, ...rest);
};

export const readFileSync = ((p: fs.PathOrFileDescriptor, options?: unknown) => {
  check(p as fs.PathLike | number);
  return fs.readFileSync(p, options as fs.ObjectEncodingOptions);
}) as typeof fs.readFileSync;

export const readdirSync = ((p: fs.PathLike, options?: unknown) => {
  check(p);
  return fs.readdirSync(p, options as fs.ObjectEncodingOptions);
}) as typeof fs.readdirSync;

export const statSync = ((p: fs.PathLike, options?: fs.StatSyncOptions) => {
  check(p);
  return fs.statSync(p, options);
}) as typeof fs.statSync;

/** True for a link leading outside, as for any entry that is there: reading it is what is refused. */
export function existsSync(p: fs.PathLike): boolean {
  return outside(p) !== undefined || fs.existsSync(p);
}

export const createReadStream: typeof fs.createReadStream = (p, options) => {
  check(p);
  return fs.createReadStream(p, options);
};

/** Resolves links without reading anything: how outward links are found. */
export const realpathSync: typeof fs.realpathSync = fs.realpathSync;
