import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { mappingCoverage } from '../../src/mapping/coverage.js';
import type { Store } from '../../src/store/store.js';
import { archiveOf, run } from './mapped-archive.js';

describe('mapping coverage', () => {
  let store: Store;
  let dir: string;
  before(async () => {
    ({ store, dir } = await archiveOf([
      run('a', 'sklearn.ensemble.RandomForestClassifier', { 'scikit-learn': '1.5.2' }, { n_estimators: 10, my_custom_flag: true }, { acc: 0.9, my_metric: 1 }),
      run('b', 'mylib.Model', {}, { alpha: 0.1, beta: 2 }, { my_metric: 2, weird_score: 3 }),
      run('c', 'mylib.Model', {}, { alpha: 0.2 }, { val_accuracy: 0.5 }),
    ]));
  });
  after(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists logged hyperparameter keys without a canonical concept, with the number of runs', async () => {
    const { hyperparameters } = await mappingCoverage(store);
    assert.deepEqual(hyperparameters, [
      { implementation: 'mylib.Model', implementationMapped: false, key: 'alpha', runs: 2 },
      { implementation: 'mylib.Model', implementationMapped: false, key: 'beta', runs: 1 },
      { implementation: 'sklearn.ensemble.RandomForestClassifier', implementationMapped: true, key: 'my_custom_flag', runs: 1 },
    ]);
  });

  it('lists metric keys no measure matches, with the number of runs, and leaves out mapped ones', async () => {
    const { metrics } = await mappingCoverage(store);
    assert.deepEqual(metrics, [
      { key: 'my_metric', runs: 2 },
      { key: 'weird_score', runs: 1 },
    ]);
  });
});
