/**
 * Finds run folders in a TensorBoard logdir: every folder that directly holds event files is a run.
 * Symbolic links to folders are not followed (they loop in real logdirs), and the walk is bounded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isEventFileName } from './event-run-reader.js';

export interface EventFolder {
  dir: string;
  files: string[];
}

const MAX_DEPTH = 32;
/** Folders that hold profiler traces or VCS data, never runs. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'plugins']);

export function findEventFolders(root: string, maxFolders = Number.POSITIVE_INFINITY): { folders: EventFolder[]; visited: number } {
  const folders: EventFolder[] = [];
  let visited = 0;
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || visited >= maxFolders) return;
    visited++;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const files = entries.filter((e) => e.isFile() && isEventFileName(e.name)).map((e) => path.join(dir, e.name));
    if (files.length > 0) folders.push({ dir, files });
    const subdirs = entries.filter((e) => e.isDirectory() && !SKIPPED_DIRS.has(e.name)).map((e) => e.name).sort();
    for (const name of subdirs) walk(path.join(dir, name), depth + 1);
  };
  walk(root, 0);
  return { folders, visited };
}

/** True as soon as one event file is found (detection must stay cheap on big trees). */
export function containsEventFile(root: string, maxFolders = 2000): boolean {
  return findEventFolders(root, maxFolders).folders.length > 0;
}
