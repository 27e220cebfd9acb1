import { strict as assert } from 'node:assert';
import { parseMetricLine, parseMetricValue } from '../../../src/importers/mlflow/metric-line.js';

describe('MLflow metric lines', () => {
  it('reads a 2-field line of old MLflow with step 0', () => {
    assert.deepEqual(parseMetricLine('1600000000000 0.5'), { ok: true, point: { step: 0, timestamp: 1600000000000, value: 0.5 } });
  });

  it('reads a 3-field line with its step', () => {
    assert.deepEqual(parseMetricLine('1600000000000 1e-05 7'), { ok: true, point: { step: 7, timestamp: 1600000000000, value: 1e-5 } });
  });

  it('reads the step of a 5-field line, which MLflow 3 itself drops', () => {
    const line = parseMetricLine('1752562140392 0.08967487203053559 4 dataset 48848ef0');
    assert.deepEqual(line, { ok: true, point: { step: 4, timestamp: 1752562140392, value: 0.08967487203053559 }, dataset: { name: 'dataset', digest: '48848ef0' } });
  });

  it('reads Python nan, inf and -inf', () => {
    assert.ok(Number.isNaN(parseMetricValue('nan')));
    assert.equal(parseMetricValue('inf'), Infinity);
    assert.equal(parseMetricValue('-inf'), -Infinity);
    assert.equal(parseMetricValue('3'), 3);
    assert.equal(parseMetricValue('abc'), undefined);
  });

  it('rejects a line with 4 fields and says how many it found', () => {
    const line = parseMetricLine('1 2 3 4');
    assert.equal(line.ok, false);
    assert.match((line as { reason: string }).reason, /found 4/);
  });

  it('rejects a value, timestamp or step that is not a number', () => {
    assert.equal(parseMetricLine('1 x 3').ok, false);
    assert.equal(parseMetricLine('t 1 3').ok, false);
    assert.equal(parseMetricLine('1 1 s').ok, false);
  });
});
