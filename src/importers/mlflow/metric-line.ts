/**
 * Metric values and file-store metric lines. Values are Python `str(float)`: `nan`, `inf` and `-inf`
 * are lower case, which `Number()` does not read. A store holds millions of lines, so the checks below
 * are character loops rather than regular expressions.
 */
import type { MetricPoint } from '../../model/run-record.js';

const SPECIAL = new Map<string, number>([
  ['nan', NaN], ['-nan', NaN], ['inf', Infinity], ['+inf', Infinity], ['-inf', -Infinity],
  ['infinity', Infinity], ['+infinity', Infinity], ['-infinity', -Infinity],
]);

/** Only digits, signs, dots and exponents: what Python writes, and nothing `Number()` would also accept (hex, blanks). */
function decimalChars(text: string, allowFraction: boolean): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const sign = c === 43 || c === 45;
    if (!digit && !sign && !(allowFraction && (c === 46 || c === 101 || c === 69))) return false;
  }
  return true;
}

/** Undefined when the text is not a number. */
export function parseMetricValue(text: string): number | undefined {
  if (decimalChars(text, true)) {
    const n = Number(text);
    return Number.isNaN(n) ? undefined : n;
  }
  return SPECIAL.get(text.toLowerCase());
}

function parseInteger(text: string): number | undefined {
  if (!decimalChars(text, false)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

export type MetricLine =
  | { ok: true; point: MetricPoint; dataset?: { name: string; digest: string } }
  | { ok: false; reason: string };

/**
 * Reads `<timestamp> <value>[ <step>[ <dataset name> <dataset digest>]]`: 2 fields (step 0), 3 fields, or 5
 * (MLflow 3.x, tied to a dataset). The step of a 5-field line is read here, unlike MLflow 3.x's own reader.
 */
export function parseMetricLine(line: string): MetricLine {
  const parts = line.trim().split(' ');
  if (parts.length !== 2 && parts.length !== 3 && parts.length !== 5) {
    return { ok: false, reason: `expected 2, 3 or 5 space-separated fields, found ${parts.length}` };
  }
  const timestamp = parseInteger(parts[0]);
  if (timestamp === undefined) return { ok: false, reason: `timestamp "${parts[0]}" is not an integer` };
  const value = parseMetricValue(parts[1]);
  if (value === undefined) return { ok: false, reason: `value "${parts[1]}" is not a number` };
  let step = 0;
  if (parts.length >= 3) {
    const parsed = parseInteger(parts[2]);
    if (parsed === undefined) return { ok: false, reason: `step "${parts[2]}" is not an integer in range` };
    step = parsed;
  }
  const point: MetricPoint = { step, timestamp, value };
  return parts.length === 5 ? { ok: true, point, dataset: { name: parts[3], digest: parts[4] } } : { ok: true, point };
}
