import { strict as assert } from 'node:assert';
import { compareSeedGroups, countStatuses } from '../../src/query/compare-seed-groups.js';
import { summarize } from '../../src/query/seed-statistics.js';
import { buildArchive, type TestArchive } from './query-archive.js';

/** A finished run of `implementation` with the given seed and test accuracy on credit-g. */
function runRecord(id: string, implementation: string, params: Record<string, unknown>, accuracy: number, digest = 'd1') {
  const library = implementation.split('.')[0];
  return {
    source: { tracker: 'json', location: 'generated', runId: id },
    status: 'finished',
    implementation,
    params,
    metrics: { test_accuracy: accuracy, train_accuracy: 1 },
    datasets: [{ name: 'credit-g', digest }],
    environment: { libraries: { [library]: library === 'forestkit' ? '1.5.0' : '4.5.0' } },
  };
}

const seeds = [0, 1, 2, 3, 4];

describe('compareSeedGroups', function () {
  describe('two algorithms × five seeds with a true mean difference of 0.05', function () {
    let archive: TestArchive;
    before(async function () {
      archive = await buildArchive([
        ...seeds.map((s) => runRecord(`forest-${s}`, 'forestkit.Forest', { n_estimators: 300, random_state: s }, 0.8 + 0.01 * s)),
        // The booster logs its seed under an alias and a default explicitly: neither splits the group.
        ...seeds.map((s) => runRecord(`boost-${s}`, 'boostkit.Booster', { n_estimators: 500, random_state: s, ...(s % 2 ? { num_leaves: 31 } : {}) }, 0.85 + 0.01 * s)),
      ]);
    });
    after(async () => archive?.dispose());

    it('groups runs that differ only in the seed and reports n, mean, sd, CI and best', async function () {
      const result = await compareSeedGroups(archive.store, { dataset: 'credit-g', measure: 'rgm:Accuracy', split: 'cr:TestSplit' }, archive.mappings);
      assert.deepEqual(result.groups.map((g) => [g.label, g.n]), [['boostkit.Booster', 5], ['forestkit.Forest', 5]]);
      const [boost, forest] = result.groups;
      assert.ok(Math.abs(boost.mean - 0.87) < 1e-12 && Math.abs(forest.mean - 0.82) < 1e-12);
      // sd of five values spaced 0.01 apart: sqrt(sum of squared deviations (0.001) / 4).
      assert.ok(Math.abs(boost.sd - Math.sqrt(0.001 / 4)) < 1e-12);
      // t(0.975, 4) = 2.776445 (standard tables); half-width = t * sd / sqrt(5).
      const half = 2.776445 * Math.sqrt(0.001 / 4) / Math.sqrt(5);
      assert.ok(Math.abs(boost.ci![0] - (0.87 - half)) < 1e-6 && Math.abs(boost.ci![1] - (0.87 + half)) < 1e-6);
      assert.equal(boost.best, 0.89);
      assert.equal(boost.bestRun, 'boost-4');
      assert.deepEqual(result.warnings, []);
    });

    it('finds the difference exceeds seed-to-seed noise with a Welch t-test', async function () {
      const { test } = await compareSeedGroups(archive.store, { dataset: 'd1', measure: 'rgm:Accuracy', split: 'cr:TestSplit' }, archive.mappings);
      assert.ok(test);
      // Equal variances 0.00025 and n = 5: se = sqrt(2 * 0.00025 / 5) = 0.01, so t = 0.05 / 0.01 = 5 and df = 8.
      assert.ok(Math.abs(test.difference - 0.05) < 1e-12);
      assert.ok(Math.abs(test.t - 5) < 1e-9);
      assert.ok(Math.abs(test.df - 8) < 1e-9);
      // Tables: t(0.999, 8) = 4.501 and t(0.9995, 8) = 5.041, so the two-sided p lies in (0.001, 0.002).
      assert.ok(test.p > 0.001 && test.p < 0.002, `p = ${test.p}`);
      assert.equal(test.exceedsNoise, true);
    });

    it('groups by library version when asked', async function () {
      const result = await compareSeedGroups(archive.store, { dataset: 'credit-g', measure: 'rgm:Accuracy', split: 'cr:TestSplit', by: 'library' }, archive.mappings);
      assert.deepEqual(result.groups.map((g) => g.label), ['boostkit@4.5.0 boostkit.Booster', 'forestkit@1.5.0 forestkit.Forest']);
    });

    it('groups by algorithm on canonical values, and warns when splits differ', async function () {
      const result = await compareSeedGroups(archive.store, { dataset: 'credit-g', measure: 'rgm:Accuracy', by: 'algorithm' }, archive.mappings);
      assert.deepEqual(result.groups.map((g) => `${g.label} ${g.split}`).sort(), ['GradientBoosting TestSplit', 'GradientBoosting TrainingSplit', 'RandomForest TestSplit', 'RandomForest TrainingSplit']);
      assert.ok(result.warnings.some((w) => /different splits/.test(w)));
      assert.equal(result.test, undefined);
    });
  });

  describe('two configurations with the same seed-to-seed distribution', function () {
    let archive: TestArchive;
    before(async function () {
      const a = [0.8, 0.82, 0.81, 0.83, 0.79];
      const b = [0.81, 0.8, 0.82, 0.79, 0.83];
      archive = await buildArchive([
        ...seeds.map((s) => runRecord(`a-${s}`, 'forestkit.Forest', { n_estimators: 300, random_state: s }, a[s])),
        ...seeds.map((s) => runRecord(`b-${s}`, 'forestkit.Forest', { n_estimators: 100, random_state: s }, b[s], s === 4 ? 'd2' : 'd1')),
      ]);
    });
    after(async () => archive?.dispose());

    it('does not call the difference real, and warns about mixed dataset versions', async function () {
      const result = await compareSeedGroups(archive.store, { dataset: 'credit-g', measure: 'rgm:Accuracy', split: 'cr:TestSplit' }, archive.mappings);
      assert.deepEqual(result.groups.map((g) => g.settings.join(' ')).sort(), ['criterion=gini max_depth=null n_estimators=100', 'criterion=gini max_depth=null n_estimators=300']);
      assert.ok(result.test);
      assert.ok(Math.abs(result.test.difference) < 1e-12);
      assert.equal(result.test.exceedsNoise, false);
      assert.ok(result.warnings.some((w) => /mixes dataset versions d1, d2/.test(w)));
    });

    it('rejects a dataset with no results', async function () {
      await assert.rejects(compareSeedGroups(archive.store, { dataset: 'nope', measure: 'rgm:Accuracy' }, archive.mappings), /no run on dataset "nope"/);
    });
  });

  it('summarize gives no interval for one run', function () {
    const s = summarize([0.5]);
    assert.equal(s.n, 1);
    assert.ok(Number.isNaN(s.sd));
    assert.equal(s.ci, undefined);
  });
});

describe('compareSeedGroups test labels', function () {
  let archive: TestArchive;
  before(async function () {
    archive = await buildArchive([
      ...seeds.map((s) => runRecord(`a-${s}`, 'forestkit.Forest', { n_estimators: 300, random_state: s }, 0.8 + s / 100)),
      ...seeds.map((s) => runRecord(`b-${s}`, 'forestkit.Forest', { n_estimators: 100, random_state: s }, 0.7 + s / 100)),
    ]);
  });
  after(async () => archive?.dispose());

  it('names two groups of one implementation by the settings that set them apart', async function () {
    const { test } = await compareSeedGroups(archive.store, { dataset: 'credit-g', measure: 'rgm:Accuracy', split: 'cr:TestSplit' }, archive.mappings);
    assert.equal(test?.a, 'forestkit.Forest (n_estimators=300) on TestSplit');
    assert.equal(test?.b, 'forestkit.Forest (n_estimators=100) on TestSplit');
    assert.ok(Math.abs(test!.difference - 0.1) < 1e-12);
  });
});

describe('compareSeedGroups with runs that did not finish', function () {
  let archive: TestArchive;
  const unfinished = (id: string, implementation: string, params: Record<string, unknown>, accuracy: number, status: string) =>
    ({ ...runRecord(id, implementation, params, accuracy), status });
  before(async function () {
    archive = await buildArchive([
      ...seeds.map((s) => runRecord(`forest-${s}`, 'forestkit.Forest', { n_estimators: 300, random_state: s }, 0.8 + 0.01 * s)),
      // Absurd values: counted, they would drag the forest's mean to about 0.5 and make the booster's best 99.
      unfinished('forest-failed', 'forestkit.Forest', { n_estimators: 300, random_state: 5 }, -1, 'failed'),
      unfinished('forest-killed', 'forestkit.Forest', { n_estimators: 300, random_state: 6 }, 0, 'killed'),
      ...seeds.map((s) => runRecord(`boost-${s}`, 'boostkit.Booster', { n_estimators: 500, random_state: s }, 0.85 + 0.01 * s)),
      unfinished('boost-running', 'boostkit.Booster', { n_estimators: 500, random_state: 9 }, 99, 'running'),
      // A configuration whose only runs failed or have no status: a group with nothing to summarise.
      unfinished('forest-deep-failed', 'forestkit.Forest', { n_estimators: 300, max_depth: 3, random_state: 0 }, 5, 'failed'),
      unfinished('forest-deep-unknown', 'forestkit.Forest', { n_estimators: 300, max_depth: 3, random_state: 1 }, 6, 'unknown'),
    ]);
  });
  after(async () => archive?.dispose());

  it('computes n, mean, sd and best from the finished runs only', async function () {
    const result = await compareSeedGroups(archive.store, { dataset: 'credit-g', measure: 'rgm:Accuracy', split: 'cr:TestSplit' }, archive.mappings);
    assert.deepEqual(result.groups.map((g) => [g.label, g.n]), [['boostkit.Booster', 5], ['forestkit.Forest', 5]]);
    const [boost, forest] = result.groups;
    assert.ok(Math.abs(forest.mean - 0.82) < 1e-12, `forest mean ${forest.mean}`);
    assert.ok(Math.abs(forest.sd - Math.sqrt(0.001 / 4)) < 1e-12);
    assert.equal(boost.best, 0.89);
    assert.deepEqual(forest.runs, seeds.map((s) => `forest-${s}`));
    // The Welch test still compares the two groups of five: t = 0.05 / 0.01.
    assert.ok(result.test && Math.abs(result.test.t - 5) < 1e-9);
  });

  it('lists the runs it left out of each group with their status', async function () {
    const result = await compareSeedGroups(archive.store, { dataset: 'credit-g', measure: 'rgm:Accuracy', split: 'cr:TestSplit' }, archive.mappings);
    const [boost, forest] = result.groups;
    assert.deepEqual(forest.leftOut, [{ id: 'forest-failed', status: 'failed' }, { id: 'forest-killed', status: 'killed' }]);
    assert.deepEqual(boost.leftOut, [{ id: 'boost-running', status: 'running' }]);
    assert.deepEqual(result.unfinished.map((g) => [g.label, g.settings.join(' '), g.leftOut]), [
      ['forestkit.Forest', 'criterion=gini max_depth=3 n_estimators=300', [{ id: 'forest-deep-failed', status: 'failed' }, { id: 'forest-deep-unknown', status: 'unknown' }]],
    ]);
    assert.ok(result.warnings.some((w) => /max_depth=3.*no finished run \(1 failed, 1 unknown\)/.test(w)), result.warnings.join('\n'));
  });

  it('says how many runs it left out', function () {
    assert.equal(countStatuses([{ id: 'a', status: 'killed' }, { id: 'b', status: 'failed' }, { id: 'c', status: 'failed' }]), '2 failed, 1 killed');
  });
});
