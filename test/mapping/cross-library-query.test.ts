import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { Store } from '../../src/store/store.js';
import { archiveOf, run } from './mapped-archive.js';

const PREFIXES = `
PREFIX mls: <http://www.w3.org/ns/mls#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rg: <https://w3id.org/rungraph/ns#>
PREFIX rgh: <https://w3id.org/rungraph/hyperparameter/>
PREFIX rgm: <https://w3id.org/rungraph/measure/>
PREFIX cr: <http://mlcommons.org/croissant/>
`;

async function rows(store: Store, sparql: string): Promise<Record<string, string>[]> {
  const result = await store.query(PREFIXES + sparql);
  assert.equal(result.type, 'bindings');
  return result.type === 'bindings' ? result.rows.map((r) => Object.fromEntries([...r].map(([k, v]) => [k, v.value]))) : [];
}

describe('one query across libraries', () => {
  let store: Store;
  let dir: string;
  before(async () => {
    ({ store, dir } = await archiveOf([
      run('sk-300', 'sklearn.ensemble.RandomForestClassifier', { 'scikit-learn': '1.5.2' }, { n_estimators: 300, max_depth: 8 }, { acc: 0.91, val_accuracy: 0.88, accuracy: 0.9 }),
      run('lgb-native-300', 'lightgbm.LGBMClassifier', { lightgbm: '4.5.0' }, { num_iterations: 300, learning_rate: 0.05 }),
      run('lgb-alias-300', 'lightgbm.sklearn.LGBMClassifier', { lightgbm: '4.3.0' }, { n_estimators: 300 }),
      run('xgb-300', 'xgboost.XGBClassifier', { xgboost: '2.1.1' }, { n_estimators: 300 }),
      run('lgb-50', 'lightgbm.LGBMClassifier', { lightgbm: '4.5.0' }, { nrounds: 50 }),
      run('sk-default', 'sklearn.ensemble.RandomForestClassifier', { 'scikit-learn': '1.5.2' }, { max_depth: 4 }),
      run('logreg', 'sklearn.linear_model.LogisticRegression', { 'scikit-learn': '1.5.2' }, { C: 0.5 }),
    ]));
  });
  after(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const ENSEMBLE_SIZE = `
    SELECT DISTINCT ?id ?key ?value ?default WHERE {
      ?run mls:hasInput ?setting ; dcterms:identifier ?id .
      ?setting mls:specifiedBy ?hp ; mls:hasValue ?value .
      ?hp rg:canonicalHyperParameter rgh:NumberOfEnsembleMembers ; dcterms:identifier ?native .
      OPTIONAL { ?setting rg:isDefault ?default }
      # The key as logged: kept on the setting only when it is an alias (decision 0005).
      OPTIONAL { ?setting rg:loggedKey ?alias }
      BIND(COALESCE(?alias, ?native) AS ?key)
      FILTER(?value >= 300)
    } ORDER BY ?id`;

  it('finds the scikit-learn n_estimators, LightGBM num_iterations and LightGBM n_estimators runs by NumberOfEnsembleMembers', async () => {
    const found = await rows(store, ENSEMBLE_SIZE);
    assert.deepEqual(found.map((r) => [r.id, r.key, r.value]), [
      ['lgb-alias-300', 'n_estimators', '300'],
      ['lgb-native-300', 'num_iterations', '300'],
      ['sk-300', 'n_estimators', '300'],
      ['xgb-300', 'n_estimators', '300'],
    ]);
    assert.ok(found.every((r) => r.default === 'false'));
  });

  it('knows the default ensemble size of a run that did not log one, marked as a default', async () => {
    const found = await rows(store, `
      SELECT DISTINCT ?value ?default WHERE {
        ?run dcterms:identifier "sk-default" ; mls:hasInput ?setting .
        ?setting mls:specifiedBy/rg:canonicalHyperParameter rgh:NumberOfEnsembleMembers ; mls:hasValue ?value ; rg:isDefault ?default .
      }`);
    assert.deepEqual(found, [{ value: '100', default: 'true' }]);
  });

  it('applies the declared inverse relation: LogisticRegression C = 0.5 is a regularisation strength of 2', async () => {
    const found = await rows(store, `
      SELECT DISTINCT ?canonical WHERE {
        ?run dcterms:identifier "logreg" ; mls:hasInput ?setting .
        ?setting mls:specifiedBy ?hp ; rg:canonicalValue ?canonical .
        ?hp dcterms:identifier "C" ; rg:canonicalHyperParameter rgh:RegularizationStrength .
      }`);
    assert.equal(found.length, 1);
    assert.equal(Number(found[0].canonical), 2);
  });

  it('puts acc, accuracy and val_accuracy on Accuracy, with the split the key names', async () => {
    const found = await rows(store, `
      SELECT DISTINCT ?key ?split WHERE {
        ?run dcterms:identifier "sk-300" ; mls:hasOutput ?evaluation .
        ?evaluation mls:specifiedBy rgm:Accuracy ; dcterms:identifier ?key ; rg:aggregation rg:Last .
        OPTIONAL { ?evaluation rg:onSplit ?split }
      } ORDER BY ?key`);
    assert.deepEqual(found, [{ key: 'acc' }, { key: 'accuracy' }, { key: 'val_accuracy', split: 'http://mlcommons.org/croissant/ValidationSplit' }]);
  });
});
