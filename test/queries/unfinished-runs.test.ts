/**
 * Queries that compare results count finished runs only: a failed, killed or running run with an absurd
 * value in the archive must not move a mean, a best value or a run count.
 */
import { strict as assert } from 'node:assert';
import { loadCatalogue } from '../../src/query/named-query.js';
import { runNamedQuery } from '../../src/query/run-query.js';
import { buildArchive, plainRow, type TestArchive } from './query-archive.js';

const run = (id: string, implementation: string, seed: number, accuracy: number, status: string) => ({
  source: { tracker: 'json', location: 'generated', runId: id },
  status,
  implementation,
  params: { n_estimators: 300, random_state: seed },
  metrics: { test_accuracy: accuracy },
  datasets: [{ name: 'credit-g', digest: 'd1' }],
  environment: { libraries: { [implementation.split('.')[0]]: '1.0.0' } },
});

describe('comparison queries and unfinished runs', function () {
  let archive: TestArchive;
  before(async function () {
    archive = await buildArchive([
      run('forest-0', 'forestkit.Forest', 0, 0.7, 'finished'),
      run('forest-1', 'forestkit.Forest', 1, 0.8, 'finished'),
      run('forest-failed', 'forestkit.Forest', 2, 0.0, 'failed'),
      run('boost-0', 'boostkit.Booster', 0, 0.9, 'finished'),
      run('boost-killed', 'boostkit.Booster', 1, 99, 'killed'),
      run('boost-running', 'boostkit.Booster', 2, 42, 'running'),
    ]);
  });
  after(async () => archive?.dispose());

  const select = async (name: string, params: Record<string, string>, variables: string[]) => {
    const result = await runNamedQuery(archive.store, loadCatalogue().get(name)!, params);
    assert.equal(result.type, 'bindings');
    return result.type === 'bindings' ? result.rows.map((r) => plainRow(r, variables)) : [];
  };

  it('compare-algorithms takes best, mean and the run count from finished runs', async function () {
    const rows = await select('compare-algorithms', { dataset: 'credit-g' }, ['label', 'runs', 'best', 'mean']);
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r]));
    assert.equal(Object.keys(byLabel).length, 2, JSON.stringify(rows));
    const boosting = rows.find((r) => /boost/i.test(r.label ?? ''))!;
    const forest = rows.find((r) => /forest/i.test(r.label ?? ''))!;
    assert.deepEqual([Number(boosting.runs), Number(boosting.best), Number(boosting.mean)], [1, 0.9, 0.9]);
    assert.equal(Number(forest.runs), 2);
    assert.equal(Number(forest.best), 0.8);
    assert.ok(Math.abs(Number(forest.mean) - 0.75) < 1e-12, `mean ${forest.mean}`);
  });

  it('find-comparable-results counts finished runs only', async function () {
    const rows = await select('find-comparable-results', { dataset: 'd1', minRuns: '1' }, ['digest', 'runs', 'algorithms']);
    assert.deepEqual(rows.map((r) => [r.digest, Number(r.runs), Number(r.algorithms)]), [['d1', 3, 2]]);
  });

  it('show-best-run-settings picks the best finished run, not the killed one with 99', async function () {
    const rows = await select('show-best-run-settings', { algorithm: 'rga:GradientBoosting', dataset: 'credit-g' }, ['id', 'score']);
    assert.ok(rows.length > 0);
    assert.deepEqual([...new Set(rows.map((r) => `${r.id} ${Number(r.score)}`))], ['boost-0 0.9']);
  });

  it('trace-parameter-effect averages finished runs only', async function () {
    const rows = await select('trace-parameter-effect', { hyperparameter: 'rgh:RandomSeed', algorithm: 'rga:RandomForest' }, ['canonicalValue', 'runs', 'mean']);
    assert.deepEqual(rows.map((r) => [Number(r.canonicalValue), Number(r.runs), Number(r.mean)]), [[0, 1, 0.7], [1, 1, 0.8]]);
  });

  it('summarize-dataset takes the best value and evaluated runs from finished runs, while counting every run that used the data', async function () {
    const rows = await select('summarize-dataset', { dataset: 'credit-g' }, ['library', 'runs', 'evaluatedRuns', 'best']);
    const boost = rows.find((r) => r.library === 'boostkit')!;
    assert.deepEqual([Number(boost.runs), Number(boost.evaluatedRuns), Number(boost.best)], [3, 1, 0.9]);
  });
});
