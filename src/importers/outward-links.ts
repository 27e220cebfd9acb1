/**
 * Symbolic links inside an imported folder that point outside it. Importers read files as they find
 * them (real stores do link experiments or artifacts to other disks), so instead of refusing such
 * links every importer reports each one as a warning naming the link and its target before reading:
 * nothing outside the folder is read silently.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Issue } from '../errors.js';
import type { Importer } from './importer.js';

const MAX_DEPTH = 16;
/** Bounds the walk on huge trees; links past it go unreported, which the last issue says. */
const MAX_ENTRIES = 500_000;

export function outwardLinks(root: string): Issue[] {
  let base: string;
  try {
    if (!fs.statSync(root).isDirectory()) return [];
    base = fs.realpathSync(root);
  } catch {
    return [];
  }
  const issues: Issue[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || seen > MAX_ENTRIES) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) {
        issues.push({ code: 'link_check_incomplete', message: `more than ${MAX_ENTRIES} entries: links further on were not checked`, path: [], file: root, severity: 'warning' });
        return;
      }
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(full);
        } catch {
          continue; // dangling or looping: the importer reports it when it tries to read it
        }
        if (target !== base && !target.startsWith(base + path.sep)) {
          issues.push({
            code: 'link_outside_source',
            message: `${full} is a symbolic link to ${target}, outside ${root}; it is read as it stands`,
            path: [],
            file: full,
            severity: 'warning',
          });
        }
      } else if (entry.isDirectory()) walk(full, depth + 1);
    }
  };
  walk(base, 0);
  return issues;
}

/** The importer, reporting outward links of the source before its own items. */
export function reportingOutwardLinks(importer: Importer): Importer {
  return {
    id: importer.id,
    description: importer.description,
    detect: (location) => importer.detect(location),
    async *read(location, options) {
      for (const issue of outwardLinks(location)) yield { kind: 'issue', issue };
      yield* importer.read(location, options);
    },
  };
}
