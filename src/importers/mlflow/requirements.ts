/**
 * Library versions from files a run leaves among its artifacts: PyPads' `pip_freeze.txt` and the
 * `requirements.txt` MLflow writes beside each logged model's MLmodel file. Only exact pins are taken.
 */
import * as path from 'node:path';
import { readSmallText } from './safe-fs.js';

export async function readLibraries(artifactDir: string, artifactPaths: string[]): Promise<Record<string, string>> {
  const libraries: Record<string, string> = {};
  const files = artifactPaths.filter((p) => p === 'pip_freeze.txt' || (p.endsWith('/requirements.txt') && artifactPaths.includes(p.replace(/requirements\.txt$/, 'MLmodel'))) || p === 'requirements.txt');
  for (const file of files) {
    const read = await readSmallText(path.join(artifactDir, ...file.split('/')));
    if (!read.ok) continue;
    for (const [name, version] of Object.entries(parsePins(read.text))) libraries[name] ??= version;
  }
  return libraries;
}

/** `name==version` lines; names lower-cased as on PyPI, extras and markers dropped. */
export function parsePins(text: string): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;#,]+)/.exec(line);
    if (m) pins[m[1].toLowerCase().replace(/[-_.]+/g, '-')] = m[2];
  }
  return pins;
}
