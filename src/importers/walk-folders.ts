/**
 * A bounded walk over a folder tree for importers that find runs by their folder shape. Symbolic
 * links to folders are not followed (real trees contain loops such as W&B's `latest-run`), and the
 * walk stops at a depth and a folder count so that detection stays cheap on any tree.
 */
import * as fs from './source-fs.js';
import * as path from 'node:path';

export interface WalkOptions {
  /** Called for every folder reached; `'match'` collects it and does not descend into it. */
  visit: (dir: string, entries: fs.Dirent[]) => 'match' | 'descend';
  /** Folder names never entered. */
  skip?: ReadonlySet<string>;
  maxDepth?: number;
  /** Detection passes a cap to stay cheap; reading leaves it unbounded so no run is missed. */
  maxFolders?: number;
}

export const DEFAULT_SKIP: ReadonlySet<string> = new Set(['.git', 'node_modules', '__pycache__']);

/** Matching folders in sorted walk order. */
export function walkFolders(root: string, options: WalkOptions): string[] {
  const { visit, skip = DEFAULT_SKIP, maxDepth = 12, maxFolders = Number.POSITIVE_INFINITY } = options;
  const found: string[] = [];
  let visited = 0;
  const walk = (dir: string, depth: number): void => {
    if (depth > maxDepth || visited >= maxFolders) return;
    visited++;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (visit(dir, entries) === 'match') {
      found.push(dir);
      return;
    }
    const subdirs = entries.filter((e) => e.isDirectory() && !skip.has(e.name)).map((e) => e.name).sort();
    for (const name of subdirs) walk(path.join(dir, name), depth + 1);
  };
  walk(root, 0);
  return found;
}
