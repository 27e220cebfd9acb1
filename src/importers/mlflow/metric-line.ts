/**
 * Metric values and file-store metric lines. Values are Python `str(float)`: `nan`, `inf` and `-inf`
 * are lower case, which `Number()` does not read.
 */
import type { MetricPoint } from '../../model/run-record.js';

const SPECIAL: Record<string, number> = {
  nan: NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity,
  infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity,
};
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Undefined when the text is not a number. */
export function parseMetricValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower in SPECIAL) return SPECIAL[lower];
  return DECIMAL.test(text) ? Number(text) : undefined;
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
  if (!/^-?\d+$/.test(parts[0])) return { ok: false, reason: `timestamp "${parts[0]}" is not an integer` };
  const value = parseMetricValue(parts[1]);
  if (value === undefined) return { ok: false, reason: `value "${parts[1]}" is not a number` };
  let step = 0;
  if (parts.length >= 3) {
    if (!/^-?\d+$/.test(parts[2])) return { ok: false, reason: `step "${parts[2]}" is not an integer` };
    step = Number(parts[2]);
    if (!Number.isSafeInteger(step)) return { ok: false, reason: `step "${parts[2]}" is out of range` };
  }
  const point: MetricPoint = { step, timestamp: Number(parts[0]), value };
  return parts.length === 5 ? { ok: true, point, dataset: { name: parts[3], digest: parts[4] } } : { ok: true, point };
}
