import { strict as assert } from 'node:assert';
import { mlflowImporter } from '../../../src/importers/mlflow/mlflow-importer.js';
import { drain } from '../../support/drain-importer.js';
import { StoreBuilder } from './store-builder.js';

const RUN_A = 'a'.repeat(32);
const RUN_B = 'b'.repeat(32);

describe('MLflow importer on runs written through PyPads', () => {
  let store: StoreBuilder;
  afterEach(() => store?.remove());

  it('skips PyPads infrastructure experiments and catalogue runs with a warning', async () => {
    store = new StoreBuilder()
      .experiment('1', 'pypads_mappings')
      .run('1', RUN_A)
      .experiment('2', 'repository')
      .file('2/tags/type', 'type')
      .run('2', RUN_B)
      .experiment('3', 'user')
      .run('3', 'c'.repeat(32))
      .file(`3/${'c'.repeat(32)}/tags/pypads_unique_uid`, 'x')
      .run('3', 'd'.repeat(32));
    const { runs, issues } = await drain(mlflowImporter, store.root);
    assert.deepEqual(runs.map((r) => r.source.runId), ['d'.repeat(32)]);
    assert.deepEqual(issues.map((i) => [i.code, i.severity]), Array(3).fill(['pypads_infrastructure', 'warning']));
  });

  it('takes the commit, the origin remote, the pip freeze and a ≤0.4 class-prefixed estimator from a PyPads run', async () => {
    store = new StoreBuilder()
      .experiment('0', 'Default-PyPads')
      .run('0', RUN_A)
      .file(`0/${RUN_A}/tags/pypads.config`, "{'mongo_db': False}")
      .file(`0/${RUN_A}/tags/pypads.source.git.commit_hash`, 'deadbeef')
      .file(`0/${RUN_A}/tags/pypads.git.remotes`, 'upstream: https://example.org/u.git\norigin: https://example.org/o.git')
      .file(`0/${RUN_A}/params/sklearn.tree._classes.DecisionTreeClassifier.ccp_alpha`, '0.0')
      .file(`0/${RUN_A}/params/sklearn.tree._classes.DecisionTreeClassifier.max_depth`, 'None')
      .file(`0/${RUN_A}/artifacts/pip_freeze.txt`, 'Scikit-Learn==0.23.2\npypads==0.4.0\n');
    const { runs } = await drain(mlflowImporter, store.root);
    const run = runs[0];
    assert.deepEqual(run.code, { repository: 'https://example.org/o.git', commit: 'deadbeef' });
    assert.equal(run.implementation, 'sklearn.tree._classes.DecisionTreeClassifier');
    assert.deepEqual(run.environment?.libraries, { 'scikit-learn': '0.23.2', pypads: '0.4.0' });
    assert.ok('sklearn.tree._classes.DecisionTreeClassifier.ccp_alpha' in run.params, 'keys are kept as logged');
  });

  it('leaves the implementation unset for 0.5 call-numbered keys, which carry a label and not a class', async () => {
    store = new StoreBuilder()
      .experiment('0', 'Default-PyPads')
      .run('0', RUN_A)
      .file(`0/${RUN_A}/tags/pypads.config`, '{}')
      .file(`0/${RUN_A}/params/decision tree classifier.0.split_quality`, 'gini');
    const { runs } = await drain(mlflowImporter, store.root);
    assert.equal(runs[0].implementation, undefined);
  });
});
