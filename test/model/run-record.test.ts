import { strict as assert } from 'node:assert';
import { parseParamString, paramFromValue, validateRunRecord } from '../../src/model/index.js';

describe('the run record', () => {
  it('accepts a minimal record and fills defaults', () => {
    const result = validateRunRecord({ source: { tracker: 'mlflow', location: '0/abc', runId: 'abc' } });
    assert.ok(result.ok);
    assert.equal(result.record.status, 'unknown');
    assert.deepEqual(result.record.params, {});
  });

  it('returns every issue with its path at once', () => {
    const result = validateRunRecord({
      source: { tracker: 'ML Flow', location: 'x' },
      status: 'done',
      startTime: '2024-01-01 10:00',
      metrics: { loss: [{ step: 1.5, value: 'high' }] },
    });
    assert.ok(!result.ok);
    const paths = result.issues.map((i) => i.path.join('.'));
    for (const expected of ['source.tracker', 'source.runId', 'status', 'startTime', 'metrics.loss.0.step', 'metrics.loss.0.value']) {
      assert.ok(paths.includes(expected), `missing issue at ${expected}; got ${paths.join(', ')}`);
    }
  });

  it('keeps NaN and infinities in metric series', () => {
    const result = validateRunRecord({
      source: { tracker: 'json', location: 'x', runId: 'r' },
      metrics: { loss: [{ step: 0, value: NaN }, { step: 1, value: Infinity }, { step: 2, value: -Infinity }] },
    });
    assert.ok(result.ok);
    assert.ok(Number.isNaN(result.record.metrics.loss[0].value));
    assert.equal(result.record.metrics.loss[2].value, -Infinity);
  });

  it('requires date-times to carry a timezone', () => {
    assert.ok(!validateRunRecord({ source: { tracker: 'json', location: 'x', runId: 'r' }, startTime: '2024-01-01T10:00:00' }).ok);
    assert.ok(validateRunRecord({ source: { tracker: 'json', location: 'x', runId: 'r' }, startTime: '2024-01-01T10:00:00+02:00' }).ok);
  });
});

describe('parameter typing', () => {
  const cases: [string, string, unknown][] = [
    ['300', 'integer', 300],
    ['-3', 'integer', -3],
    ['0.05', 'float', 0.05],
    ['1e-5', 'float', 1e-5],
    ['nan', 'float', NaN],
    ['-inf', 'float', -Infinity],
    ['True', 'boolean', true],
    ['false', 'boolean', false],
    ['None', 'null', null],
    ["['a', 'b']", 'list', ['a', 'b']],
    ['[1, 2, 3]', 'list', [1, 2, 3]],
    ["{'depth': 3, 'ok': True}", 'object', { depth: 3, ok: true }],
    ['gini', 'string', 'gini'],
    ['[unclosed', 'string', '[unclosed'],
  ];
  for (const [raw, type, value] of cases) {
    it(`reads ${JSON.stringify(raw)} as ${type}`, () => {
      const parsed = parseParamString(raw);
      assert.equal(parsed.type, type);
      assert.deepEqual(parsed.value, value);
      assert.equal(parsed.raw, raw);
    });
  }

  it('keeps integers beyond 2^53 exactly', () => {
    const parsed = parseParamString('12345678901234567890');
    assert.equal(parsed.type, 'integer');
    assert.equal(parsed.value, 12345678901234567890n);
  });

  it('types structured values by their JSON type', () => {
    assert.equal(paramFromValue(3).type, 'integer');
    assert.equal(paramFromValue(3.5).type, 'float');
    assert.equal(paramFromValue([1]).type, 'list');
    assert.equal(paramFromValue({ a: 1 }).type, 'object');
    assert.equal(paramFromValue(null).type, 'null');
  });

  it('reads numbers that arrive as text as numbers, keeping the text', () => {
    assert.deepEqual(paramFromValue('0.01'), { type: 'float', value: 0.01, raw: '0.01' });
    assert.deepEqual(paramFromValue('1e-3'), { type: 'float', value: 0.001, raw: '1e-3' });
    assert.deepEqual(paramFromValue('42'), { type: 'integer', value: 42, raw: '42' });
    assert.deepEqual(paramFromValue('adam'), { type: 'string', value: 'adam', raw: 'adam' });
    assert.deepEqual(paramFromValue('True'), { type: 'string', value: 'True', raw: 'True' });
  });
});
