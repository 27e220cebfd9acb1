/**
 * A few run records covering what the mapper emits: mapped and unmapped implementations, aliases,
 * every parameter type, defaults filled in, splits, NaN and infinite metrics, every status,
 * datasets, artifacts, code, environment and registered models, and a result a publication reports.
 */
import type { Quad } from '@rdfjs/types';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { mapRun } from '../../src/mapping/run-mapper.js';
import { vocabularyGraph } from '../../src/mapping/vocabulary-graph.js';
import { parseParamString, paramFromValue } from '../../src/model/param-value.js';
import { validateRunRecord, type RunRecord } from '../../src/model/run-record.js';

const params = (raw: Record<string, string>) => Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, parseParamString(v)]));

export const sampleInputs: Record<string, unknown> = {
  'a scikit-learn random forest logged by MLflow': {
    source: { tracker: 'mlflow', location: '1/abc', runId: 'abc' },
    experiment: { id: '1', name: 'credit' },
    name: 'rf-seed-1',
    status: 'finished',
    startTime: '2024-03-01T10:00:00.000Z',
    endTime: '2024-03-01T10:05:00.000+01:00',
    user: 'ann',
    implementation: 'sklearn.ensemble.RandomForestClassifier',
    params: params({ n_estimators: '300', max_features: '0.5', random_state: '1', class_weight: "{'a': 1}", criterion: 'entropy' }),
    metrics: {
      val_accuracy: [{ step: 0, value: 0.7, timestamp: 1709287200000 }, { step: 1, value: 0.9, timestamp: 1709287201000 }, { step: 2, value: 0.8 }],
      training_log_loss: [{ step: 0, value: 0.4 }],
    },
    tags: { 'mlflow.source.type': 'LOCAL' },
    datasets: [{ name: 'credit-g', digest: '3f2a9c1e', source: 'openml:31', context: 'train' }],
    artifacts: [{ path: 'model/model.pkl', size: 1024 }, { path: 'plots/roc.png' }],
    code: { repository: 'https://example.org/repo.git', commit: 'a1b2c3', entryPoint: 'train.py' },
    environment: { language: { name: 'python', version: '3.11.4' }, libraries: { 'scikit-learn': '1.5.2', numpy: '1.26.4' } },
    models: [{ id: 'm-1', name: 'rf', uri: 'runs:/abc/model', flavor: 'sklearn', registry: [{ name: 'credit-rf', version: '3', stage: 'Production', aliases: ['champion'] }] }],
  },
  'a LightGBM model logged under wrapper aliases, failed': {
    source: { tracker: 'wandb', location: 'runs/x1', runId: 'x1' },
    status: 'failed',
    parentRunId: 'sweep-1',
    implementation: 'LGBMClassifier',
    params: params({ n_estimators: '200', eta: '0.05', seed: 'None', verbose: '-1' }),
    metrics: { valid_binary_logloss: [{ step: 1, value: 0.6 }, { step: 2, value: 0.5 }, { step: 3, value: 0.55 }], test_auc: [{ step: 3, value: 0.88 }] },
    environment: { libraries: { lightgbm: '4.5.0' } },
  },
  'a bare JSON record with no implementation, odd values and a killed status': {
    source: { tracker: 'json', location: 'runs.jsonl', runId: 'line-3' },
    status: 'killed',
    deleted: true,
    params: {
      optimizer: paramFromValue('adam'),
      layers: paramFromValue([64, 32]),
      dropout: paramFromValue(0.25, '0.25'),
      use_bias: paramFromValue(true),
      nothing: paramFromValue(null),
      huge: parseParamString('123456789012345678901234567890'),
    },
    metrics: { loss: [{ step: 0, value: NaN }, { step: 1, value: Infinity }, { step: 2, value: -Infinity }], 'custom/score': [{ step: 0, value: 1 }] },
    tags: { note: '' },
    datasets: [{ name: 'unnamed-digestless' }],
  },
  'a running TensorBoard run': {
    source: { tracker: 'tensorboard', location: 'logs/a', runId: 'logs/a' },
    status: 'running',
    startTime: '2024-03-01T10:00:00Z',
  },
  'a run whose status is unknown': {
    source: { tracker: 'guild', location: '.guild/runs/9', runId: '9' },
    implementation: 'my.own.Model',
  },
  'a result a paper reports (Papers with Code), one value kept as text': {
    source: { tracker: 'pwc', location: 'evaluation-tables.json', runId: '0123456789abcdef' },
    name: 'EfficientNet-B7',
    datasets: [{ name: 'ImageNet' }],
    reported: {
      task: 'Image Classification',
      publication: { title: 'EfficientNet', url: 'https://arxiv.org/abs/1905.11946v5', date: '2019-05-28', arxiv: '1905.11946' },
      values: { 'Top 1 Accuracy': { raw: '84.4%', value: 0.844 }, 'Number of params': { raw: '66M', value: 66e6 }, FLOPs: { raw: 'n/a' } },
      usesAdditionalData: false,
      codeLinks: ['https://github.com/tensorflow/tpu'],
    },
  },
};

export function sampleRecord(name: string): RunRecord {
  const result = validateRunRecord(sampleInputs[name]);
  if (!result.ok) throw new Error(`sample record "${name}" is invalid: ${JSON.stringify(result.issues)}`);
  return result.record;
}

export const mappings = loadMappings();

export const mappedQuads = (name: string): Quad[] => mapRun(sampleRecord(name), mappings).quads;

export const vocabularyQuads = (): Quad[] => vocabularyGraph(mappings).quads;
