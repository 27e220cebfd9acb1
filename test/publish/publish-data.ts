/** Runs for the publication tests: two scikit-learn forests in one experiment, one LightGBM run elsewhere. */
export const IRI_BASE = 'https://example.org/pub/';

export const sklearnRun = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  source: { tracker: 'mlflow', location: `mlruns/1/${id}`, runId: id },
  experiment: { id: '1', name: 'credit' },
  name: `forest ${id}`,
  status: 'finished',
  startTime: '2026-01-01T10:00:00.000Z',
  endTime: '2026-01-01T10:00:40.000Z',
  implementation: 'sklearn.ensemble.RandomForestClassifier',
  params: { n_estimators: 300, max_depth: 12, class_weight: { '0': 1, '1': 2 } },
  metrics: { test_accuracy: [{ step: 0, value: 0.7 }, { step: 1, value: 0.75 }], train_accuracy: 0.99 },
  datasets: [{ name: 'credit-g', digest: 'a'.repeat(64), source: 'https://www.openml.org/d/31', context: 'train' }],
  code: { repository: 'https://example.org/credit.git', commit: 'c1', entryPoint: 'train_rf.py' },
  environment: { language: { name: 'python', version: '3.11.9' }, libraries: { 'scikit-learn': '1.5.2', numpy: '1.26.4' } },
  models: [{ id: `m-${id}`, name: 'rf-model', uri: `runs:/${id}/model` }],
  ...extra,
});

export const otherRun = (): Record<string, unknown> => ({
  source: { tracker: 'wandb', location: 'wandb/run-x', runId: 'x1' },
  experiment: { name: 'elsewhere' },
  status: 'failed',
  implementation: 'lightgbm.LGBMClassifier',
  params: { learning_rate: 0.1 },
  metrics: { val_loss: 0.3 },
  environment: { libraries: { lightgbm: '4.5.0' } },
});
