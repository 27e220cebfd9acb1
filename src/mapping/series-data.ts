/**
 * `rg:seriesData`: a metric's whole history as one rdf:JSON literal (decision 0003). Since 0.4.0 it is
 * columnar, sorted by step:
 *
 *   {"step": [0, 1, 2], "value": [0.8, 0.9, 0.85], "start": 1709287200000, "elapsedMs": [0, 500, 1000]}
 *
 * - `start` is the earliest point's time (ms since the Unix epoch) and `elapsedMs` each point's time
 *   after it: an epoch time costs 13 digits per point, an offset a few. When some time is not a whole
 *   number of milliseconds, `timestamp` holds the times as logged instead, so nothing is rounded.
 * - A point without a time has `null` there; a series without any time has neither key.
 * - NaN and ±Infinity, which JSON lacks, are the strings "NaN", "Infinity" and "-Infinity".
 *
 * Archives of 0.3.0 and before hold `[[step, epochMs|null, value], …]`; `decodeSeries` reads both.
 */
import type { MetricPoint } from '../model/run-record.js';

export interface SeriesData {
  step: number[];
  value: (number | string)[];
  start?: number;
  elapsedMs?: (number | null)[];
  timestamp?: (number | null)[];
}

/** JSON text of the points, which must already be sorted by step. */
export function encodeSeries(points: MetricPoint[]): string {
  const series: SeriesData = { step: points.map((p) => p.step), value: points.map((p) => jsonNumber(p.value)) };
  const times = points.map((p) => p.timestamp);
  const present = times.filter((t): t is number => t !== undefined);
  if (present.length > 0) {
    if (present.every(Number.isSafeInteger)) {
      const start = present.reduce((a, b) => Math.min(a, b));
      series.start = start;
      series.elapsedMs = times.map((t) => (t === undefined ? null : t - start));
    } else {
      series.timestamp = times.map((t) => t ?? null);
    }
  }
  return JSON.stringify(series);
}

/** The points of a series literal, in either format. */
export function decodeSeries(json: string): MetricPoint[] {
  const parsed = JSON.parse(json) as SeriesData | [number, number | null, number | string][];
  if (Array.isArray(parsed)) return parsed.map(([step, timestamp, value]) => point(step, timestamp, value));
  const { step, value, start, elapsedMs, timestamp } = parsed;
  return step.map((s, i) => {
    const elapsed = elapsedMs?.[i];
    const time = timestamp?.[i] ?? (start !== undefined && elapsed !== undefined && elapsed !== null ? start + elapsed : null);
    return point(s, time, value[i]);
  });
}

const point = (step: number, timestamp: number | null | undefined, value: number | string): MetricPoint => ({
  step,
  ...(timestamp === null || timestamp === undefined ? {} : { timestamp }),
  value: typeof value === 'number' ? value : Number(value),
});

/** JSON has no NaN or Infinity: they travel as strings. */
const jsonNumber = (v: number): number | string => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');
