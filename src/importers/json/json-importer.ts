/**
 * The generic importer: run records as a JSON array, a single JSON object, or JSON Lines.
 * Lets any tool feed rungraph today (format: docs/importers/json.md). Non-finite metric values may be
 * written as the strings "NaN", "Infinity" and "-Infinity", since JSON has no literal for them.
 */
import * as fs from '../source-fs.js';
import * as readline from 'node:readline';
import type { Issue } from '../../errors.js';
import type { Detection, ImportItem, Importer } from '../importer.js';
import { validateRunRecord } from '../../model/run-record.js';
import { paramFromValue, parseParamString } from '../../model/param-value.js';
import { jsonErrorCode, parseJson } from '../json-budget.js';
import { detectFile } from '../detect-file.js';

/** A JSON array has no lines to stream by: it is read whole, so its size is capped. */
const MAX_ARRAY_FILE_BYTES = 256 * 1024 * 1024;

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

function revive(this: unknown, key: string, value: unknown): unknown {
  return key === 'value' && typeof value === 'string' && value in NON_FINITE ? NON_FINITE[value] : value;
}

export const jsonImporter: Importer = {
  id: 'json',
  description: 'run records as JSON or JSON Lines (.json, .jsonl, .ndjson)',

  async detect(location: string): Promise<Detection> {
    return detectFile(location, {
      extensions: /\.(json|jsonl|ndjson)$/i,
      extensionsName: '.json, .jsonl or .ndjson',
      headBytes: 4096,
      looksRight: (head) => (/"source"\s*:/.test(head) ? { ok: true } : { ok: false, reason: 'no "source" field near the start: not run records' }),
    });
  },

  async *read(location: string): AsyncIterable<ImportItem> {
    const issue = (line: number, i: Omit<Issue, 'file' | 'line' | 'severity'>): ImportItem => ({
      kind: 'issue',
      issue: { ...i, file: location, line, severity: 'error' },
    });
    const emit = (value: unknown, line: number): ImportItem[] => {
      const result = validateRunRecord(shorthand(value));
      if (result.ok) return [{ kind: 'run', record: result.record, file: location }];
      const run = (value as { source?: { runId?: string } } | null)?.source?.runId;
      return result.issues.map((i) => issue(line, { code: i.code, message: `${i.path.join('.') || '(record)'}: ${i.message}`, path: i.path, run }));
    };

    const first = firstNonBlankChar(location);
    if (first === '[') {
      // A JSON array is read whole: it has no line structure to report against beyond the index.
      let records: unknown;
      try {
        const size = fs.statSync(location).size;
        if (size > MAX_ARRAY_FILE_BYTES) {
          yield issue(0, { code: 'file_too_large', message: `${size} bytes: a JSON array is read whole, up to ${MAX_ARRAY_FILE_BYTES} bytes; write JSON Lines instead`, path: [] });
          return;
        }
        records = parseJson(fs.readFileSync(location, 'utf8'), revive);
      } catch (e) {
        yield issue(0, { code: jsonErrorCode(e), message: (e as Error).message, path: [] });
        return;
      }
      const list = records as unknown[];
      for (let i = 0; i < list.length; i++) for (const item of emit(list[i], 0)) yield prefixPath(item, i);
      return;
    }
    // JSON Lines (one record per line), which also covers a file holding one object on one line.
    const lines = readline.createInterface({ input: fs.createReadStream(location, 'utf8'), crlfDelay: Infinity });
    let number = 0;
    let multiLine = '';
    let multiStart = 0;
    for await (const text of lines) {
      number++;
      if (multiLine === '' && text.trim() === '') continue;
      // A pretty-printed object closes at the start of a line: trying to parse it any earlier would
      // re-read the whole text on every line (quadratic on a file that never closes it).
      if (multiLine !== '' && !text.startsWith('}')) {
        multiLine = `${multiLine}\n${text}`;
        if (multiLine.length > MAX_ARRAY_FILE_BYTES) {
          yield issue(multiStart, { code: 'file_too_large', message: `an object spanning lines grew past ${MAX_ARRAY_FILE_BYTES} characters without closing`, path: [] });
          return;
        }
        continue;
      }
      const candidate = multiLine === '' ? text : `${multiLine}\n${text}`;
      let value: unknown;
      try {
        value = parseJson(candidate, revive);
      } catch (e) {
        // A pretty-printed single object spans lines: keep collecting while it is still open.
        if (multiLine !== '' || (text.trim() === '{' && jsonErrorCode(e) === 'invalid_json')) {
          if (multiLine === '') multiStart = number;
          multiLine = candidate;
          continue;
        }
        yield issue(number, { code: jsonErrorCode(e), message: (e as Error).message, path: [] });
        continue;
      }
      const line = multiLine === '' ? number : multiStart;
      multiLine = '';
      yield* emit(value, line);
    }
    if (multiLine !== '') yield issue(multiStart, { code: 'invalid_json', message: 'unterminated JSON object', path: [] });
  },
};

/**
 * Accepts the short forms people write by hand: a plain parameter value (`"n_estimators": 300`) is typed
 * from its JSON type, a metric given as one number is a single point at step 0, and a metric given
 * as a list of numbers is a series at steps 0, 1, 2…
 */
function shorthand(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = { ...(value as Record<string, unknown>) };
  if (record.params && typeof record.params === 'object') {
    record.params = Object.fromEntries(
      Object.entries(record.params as Record<string, unknown>).map(([k, v]) => [k, isTypedParam(v) ? exactInteger(v as { type: string; raw: string }) : paramFromValue(v)]),
    );
  }
  if (record.metrics && typeof record.metrics === 'object') {
    record.metrics = Object.fromEntries(
      Object.entries(record.metrics as Record<string, unknown>).map(([k, v]) => {
        if (typeof v === 'number') return [k, [{ step: 0, value: v }]];
        if (Array.isArray(v) && v.every((p) => typeof p === 'number')) return [k, v.map((p, step) => ({ step, value: p }))];
        return [k, v];
      }),
    );
  }
  return record;
}

/** JSON numbers lose precision past 2^53: an integer's exact value is taken from its raw text. */
function exactInteger(param: { type: string; raw: string }): unknown {
  if (param.type !== 'integer' || !/^[+-]?\d+$/.test(param.raw.trim())) return param;
  return parseParamString(param.raw);
}

function isTypedParam(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'type' in v && 'raw' in v;
}

function prefixPath(item: ImportItem, index: number): ImportItem {
  if (item.kind === 'run') return item;
  return { kind: 'issue', issue: { ...item.issue, path: [index, ...item.issue.path], message: `[${index}] ${item.issue.message}` } };
}

function firstNonBlankChar(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1024);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8').trimStart().charAt(0);
  } finally {
    fs.closeSync(fd);
  }
}
