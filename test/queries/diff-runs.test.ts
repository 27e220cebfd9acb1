/** diff-runs compares mapped settings by meaning: native values that differ but mean the same are unchanged. */
import { strict as assert } from 'node:assert';
import { loadCatalogue } from '../../src/query/named-query.js';
import { runNamedQuery } from '../../src/query/run-query.js';
import { buildArchive, plainRow, type TestArchive } from './query-archive.js';

const booster = (runId: string, params: Record<string, unknown>) => ({
  source: { tracker: 'json', location: 'runs.jsonl', runId },
  status: 'finished',
  startTime: '2026-01-01T10:00:00.000Z',
  implementation: 'boostkit.Booster',
  params,
  metrics: { test_accuracy: 0.8 },
  environment: { libraries: { boostkit: '4.5.0' } },
});

describe('diff-runs on settings related by the mappings', function () {
  let archive: TestArchive;
  const diff = async (a: string, b: string) => {
    const result = await runNamedQuery(archive.store, loadCatalogue().get('diff-runs')!, { a, b, changedOnly: false });
    assert.equal(result.type, 'bindings');
    return result.rows.map((r) => plainRow(r, ['section', 'key', 'nativeA', 'nativeB', 'valueA', 'valueB', 'changed'])).filter((r) => r.section === 'param');
  };

  before(async function () {
    archive = await buildArchive([
      // BoostKit's rate_denominator is declared the inverse of the learning rate: 20 means 0.05.
      booster('rate', { learning_rate: 0.05, num_iterations: 200 }),
      booster('denominator', { rate_denominator: 20, num_iterations: 300 }),
      { ...booster('forest', { max_depth: 12 }), implementation: 'forestkit.Forest', environment: { libraries: { forestkit: '1.5.0' } } },
      { ...booster('unmapped', { max_depth: 12 }), implementation: 'otherkit.Tree', environment: {} },
    ]);
  });
  after(async () => archive.dispose());

  it('shows inverse-related settings with equal canonical values as unchanged, with both native values', async function () {
    const rows = await diff('rate', 'denominator');
    const rate = rows.find((r) => r.key?.endsWith('LearningRate'));
    assert.ok(rate, JSON.stringify(rows));
    assert.equal(rate.nativeA, 'learning_rate');
    assert.equal(rate.nativeB, 'rate_denominator');
    assert.equal(Number(rate.valueA), 0.05);
    assert.equal(Number(rate.valueB), 20);
    assert.equal(rate.changed, 'false');
  });

  it('still shows a canonical setting whose values differ as changed', async function () {
    const members = (await diff('rate', 'denominator')).find((r) => r.key?.endsWith('NumberOfEnsembleMembers'));
    assert.deepEqual([members?.valueA, members?.valueB, members?.changed], ['200', '300', 'true']);
  });

  it('lines up a parameter of an unmapped implementation with the same native name on the mapped side', async function () {
    const depth = (await diff('forest', 'unmapped')).filter((r) => r.nativeA === 'max_depth' || r.nativeB === 'max_depth');
    assert.equal(depth.length, 1, JSON.stringify(depth));
    assert.deepEqual([depth[0].key?.endsWith('MaximumTreeDepth'), depth[0].nativeA, depth[0].nativeB, depth[0].changed], [true, 'max_depth', 'max_depth', 'false']);
  });

  it('diffs a run with itself as unchanged throughout', async function () {
    const rows = await diff('rate', 'rate');
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.changed === 'false' && r.valueA === r.valueB), JSON.stringify(rows));
  });
});
