/**
 * Papers with Code evaluation tables (`evaluation-tables.json`, format: docs/importers/pwc.md): each
 * leaderboard row becomes a reported result, a record the mapper keeps apart from executed runs.
 *
 * The file is read whole: the frozen dump is one JSON array (~100 MB and more), with no line
 * structure to stream by. The JSON budget refuses texts denser in arrays and objects than such tables
 * are, and files past MAX_FILE_BYTES are refused outright, so memory stays a small multiple of the file.
 */
import * as path from 'node:path';
import * as fs from '../source-fs.js';
import type { Detection, ImportItem, Importer } from '../importer.js';
import { jsonErrorCode, parseJson } from '../json-budget.js';
import { evaluationTableItems } from './evaluation-tables.js';
import { detectFile } from '../detect-file.js';

/** Node's longest string is just under 512 Mi characters: a larger file cannot be read whole. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024 - 64;
const HEAD_BYTES = 64 * 1024;

export const pwcImporter: Importer = {
  id: 'pwc',
  description: 'Papers with Code evaluation tables (evaluation-tables.json): results publications report',

  async detect(location: string): Promise<Detection> {
    return detectFile(location, {
      extensions: /\.json$/i,
      extensionsName: '.json',
      headBytes: HEAD_BYTES,
      looksRight: (text) => {
        const head = text.trimStart();
        if (!/^\[\s*\{/.test(head)) return { ok: false, reason: 'not a JSON array of objects' };
        return /"task"\s*:/.test(head) && /"(datasets|subtasks|categories)"\s*:/.test(head)
          ? { ok: true }
          : { ok: false, reason: 'no "task" with "datasets" near the start: not evaluation tables' };
      },
    });
  },

  async *read(location: string): AsyncIterable<ImportItem> {
    const fail = (code: string, message: string): ImportItem => ({ kind: 'issue', issue: { code, message, path: [], file: location, severity: 'error' } });
    let document: unknown;
    try {
      const size = fs.statSync(location).size;
      if (size > MAX_FILE_BYTES) {
        yield fail('file_too_large', `${size} bytes: evaluation tables are read whole, up to ${MAX_FILE_BYTES} bytes; split the task list into several files`);
        return;
      }
      document = parseJson(fs.readFileSync(location, 'utf8'));
    } catch (e) {
      yield fail(jsonErrorCode(e), (e as Error).message);
      return;
    }
    yield* evaluationTableItems(document, location, path.basename(location));
  },
};
