/**
 * Expected results of every catalogue query on data/runs.jsonl, worked out by hand from that file:
 * rf-0/rf-1 are ForestKit forests (300 trees, seeds 0 and 1, test accuracy .75/.77, 40 s/50 s),
 * lgb-0/lgb-1 BoostKit boosters logged by "mlflow" (500/100 rounds, .80/.78, 20 s/30 s, versions 4.5.0/3.3.5),
 * lr-fail a failed logistic regression on ForestKit 1.4.0, rf-child a child of rf-0 on dataset d2.
 * Dataset d1 (credit-g, five runs) has 1000 rows and 2 classes, d2 (credit-g-v2, one run) 800 rows and 2 classes.
 * data/published-results.json (imported with the pwc importer) adds what publications report: on credit-g,
 * TabNet (Accuracy "76.5%", AUC "0.79", arXiv 1908.07442) and Boosted trees (Accuracy "0.742", AUC "n/a",
 * a DOI, additional data) under Tabular Classification, TabPFN ("78.1% (±0.4)") under its subtask
 * Few-Shot Tabular Classification; on CIFAR-10, ResNet-110 ("Percentage correct" "93.57").
 * Numbers compare with a tolerance; `null` means unbound. `ordered` when the query's ORDER BY matters.
 */
export interface QueryCase {
  name: string;
  query: string;
  params?: Record<string, string>;
  rows: Record<string, string | number | boolean | null>[];
  ordered?: boolean;
}

const run = (tracker: string, id: string) => `https://w3id.org/rungraph/id/run/${tracker}/${id}`;
const rga = (n: string) => `https://w3id.org/rungraph/algorithm/${n}`;
const rgh = (n: string) => `https://w3id.org/rungraph/hyperparameter/${n}`;
const rgm = (n: string) => `https://w3id.org/rungraph/measure/${n}`;
const cr = (n: string) => `http://mlcommons.org/croissant/${n}`;
const publication = (n: string) => `https://w3id.org/rungraph/id/publication/${n}`;

export const cases = (mappingVersion: string, wikidata: (kind: string, concept: string) => string | null): QueryCase[] => [
  {
    name: 'compare-algorithms ranks algorithms by their best test accuracy on credit-g',
    query: 'compare-algorithms',
    params: { measure: 'rgm:Accuracy', split: 'cr:TestSplit', dataset: 'credit-g' },
    ordered: true,
    rows: [
      { algorithm: rga('GradientBoosting'), runs: 2, best: 0.8, mean: 0.79, libraries: 'boostkit' },
      { algorithm: rga('RandomForest'), runs: 2, best: 0.77, mean: 0.76, libraries: 'forestkit' },
    ],
  },
  {
    name: 'list-runs lists one tracker’s runs newest first',
    query: 'list-runs',
    params: { tracker: 'mlflow' },
    ordered: true,
    rows: [
      { id: 'lgb-1', experimentName: 'boosting', status: 'Finished', implementation: 'boostkit.Booster' },
      { id: 'lgb-0', experimentName: 'credit', status: 'Finished', implementation: 'boostkit.Booster' },
    ],
  },
  {
    name: 'list-runs keeps only the runs of the named experiment',
    query: 'list-runs',
    params: { tracker: 'mlflow', experiment: 'credit' },
    rows: [{ id: 'lgb-0', experimentName: 'credit' }],
  },
  {
    name: 'run-details shows every fact of a run, defaults marked',
    query: 'run-details',
    params: { run: 'lr-fail' },
    rows: [
      { section: 'run', key: 'tracker', value: 'json' },
      { section: 'run', key: 'runStatus', value: 'https://w3id.org/rungraph/ns#Failed' },
      { section: 'run', key: 'startedAtTime', value: '2026-01-01T14:00:00Z' },
      { section: 'run', key: 'mappingVersion', value: mappingVersion },
      { section: 'implementation', key: 'class', value: 'forestkit.Logistic' },
      { section: 'param', key: 'penalty', value: 'l1' },
      { section: 'param', key: 'foo_bar', value: '3' },
      { section: 'param', key: 'random_state', value: 'null' },
      { section: 'dataset', key: 'train', value: 'credit-g' },
      { section: 'software', key: 'forestkit', value: '1.4.0' },
    ],
  },
  {
    name: 'find-runs-by-hyperparameter finds large ensembles across libraries by canonical value',
    query: 'find-runs-by-hyperparameter',
    params: { hyperparameter: 'rgh:NumberOfEnsembleMembers', above: '200' },
    ordered: true,
    rows: [
      { id: 'lgb-0', parameter: 'num_iterations', logged: 'n_estimators', canonicalValue: 500, default: false },
      { id: 'rf-0', parameter: 'n_estimators', logged: 'n_estimators', canonicalValue: 300, default: false },
      { id: 'rf-1', parameter: 'n_estimators', logged: 'n_estimators', canonicalValue: 300, default: false },
    ],
  },
  {
    name: 'find-runs-by-hyperparameter counts defaults the run did not log',
    query: 'find-runs-by-hyperparameter',
    params: { hyperparameter: 'rgh:NumberOfEnsembleMembers', above: '60', below: '200' },
    rows: [{ id: 'lgb-1', parameter: 'num_iterations', canonicalValue: 100, default: true }],
  },
  {
    name: 'list-implementations gives native parameters with canonical concepts and defaults',
    query: 'list-implementations',
    params: { algorithm: 'rga:LogisticRegression' },
    rows: [
      { implementation: 'forestkit.Logistic', library: 'forestkit', version: '1.4.0', parameter: 'foo_bar', canonical: null, default: null },
      { implementation: 'forestkit.Logistic', library: 'forestkit', version: '1.4.0', parameter: 'penalty', canonical: null, default: 'l2' },
      { implementation: 'forestkit.Logistic', library: 'forestkit', version: '1.4.0', parameter: 'random_state', canonical: rgh('RandomSeed'), default: 'null' },
    ],
  },
  {
    name: 'summarize-dataset counts runs per library and their best result',
    query: 'summarize-dataset',
    params: { dataset: 'credit-g' },
    rows: [
      { library: 'boostkit', runs: 2, implementations: 2, evaluatedRuns: 2, best: 0.8 },
      { library: 'forestkit', runs: 3, implementations: 2, evaluatedRuns: 2, best: 0.77 },
    ],
  },
  {
    name: 'summarize-dataset finds a dataset by digest and picks the lowest loss',
    query: 'summarize-dataset',
    params: { dataset: 'd1', measure: 'rgm:LogLoss', split: 'cr:ValidationSplit' },
    rows: [
      { library: 'boostkit', runs: 2, evaluatedRuns: 1, best: 0.47 },
      { library: 'forestkit', runs: 3, evaluatedRuns: null, best: null },
    ],
  },
  {
    name: 'summarize-dataset-characteristics lists each dataset version’s characteristics and its runs',
    query: 'summarize-dataset-characteristics',
    ordered: true,
    rows: [
      { digest: 'd1', name: 'credit-g', key: 'num_classes', value: 2, runs: 5 },
      { digest: 'd1', name: 'credit-g', key: 'num_rows', value: 1000, runs: 5 },
      { digest: 'd2', name: 'credit-g-v2', key: 'num_classes', value: 2, runs: 1 },
      { digest: 'd2', name: 'credit-g-v2', key: 'num_rows', value: 800, runs: 1 },
    ],
  },
  {
    name: 'summarize-dataset-characteristics finds the datasets with more than 900 rows',
    query: 'summarize-dataset-characteristics',
    params: { characteristic: 'num_rows', above: '900' },
    rows: [{ digest: 'd1', key: 'num_rows', value: 1000, runs: 5 }],
  },
  {
    name: 'show-best-run-settings lists the best forest’s settings and marks defaults',
    // criterion was not logged and has no canonical concept, so the mapper records no setting for it.
    query: 'show-best-run-settings',
    params: { algorithm: 'rga:RandomForest', dataset: 'credit-g' },
    rows: [
      { id: 'rf-1', score: 0.77, parameter: 'n_estimators', value: '300', canonical: rgh('NumberOfEnsembleMembers'), default: false },
      { id: 'rf-1', score: 0.77, parameter: 'max_depth', value: '12', canonical: rgh('MaximumTreeDepth'), default: false },
      { id: 'rf-1', score: 0.77, parameter: 'random_state', value: '1', canonical: rgh('RandomSeed'), default: false },
    ],
  },
  {
    name: 'trace-parameter-effect gives the accuracy per ensemble size across libraries',
    query: 'trace-parameter-effect',
    ordered: true,
    rows: [
      { canonicalValue: 50, runs: 1, mean: 0.7, libraries: 'forestkit' },
      { canonicalValue: 100, runs: 1, mean: 0.78, libraries: 'boostkit' },
      { canonicalValue: 300, runs: 2, mean: 0.76, libraries: 'forestkit' },
      { canonicalValue: 500, runs: 1, mean: 0.8, libraries: 'boostkit' },
    ],
  },
  {
    name: 'trace-parameter-effect narrows to an algorithm and a dataset',
    query: 'trace-parameter-effect',
    params: { algorithm: 'rga:RandomForest', dataset: 'credit-g' },
    rows: [{ canonicalValue: 300, runs: 2, mean: 0.76, min: 0.75, max: 0.77 }],
  },
  {
    name: 'find-runs-by-library-version compares versions numerically',
    query: 'find-runs-by-library-version',
    params: { library: 'boostkit', below: '4.0' },
    rows: [{ id: 'lgb-1', version: '3.3.5', implementation: 'boostkit.Booster' }],
  },
  {
    name: 'find-runs-by-library-version treats 1.5 as 1.5.0',
    query: 'find-runs-by-library-version',
    params: { library: 'forestkit', below: '1.5' },
    rows: [{ id: 'lr-fail', version: '1.4.0' }],
  },
  {
    name: 'list-runs-by-status finds the failed run',
    query: 'list-runs-by-status',
    params: { status: 'rg:Failed' },
    rows: [{ id: 'lr-fail', tracker: 'json', ended: null }],
  },
  {
    name: 'summarize-durations gives seconds per implementation, leaving out runs without an end',
    query: 'summarize-durations',
    rows: [
      { implementation: 'boostkit.Booster', runs: 2, mean: 25, min: 20, max: 30 },
      { implementation: 'forestkit.Forest', runs: 3, mean: 100 / 3, min: 10, max: 50 },
    ],
  },
  {
    name: 'summarize-durations gives one run’s duration',
    query: 'summarize-durations',
    params: { run: 'rf-0' },
    rows: [{ implementation: 'forestkit.Forest', runs: 1, mean: 40 }],
  },
  {
    name: 'trace-evaluation traces each value to data digest, commit and Python',
    query: 'trace-evaluation',
    params: { run: 'rf-0' },
    rows: [
      { metric: 'test_accuracy', value: 0.75, digest: 'd1', commit: 'c1', python: '3.11.9' },
      { metric: 'train_accuracy', value: 0.99, digest: 'd1', commit: 'c1', python: '3.11.9' },
    ],
  },
  {
    name: 'list-child-runs compares a child run with its parent',
    query: 'list-child-runs',
    params: { run: 'rf-0' },
    rows: [{ child: run('json', 'rf-child'), model: 'rf-finetuned', value: 0.7, parentValue: 0.75 }],
  },
  {
    name: 'find-comparable-results groups results by dataset version, measure and split',
    query: 'find-comparable-results',
    rows: [
      { digest: 'd1', measure: rgm('Accuracy'), split: cr('TestSplit'), runs: 4, algorithms: 2 },
      { digest: 'd1', measure: rgm('Accuracy'), split: cr('TrainingSplit'), runs: 2, algorithms: 1 },
    ],
  },
  {
    name: 'find-comparable-results can include single runs',
    query: 'find-comparable-results',
    params: { dataset: 'credit-g-v2', minRuns: '1' },
    rows: [{ digest: 'd2', measure: rgm('Accuracy'), split: cr('TestSplit'), runs: 1 }],
  },
  {
    name: 'show-learning-curve gives the best and last step of a series',
    query: 'show-learning-curve',
    params: { run: 'lgb-0' },
    rows: [{ metric: 'val_logloss', measure: rgm('LogLoss'), points: 4, bestStep: 2, bestValue: 0.45, lastStep: 3, lastValue: 0.47, series: '{"step":[0,1,2,3],"value":[0.6,0.5,0.45,0.47]}' }],
  },
  {
    name: 'show-learning-curve returns nothing for a metric logged once',
    query: 'show-learning-curve',
    params: { run: 'lgb-0', metric: 'test_accuracy' },
    rows: [],
  },
  {
    name: 'count-runs-by-tracker counts runs per tracker and mapping version',
    query: 'count-runs-by-tracker',
    rows: [
      { tracker: 'json', mappingVersion, runs: 4 },
      { tracker: 'mlflow', mappingVersion, runs: 2 },
    ],
  },
  {
    name: 'list-wikidata-links lists used concepts with their Wikidata items',
    query: 'list-wikidata-links',
    rows: [
      ...['GradientBoosting', 'LogisticRegression', 'RandomForest'].map((c) => ({ kind: 'algorithm', concept: rga(c), wikidata: wikidata('algorithm', c) })),
      ...['LearningRate', 'MaximumTreeDepth', 'NumberOfEnsembleMembers', 'RandomSeed'].map((c) => ({ kind: 'hyperparameter', concept: rgh(c), wikidata: wikidata('hyperparameter', c) })),
      ...['Accuracy', 'LogLoss'].map((c) => ({ kind: 'measure', concept: rgm(c), wikidata: wikidata('measure', c) })),
    ],
  },
  {
    name: 'list-unmapped-hyperparameters lists logged keys without a canonical concept',
    query: 'list-unmapped-hyperparameters',
    rows: [
      { implementation: 'forestkit.Logistic', key: 'foo_bar', runs: 1, mapped: true },
      { implementation: 'forestkit.Logistic', key: 'penalty', runs: 1, mapped: true },
    ],
  },
  {
    name: 'list-unmapped-metrics lists metric keys no measure alias matches',
    query: 'list-unmapped-metrics',
    rows: [{ key: 'system/gpu_memory_mb', runs: 2 }],
  },
  {
    name: 'summarize-resource-use averages system metrics per algorithm',
    query: 'summarize-resource-use',
    rows: [{ algorithm: rga('GradientBoosting'), metric: 'system/gpu_memory_mb', runs: 2, mean: 1100, max: 1200 }],
  },
  {
    name: 'list-experiment-runs lists an experiment’s runs with users',
    query: 'list-experiment-runs',
    params: { experiment: 'boosting' },
    ordered: true,
    rows: [
      { id: 'lgb-1', who: 'bob', started: '2026-01-01T13:00:00Z' },
      { id: 'lr-fail', who: 'alice', started: '2026-01-01T14:00:00Z' },
    ],
  },
  {
    name: 'list-experiment-runs filters by user',
    query: 'list-experiment-runs',
    params: { user: 'bob' },
    rows: [
      { title: 'boosting', id: 'lgb-1' },
      { title: 'credit', id: 'lgb-0' },
    ],
  },
  {
    name: 'diff-runs shows changed parameters, data version and commit, marking defaults',
    query: 'diff-runs',
    params: { a: 'rf-0', b: 'rf-child' },
    rows: [
      { section: 'code', key: 'commit', valueA: 'c1', valueB: 'c3', defaultA: null, defaultB: null },
      { section: 'dataset', key: 'train', valueA: 'd1', valueB: 'd2', defaultA: null, defaultB: null },
      { section: 'param', key: rgh('MaximumTreeDepth'), valueA: '12', valueB: 'null', defaultA: false, defaultB: true },
      { section: 'param', key: rgh('NumberOfEnsembleMembers'), valueA: '300', valueB: '50', defaultA: false, defaultB: false },
    ],
  },
  {
    name: 'diff-runs aligns parameters of two libraries on canonical concepts',
    query: 'diff-runs',
    params: { a: run('json', 'rf-0'), b: 'lgb-0', changedOnly: 'false' },
    rows: [
      { section: 'code', key: 'commit', nativeA: null, nativeB: null, valueA: 'c1', valueB: 'c2', changed: true },
      { section: 'code', key: 'entry point', nativeA: null, nativeB: null, valueA: 'train_rf.py', valueB: 'train_lgb.py', changed: true },
      { section: 'code', key: 'repository', nativeA: null, nativeB: null, valueA: 'https://example.org/credit.git', valueB: 'https://example.org/credit.git', changed: false },
      { section: 'dataset', key: 'train', nativeA: null, nativeB: null, valueA: 'd1', valueB: 'd1', changed: false },
      { section: 'implementation', key: 'class', nativeA: null, nativeB: null, valueA: 'forestkit.Forest', valueB: 'boostkit.Booster', changed: true },
      { section: 'param', key: rgh('LearningRate'), nativeA: null, nativeB: 'learning_rate', valueA: null, valueB: 0.05, changed: true },
      { section: 'param', key: rgh('MaximumTreeDepth'), nativeA: 'max_depth', nativeB: null, valueA: '12', valueB: null, changed: true },
      { section: 'param', key: rgh('NumberOfEnsembleMembers'), nativeA: 'n_estimators', nativeB: 'num_iterations', valueA: '300', valueB: '500', changed: true },
      { section: 'param', key: rgh('RandomSeed'), nativeA: 'random_state', nativeB: 'seed', valueA: '0', valueB: '0', changed: false },
      { section: 'software', key: 'boostkit', nativeA: null, nativeB: null, valueA: null, valueB: '4.5.0', changed: true },
      { section: 'software', key: 'forestkit', nativeA: null, nativeB: null, valueA: '1.5.2', valueB: null, changed: true },
      { section: 'software', key: 'numpy', nativeA: null, nativeB: null, valueA: '1.26.4', valueB: null, changed: true },
      { section: 'software', key: 'python', nativeA: null, nativeB: null, valueA: '3.11.9', valueB: '3.11.9', changed: false },
    ],
  },
  {
    name: 'trace-lineage follows parent runs to their data, code and models',
    query: 'trace-lineage',
    params: { target: 'rf-child' },
    rows: [
      { runId: 'rf-child', relation: 'dataset', detail: 'd2' },
      { runId: 'rf-child', relation: 'code', detail: 'c3' },
      { runId: 'rf-child', relation: 'parent run', detail: 'rf-0' },
      { runId: 'rf-0', relation: 'dataset', detail: 'd1' },
      { runId: 'rf-0', relation: 'code', detail: 'c1' },
      { runId: 'rf-0', relation: 'upstream model', detail: 'm-rf-0' },
    ],
  },
  {
    name: 'trace-lineage starts from a model',
    query: 'trace-lineage',
    params: { target: `${run('json', 'rf-child')}/model/m-child` },
    rows: [
      { runId: 'rf-child', relation: 'dataset', detail: 'd2' },
      { runId: 'rf-child', relation: 'code', detail: 'c3' },
      { runId: 'rf-child', relation: 'parent run', detail: 'rf-0' },
      { runId: 'rf-0', relation: 'dataset', detail: 'd1' },
      { runId: 'rf-0', relation: 'code', detail: 'c1' },
      { runId: 'rf-0', relation: 'upstream model', detail: 'm-rf-0' },
    ],
  },
  {
    name: 'trace-lineage starts from an evaluation',
    query: 'trace-lineage',
    params: { target: `${run('json', 'rf-0')}/eval/test_accuracy/last` },
    rows: [
      { runId: 'rf-0', relation: 'dataset', detail: 'd1' },
      { runId: 'rf-0', relation: 'code', detail: 'c1' },
    ],
  },
  {
    name: 'trace-lineage starts from a run’s IRI',
    query: 'trace-lineage',
    params: { target: run('json', 'rf-0') },
    rows: [
      { runId: 'rf-0', relation: 'dataset', detail: 'd1' },
      { runId: 'rf-0', relation: 'code', detail: 'c1' },
    ],
  },
  {
    name: 'trace-lineage finds nothing for an IRI of something that is neither a run nor a run’s output',
    query: 'trace-lineage',
    params: { target: 'https://example.org/not-archived' },
    rows: [],
  },
  {
    name: 'trace-lineage of a root run lists only its own inputs',
    query: 'trace-lineage',
    params: { target: 'rf-0' },
    rows: [
      { runId: 'rf-0', relation: 'dataset', detail: 'd1' },
      { runId: 'rf-0', relation: 'code', detail: 'c1' },
    ],
  },
  {
    name: 'list-run-results gives each run’s last value per split on a dataset',
    query: 'list-run-results',
    params: { dataset: 'credit-g', split: 'cr:TestSplit' },
    rows: [
      { id: 'lgb-0', value: 0.8, digest: 'd1', algorithm: rga('GradientBoosting'), implementation: 'boostkit.Booster', library: 'boostkit', libraryVersion: '4.5.0' },
      { id: 'lgb-1', value: 0.78, digest: 'd1', algorithm: rga('GradientBoosting'), implementation: 'boostkit.Booster', library: 'boostkit', libraryVersion: '3.3.5' },
      { id: 'rf-0', value: 0.75, digest: 'd1', algorithm: rga('RandomForest'), implementation: 'forestkit.Forest', library: 'forestkit', libraryVersion: '1.5.2' },
      { id: 'rf-1', value: 0.77, digest: 'd1', algorithm: rga('RandomForest'), implementation: 'forestkit.Forest', library: 'forestkit', libraryVersion: '1.5.2' },
    ],
  },
  {
    name: 'list-run-settings gives native and canonical values of an algorithm’s runs',
    query: 'list-run-settings',
    params: { algorithm: 'rga:LogisticRegression' },
    rows: [
      { id: 'lr-fail', parameter: 'foo_bar', canonical: null, value: '3', canonicalValue: null, default: false },
      { id: 'lr-fail', parameter: 'penalty', canonical: null, value: 'l1', canonicalValue: null, default: false },
      { id: 'lr-fail', parameter: 'random_state', canonical: rgh('RandomSeed'), value: 'null', canonicalValue: null, default: true },
    ],
  },
  {
    name: 'list-run-settings narrows to an implementation on a dataset digest',
    query: 'list-run-settings',
    params: { implementation: 'boostkit.Booster', dataset: 'd1' },
    rows: [
      { id: 'lgb-0', parameter: 'learning_rate', value: 0.05, default: false },
      { id: 'lgb-0', parameter: 'num_iterations', value: 500, default: false },
      { id: 'lgb-0', parameter: 'seed', value: 0, default: false },
      { id: 'lgb-1', parameter: 'learning_rate', value: 0.1, default: true },
      { id: 'lgb-1', parameter: 'num_iterations', value: 100, default: true },
      { id: 'lgb-1', parameter: 'seed', value: 1, default: false },
    ],
  },
  {
    name: 'find-published-results lists what papers report on credit-g beside the archive’s best runs on the same measures',
    query: 'find-published-results',
    params: { dataset: 'credit-g' },
    ordered: true,
    rows: [
      // LogLoss (lgb-0's val_logloss) is left out: no publication reports it.
      { source: 'archive', taskName: null, measure: rgm('Accuracy'), split: cr('TestSplit'), model: 'gradient boosting', value: 0.8, reportedText: null, runs: 2, paper: null, title: null, published: null, identifier: null, additionalData: null },
      { source: 'archive', measure: rgm('Accuracy'), split: cr('TestSplit'), model: 'random forest', value: 0.77, runs: 2, paper: null },
      { source: 'archive', measure: rgm('Accuracy'), split: cr('TrainingSplit'), model: 'random forest', value: 0.99, runs: 2, paper: null },
      { source: 'publication', taskName: 'Few-Shot Tabular Classification', measure: rgm('Accuracy'), model: 'TabPFN', value: 0.781, reportedText: '78.1% (±0.4)', runs: null, paper: publication('arxiv/2207.01848'), title: 'TabPFN: A Transformer That Solves Small Tabular Classification Problems in a Second', published: '2022-07-05', identifier: 'arXiv:2207.01848', additionalData: null },
      { source: 'publication', taskName: 'Tabular Classification', measure: rgm('Accuracy'), model: 'TabNet', value: 0.765, reportedText: '76.5%', paper: publication('arxiv/1908.07442'), published: '2019-08-20', identifier: 'arXiv:1908.07442', additionalData: false },
      { source: 'publication', taskName: 'Tabular Classification', measure: rgm('Accuracy'), model: 'Boosted trees', value: 0.742, reportedText: '0.742', paper: publication('doi/10.1145%2F2939672.2939785'), title: 'XGBoost: A Scalable Tree Boosting System', identifier: 'doi:10.1145/2939672.2939785', additionalData: true },
      { source: 'publication', measure: rgm('RocAuc'), model: 'TabNet', value: 0.79, reportedText: '0.79' },
      { source: 'publication', measure: rgm('RocAuc'), model: 'Boosted trees', value: null, reportedText: 'n/a' },
    ],
  },
  {
    name: 'find-published-results narrows to a task and a measure',
    query: 'find-published-results',
    params: { dataset: 'credit-g', task: 'Few-Shot Tabular Classification', measure: 'rgm:Accuracy' },
    rows: [
      { source: 'archive', taskName: null, split: cr('TestSplit'), model: 'gradient boosting', value: 0.8, runs: 2 },
      { source: 'archive', split: cr('TestSplit'), model: 'random forest', value: 0.77, runs: 2 },
      { source: 'archive', split: cr('TrainingSplit'), model: 'random forest', value: 0.99, runs: 2 },
      { source: 'publication', taskName: 'Few-Shot Tabular Classification', model: 'TabPFN', value: 0.781 },
    ],
  },
  {
    name: 'find-published-results keeps to the dataset named: no archive run is on CIFAR-10',
    query: 'find-published-results',
    params: { dataset: 'CIFAR-10' },
    rows: [{ source: 'publication', taskName: 'Image Classification', measure: rgm('Accuracy'), model: 'ResNet-110', value: 0.9357, reportedText: '93.57', runs: null, identifier: 'arXiv:1512.03385' }],
  },
  {
    name: 'find-published-results shows no archive rows for a measure only publications report',
    query: 'find-published-results',
    params: { dataset: 'credit-g', measure: 'rgm:RocAuc' },
    rows: [
      { source: 'publication', model: 'TabNet', value: 0.79 },
      { source: 'publication', model: 'Boosted trees', value: null },
    ],
  },
];
