/**
 * Finds run folders in a TensorBoard logdir: every folder that directly holds event files is a run.
 * Symbolic links to folders are not followed (they loop in real logdirs), and the walk is bounded.
 */
import * as path from 'node:path';
import { isEventFileName } from './event-run-reader.js';
import { walkFolders } from '../walk-folders.js';

export interface EventFolder {
  dir: string;
  files: string[];
}

const MAX_DEPTH = 32;
/** Folders that hold profiler traces or VCS data, never runs. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'plugins']);

export function findEventFolders(root: string, maxFolders = Number.POSITIVE_INFINITY): { folders: EventFolder[] } {
  const folders: EventFolder[] = [];
  walkFolders(root, {
    skip: SKIPPED_DIRS,
    maxDepth: MAX_DEPTH,
    maxFolders,
    visit: (dir, entries) => {
      // A linked event file counts: reading it follows the import's rule for links (source-fs.ts).
      const files = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && isEventFileName(e.name)).map((e) => path.join(dir, e.name));
      if (files.length > 0) folders.push({ dir, files });
      // A run folder may hold further runs below it.
      return 'descend';
    },
  });
  return { folders };
}

/** True as soon as one event file is found (detection must stay cheap on big trees). */
export function containsEventFile(root: string, maxFolders = 2000): boolean {
  return findEventFolders(root, maxFolders).folders.length > 0;
}
