/**
 * The files of one DVC project state: the working tree on disk, or a git commit (an experiment or its
 * baseline) read through the `git` CLI. Paths are POSIX and relative to the DVC project root.
 */
import { execFileSync } from 'node:child_process';
import * as fs from '../source-fs.js';
import * as path from 'node:path';

export interface FileTree {
  /** Every file path in the state (bounded; `.git`/`.dvc` internals left out). */
  list(): string[];
  /** File text, or undefined when absent. Throws when the file exists but cannot be read. */
  read(file: string): string | undefined;
  /** Size in bytes, or undefined when absent. */
  size(file: string): number | undefined;
}

const MAX_LISTED = 50_000;
/** Files above this size are not read (metrics and params files are small; this guards memory). */
export const MAX_READ_BYTES = 64 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['.git', '.dvc', 'node_modules', '.venv', 'venv', '__pycache__']);

/**
 * The working tree. In a git repository the listing comes from git (tracked and untracked files,
 * ignored ones left out): DVC git-ignores the data it tracks, so large data folders are not walked.
 */
export function workingTree(root: string, inGit = false): FileTree {
  return {
    list() {
      if (inGit) {
        try {
          return git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
            .split('\0')
            .filter((f) => f !== '' && fs.existsSync(path.join(root, f)))
            .slice(0, MAX_LISTED)
            .sort();
        } catch {
          // fall back to walking the folder
        }
      }
      const out: string[] = [];
      const walk = (dir: string, rel: string): void => {
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          if (out.length >= MAX_LISTED) return;
          const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
          if (e.isDirectory() && !SKIPPED_DIRS.has(e.name)) walk(path.join(dir, e.name), childRel);
          else if (e.isFile() || (e.isSymbolicLink() && linksToFile(path.join(dir, e.name)))) out.push(childRel);
        }
      };
      walk(root, '');
      return out.sort();
    },
    read(file) {
      const full = path.join(root, file);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch (e) {
        if (fs.isOutsideSourceError(e)) throw e;
        return undefined;
      }
      if (!stat.isFile()) return undefined;
      if (stat.size > MAX_READ_BYTES) throw new RangeError(`${stat.size} bytes: larger than the ${MAX_READ_BYTES}-byte limit`);
      return fs.readFileSync(full, 'utf8');
    },
    size(file) {
      try {
        const stat = fs.statSync(path.join(root, file));
        return stat.isFile() ? stat.size : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Symlinked folders are not entered (no loops); a link leading outside is listed so reading it is reported. */
function linksToFile(full: string): boolean {
  try {
    return fs.statSync(full).isFile();
  } catch (e) {
    return fs.isOutsideSourceError(e);
  }
}

/** Runs git in `dir`; throws with git's own message on failure. */
export function git(dir: string, args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: MAX_READ_BYTES, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Whether `dir` is inside a git work tree; the prefix is the project's path inside the repository. */
export function gitPrefix(dir: string): string | undefined {
  try {
    if (git(dir, ['rev-parse', '--is-inside-work-tree']).trim() !== 'true') return undefined;
    return git(dir, ['rev-parse', '--show-prefix']).trim();
  } catch {
    return undefined;
  }
}

export function commitTree(dir: string, prefix: string, rev: string): FileTree {
  let sizes: Map<string, number> | undefined;
  const listing = (): Map<string, number> => {
    if (sizes !== undefined) return sizes;
    sizes = new Map();
    const args = ['ls-tree', '-r', '-l', '--full-tree', rev];
    if (prefix !== '') args.push('--', prefix);
    for (const line of git(dir, args).split('\n')) {
      // `<mode> blob <sha> <size>\t<path>`
      const m = /^\d+ blob [0-9a-f]+\s+(\d+|-)\t(.+)$/.exec(line);
      if (m === null || !m[2].startsWith(prefix) || sizes.size >= MAX_LISTED) continue;
      sizes.set(m[2].slice(prefix.length), Number(m[1]));
    }
    return sizes;
  };
  return {
    list: () => [...listing().keys()].sort(),
    read(file) {
      const size = listing().get(file);
      if (size === undefined) return undefined;
      if (size > MAX_READ_BYTES) throw new RangeError(`${size} bytes: larger than the ${MAX_READ_BYTES}-byte limit`);
      return git(dir, ['cat-file', 'blob', `${rev}:${prefix}${file}`]);
    },
    size: (file) => listing().get(file),
  };
}
