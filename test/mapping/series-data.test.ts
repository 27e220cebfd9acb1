import { strict as assert } from 'node:assert';
import { decodeSeries, encodeSeries } from '../../src/mapping/series-data.js';
import type { MetricPoint } from '../../src/model/run-record.js';

describe('series data (rg:seriesData)', () => {
  it('writes times as offsets from the earliest one, and reads the points back exactly', () => {
    const points: MetricPoint[] = [
      { step: 0, timestamp: 1709287200500, value: 0.5 },
      { step: 1, value: Number.NaN },
      { step: 2, timestamp: 1709287200000, value: Infinity },
      { step: 3, timestamp: 1709287201250, value: -Infinity },
    ];
    const json = encodeSeries(points);
    assert.deepEqual(JSON.parse(json), { step: [0, 1, 2, 3], value: [0.5, 'NaN', 'Infinity', '-Infinity'], start: 1709287200000, elapsedMs: [500, null, 0, 1250] });
    assert.deepEqual(decodeSeries(json), points);
  });

  it('keeps times that are not whole milliseconds as logged, and leaves times out when there are none', () => {
    const fractional: MetricPoint[] = [{ step: 0, timestamp: 1709287200000.123, value: 1 }, { step: 5, timestamp: 1709287200001.5, value: 2 }];
    assert.deepEqual(JSON.parse(encodeSeries(fractional)), { step: [0, 5], value: [1, 2], timestamp: [1709287200000.123, 1709287200001.5] });
    assert.deepEqual(decodeSeries(encodeSeries(fractional)), fractional);
    const untimed: MetricPoint[] = [{ step: 0, value: 0.1 }, { step: 1, value: 0.2 }];
    assert.equal(encodeSeries(untimed), '{"step":[0,1],"value":[0.1,0.2]}');
    assert.deepEqual(decodeSeries(encodeSeries(untimed)), untimed);
  });

  it('is shorter than the row format of 0.3.0 for a series with epoch times', () => {
    const points = Array.from({ length: 100 }, (_, i): MetricPoint => ({ step: i, timestamp: 1736154270000 + 500 * i, value: Math.round(Math.sin(i) * 1e6) / 1e6 }));
    const rows = JSON.stringify(points.map((p) => [p.step, p.timestamp, p.value]));
    assert.ok(encodeSeries(points).length < 0.75 * rows.length, `${encodeSeries(points).length} against ${rows.length}`);
  });

  it('reads the row format archives of 0.3.0 and before hold', () => {
    assert.deepEqual(decodeSeries('[[0,null,0.6],[1,1709287200000,"NaN"],[2,null,"-Infinity"]]'), [
      { step: 0, value: 0.6 },
      { step: 1, timestamp: 1709287200000, value: Number.NaN },
      { step: 2, value: -Infinity },
    ]);
  });
});
