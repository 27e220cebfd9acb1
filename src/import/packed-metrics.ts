/**
 * Metric points as one Float64Array per metric, three numbers a point (step, timestamp or NaN when the
 * tracker gave none, value). The reader thread hands these over without copying: cloning a run's
 * thousand small point objects cost the importing thread more than building them again.
 */
import type { MetricPoint } from '../model/run-record.js';

export type PackedMetrics = Record<string, Float64Array>;

export function packMetrics(metrics: Record<string, MetricPoint[]>): PackedMetrics {
  const packed: PackedMetrics = {};
  for (const [key, points] of Object.entries(metrics)) {
    const data = new Float64Array(points.length * 3);
    points.forEach((p, i) => {
      data[i * 3] = p.step;
      data[i * 3 + 1] = p.timestamp ?? NaN;
      data[i * 3 + 2] = p.value;
    });
    packed[key] = data;
  }
  return packed;
}

export function unpackMetrics(packed: PackedMetrics): Record<string, MetricPoint[]> {
  const metrics: Record<string, MetricPoint[]> = {};
  for (const [key, data] of Object.entries(packed)) {
    const points: MetricPoint[] = new Array<MetricPoint>(data.length / 3);
    for (let i = 0; i < points.length; i++) {
      const timestamp = data[i * 3 + 1];
      points[i] = Number.isNaN(timestamp) ? { step: data[i * 3], value: data[i * 3 + 2] } : { step: data[i * 3], timestamp, value: data[i * 3 + 2] };
    }
    metrics[key] = points;
  }
  return metrics;
}
