/**
 * ontology/, mappings/ and queries/ ship with the package: resolve them from this file's location
 * (src/ under tsx, dist/src/ when built), never from the working directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'rungraph') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`rungraph package root not found above ${start}`);
    dir = parent;
  }
}

export const packageRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const packageVersion = (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

export const packagePath = (...segments: string[]): string => path.join(packageRoot, ...segments);
