/** The best point of a metric rides on its last evaluation (decision 0003, revised in 0.3.0): the queries that show it. */
import { strict as assert } from 'node:assert';
import { loadCatalogue } from '../../src/query/named-query.js';
import { runNamedQuery } from '../../src/query/run-query.js';
import { buildArchive, type TestArchive } from './query-archive.js';

// val_loss is minimised: best 0.4 at step 1, last 0.5 at step 2. test_accuracy is maximised and ends on
// its best. custom_score has no measure, so no direction and no best.
const record = {
  source: { tracker: 'json', location: 'runs.jsonl', runId: 'b1' },
  status: 'finished',
  implementation: 'forestkit.Forest',
  metrics: { val_loss: [0.6, 0.4, 0.5], test_accuracy: [0.5, 0.6, 0.7], custom_score: [1, 3, 2] },
  environment: { libraries: { forestkit: '1.5.0' } },
};

describe('the best point of a metric', function () {
  let archive: TestArchive;
  const rows = async (name: string) => {
    const result = await runNamedQuery(archive.store, loadCatalogue().get(name)!, { run: 'b1' });
    assert.equal(result.type, 'bindings');
    return result.type === 'bindings' ? result.rows.map((r) => Object.fromEntries([...r].map(([k, v]) => [k, v.value]))) : [];
  };

  before(async () => (archive = await buildArchive([record])));
  after(async () => archive.dispose());

  it('run-details lists the last and, where the measure has a direction, the best value of each metric with its step', async function () {
    const metrics = (await rows('run-details')).filter((r) => r.section === 'metric').map((r) => `${r.key} = ${Number(r.value)} (${r.note})`).sort();
    assert.deepEqual(metrics, [
      'custom_score (last) = 2 (step 2)',
      'test_accuracy (best) = 0.7 (step 2)',
      'test_accuracy (last) = 0.7 (step 2)',
      'val_loss (best) = 0.4 (step 1)',
      'val_loss (last) = 0.5 (step 2)',
    ]);
  });

  it('show-learning-curve gives the best step and value beside the last, and none without a direction', async function () {
    const curves = (await rows('show-learning-curve')).map((r) => [r.metric, r.bestStep, r.bestValue && Number(r.bestValue), r.lastStep, Number(r.lastValue)]);
    assert.deepEqual(curves, [
      ['custom_score', undefined, undefined, '2', 2],
      ['test_accuracy', '2', 0.7, '2', 0.7],
      ['val_loss', '1', 0.4, '2', 0.5],
    ]);
  });
});
