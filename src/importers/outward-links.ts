/**
 * Symbolic links inside an imported folder that point outside it, and the wrapper every registered
 * importer runs in. By default nothing outside the folder the user named is read: each outward link is
 * reported (naming link and target) before reading, and the importer runs bounded to the folder
 * (source-fs.ts), so the file a link stands for is reported by the importer as unreadable and skipped.
 * With `followOutsideLinks` (for stores that link experiments or artifacts to other disks) links are
 * still reported but read as they stand.
 */
import * as path from 'node:path';
import type { Issue } from '../errors.js';
import type { ImportItem, Importer } from './importer.js';
import { readdirSync, realpathSync, sourceBounds, statSync, withinSource, type Dirent, type SourceBounds } from './source-fs.js';

const MAX_DEPTH = 16;
/** Bounds the walk on huge trees; links past it are not listed up front (reads through them are still refused and reported). */
const MAX_ENTRIES = 500_000;

export function outwardLinks(root: string, follow = false): Issue[] {
  let base: string;
  try {
    if (!statSync(root).isDirectory()) return [];
    base = realpathSync(root);
  } catch {
    return [];
  }
  const issues: Issue[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || seen > MAX_ENTRIES) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
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
          target = realpathSync(full);
        } catch {
          continue; // dangling or looping: the importer reports it when it tries to read it
        }
        if (target !== base && !target.startsWith(base + path.sep)) {
          issues.push({
            code: 'link_outside_source',
            message: `${full} is a symbolic link to ${target}, outside ${root}; ${follow ? 'read as it stands (--follow-outside-links)' : 'not followed: what it holds is not imported (--follow-outside-links reads it)'}`,
            path: [],
            file: full,
            severity: 'warning',
          });
        }
      } else if (entry.isDirectory()) walk(full, depth + 1);
    }
  };
  // Paths as the importer will ask for them (the real path only decides what is outside).
  walk(path.resolve(root), 0);
  return issues;
}

/**
 * The importer, reporting outward links of the source before its own items and, unless it follows
 * them, bounded to the source: each refused read not already named by a link issue gets an issue too.
 */
export function boundedToSource(importer: Importer): Importer {
  return {
    id: importer.id,
    description: importer.description,
    detect: (location, options) => withinSource(options?.followOutsideLinks ? undefined : sourceBounds(location), () => importer.detect(location, options)),
    async *read(location, options) {
      const follow = options?.followOutsideLinks === true;
      const links = outwardLinks(location, follow);
      for (const issue of links) yield { kind: 'issue', issue };
      const bounds = follow ? undefined : sourceBounds(location);
      if (bounds === undefined) {
        yield* importer.read(location, options);
        return;
      }
      for (const link of links) if (link.file !== undefined) bounds.reported.add(link.file);
      const items = importer.read(location, options)[Symbol.asyncIterator]();
      try {
        for (;;) {
          const step = await withinSource(bounds, () => items.next());
          yield* refusals(bounds);
          if (step.done) return;
          yield step.value;
        }
      } finally {
        await items.return?.();
      }
    },
  };
}

/** Refused reads not reached through a link already reported (e.g. an absolute path named in the source). */
function refusals(bounds: SourceBounds): ImportItem[] {
  const items: ImportItem[] = [];
  for (const refused of bounds.refused) {
    const named = [...bounds.reported].some((r) => refused.path === r || refused.path.startsWith(r + path.sep));
    if (named) continue;
    bounds.reported.add(refused.path);
    items.push({ kind: 'issue', issue: { code: 'outside_source', message: refused.message, path: [], file: refused.path, severity: 'warning' } });
  }
  bounds.refused = [];
  return items;
}
