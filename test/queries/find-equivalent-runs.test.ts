import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { findEquivalentRuns, type ReuseReport } from '../../src/query/find-equivalent-runs.js';
import { buildArchive, dataDir, type TestArchive } from './query-archive.js';

const summary = (r: ReuseReport) => ({
  equivalent: r.equivalent.map((m) => `${m.id} ${m.via}`),
  near: r.near.map((m) => `${m.id} ${m.kind} ${m.via}`),
});

describe('findEquivalentRuns', function () {
  let archive: TestArchive;
  before(async function () {
    archive = await buildArchive(path.join(dataDir, 'runs.jsonl'));
  });
  after(async () => archive?.dispose());
  const find = (plan: unknown) => findEquivalentRuns(archive.store, plan, archive.mappings);

  it('finds the run with the same settings and seed through an implementation alias, and the other seed as near', async function () {
    // criterion is not in the plan: the mapping's default (gini) fills it, as the mapper did for rf-1.
    const report = await find({ implementation: 'forestkit.old.Forest', hyperparameters: { n_estimators: 300, max_depth: 12.0, random_state: 1 }, dataset: 'credit-g' });
    assert.deepEqual(summary(report), { equivalent: ['rf-1 native'], near: ['rf-0 seed native'] });
    assert.deepEqual(report.equivalent[0].results.sort((a, b) => a.split.localeCompare(b.split)), [{ split: 'TestSplit', value: 0.77 }, { split: 'TrainingSplit', value: 0.98 }]);
    assert.deepEqual(report.near[0].seed, { planned: '1', actual: '0' });
  });

  it('resolves parameter aliases and fills defaults for a plan by digest', async function () {
    const report = await find({ implementation: 'BoostClassifier', hyperparameters: { num_rounds: 500, eta: 0.05, seed: 0 }, dataset: { digest: 'd1' }, split: 'cr:TestSplit' });
    assert.deepEqual(summary(report).equivalent, ['lgb-0 native']);
    assert.deepEqual(report.equivalent[0].results, [{ split: 'TestSplit', value: 0.8 }]);
  });

  it('reports runs differing only in parameters the plan lets vary, and nothing equivalent', async function () {
    const report = await find({ implementation: 'boostkit.Booster', hyperparameters: { n_estimators: 100, seed: 1, learning_rate: 0.05 }, dataset: 'credit-g', vary: ['learning_rate'] });
    assert.deepEqual(summary(report), { equivalent: [], near: ['lgb-1 parameters native'] });
    assert.deepEqual(report.near[0].differences, [{ parameter: 'learning_rate', planned: '0.05', actual: '0.1' }]);
  });

  it('matches a plan by algorithm on canonical concepts only', async function () {
    const report = await find({ algorithm: 'rga:RandomForest', hyperparameters: { NumberOfEnsembleMembers: 300, RandomSeed: 0 }, dataset: 'credit-g' });
    assert.deepEqual(summary(report), { equivalent: ['rf-0 canonical'], near: ['rf-1 seed canonical'] });
  });

  it('applies declared value relations: 1 / rate_denominator is the learning rate', async function () {
    const report = await find({ algorithm: 'GradientBoosting', hyperparameters: { LearningRate: 0.05, NumberOfEnsembleMembers: 500, RandomSeed: 0 }, dataset: 'credit-g' });
    assert.deepEqual(summary(report).equivalent, ['lgb-0 canonical']);
    // The same plan written with the inverse parameter: equivalent to lgb-0 through the relation.
    const inverse = await find({ implementation: 'boostkit.Booster', hyperparameters: { rate_denominator: 20, num_iterations: 500, seed: 0 }, dataset: 'credit-g' });
    assert.deepEqual(summary(inverse).equivalent, []);
    assert.ok(inverse.plan.settings.some((s) => s.name === 'rate_denominator' && s.canonical === 'LearningRate' && s.canonicalValue === '0.05'));
  });

  it('finds nothing for a dataset no run used', async function () {
    const report = await find({ implementation: 'forestkit.Forest', hyperparameters: { n_estimators: 300, max_depth: 12, random_state: 1 }, dataset: 'other' });
    assert.deepEqual(summary(report), { equivalent: [], near: [] });
  });

  it('rejects a plan without implementation or algorithm, naming the problem', async function () {
    await assert.rejects(find({ hyperparameters: {}, dataset: 'credit-g' }), /names an implementation or an algorithm/);
  });
});
