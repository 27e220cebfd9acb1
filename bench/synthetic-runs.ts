/**
 * Deterministic synthetic runs of one fixed shape, the benchmark's unit of work: 20 params, 10 metrics of
 * 100 steps, MLflow system and autolog tags, one dataset input, a library pin. Three implementations from
 * two libraries, five datasets, five seeds; runs come in sweeps of ten (nine children name the first as
 * parent) over small hyperparameter grids, so reuse lookups and parameter-effect curves find real matches.
 */
import { createHash } from 'node:crypto';

export const PARAMS_PER_RUN = 20;
export const METRICS_PER_RUN = 10;
export const STEPS_PER_METRIC = 100;

export interface MetricPoint {
  step: number;
  timestamp: number;
  value: number;
}

export interface SyntheticRun {
  index: number;
  runId: string;
  experiment: { id: string; name: string };
  name: string;
  user: string;
  startMs: number;
  endMs: number;
  /** Fully qualified estimator class, as MLflow's sklearn autolog writes it in `estimator_class`. */
  implementation: string;
  /** PyPI name → version, as a requirements.txt pins them. */
  libraries: Record<string, string>;
  /** Raw strings, as MLflow stores them (Python `str()` of the value). */
  params: Record<string, string>;
  metrics: Record<string, MetricPoint[]>;
  tags: Record<string, string>;
  dataset: { name: string; digest: string; source: string; context: string };
  parentRunId?: string;
}

interface Algorithm {
  implementation: string;
  library: string;
  versions: string[];
  quality: number;
  /** The hyperparameter grid: name → values (as Python would print them). */
  grid: Record<string, string[]>;
  seedParam: string;
}

const ALGORITHMS: Algorithm[] = [
  {
    implementation: 'sklearn.ensemble.RandomForestClassifier',
    library: 'scikit-learn',
    versions: ['1.5.2', '1.4.2'],
    quality: 0.86,
    grid: {
      n_estimators: ['50', '100', '200', '400'],
      max_depth: ['5', '10', '20', 'None'],
      min_samples_leaf: ['1', '2', '5'],
      criterion: ['gini', 'entropy'],
      max_features: ['sqrt', 'log2'],
      bootstrap: ['True'],
      n_jobs: ['-1'],
    },
    seedParam: 'random_state',
  },
  {
    implementation: 'sklearn.linear_model.LogisticRegression',
    library: 'scikit-learn',
    versions: ['1.5.2', '1.4.2'],
    quality: 0.8,
    grid: { C: ['0.01', '0.1', '1.0', '10.0'], penalty: ['l2'], max_iter: ['100', '500'], solver: ['lbfgs', 'saga'] },
    seedParam: 'random_state',
  },
  {
    implementation: 'lightgbm.LGBMClassifier',
    library: 'lightgbm',
    versions: ['4.5.0', '4.3.0'],
    quality: 0.88,
    grid: {
      n_estimators: ['100', '200', '400', '800'],
      learning_rate: ['0.01', '0.05', '0.1', '0.2'],
      num_leaves: ['15', '31', '63'],
      max_depth: ['-1', '8'],
      min_child_samples: ['10', '20'],
    },
    seedParam: 'random_state',
  },
];

/** Pipeline settings every run logs beside the estimator's own, to reach 20 params. */
const PIPELINE: Record<string, string[]> = {
  'cv.folds': ['3', '5', '10'],
  'data.test_size': ['0.2', '0.25'],
  'data.shuffle': ['True', 'False'],
  'data.stratify': ['True'],
  'preprocess.scaler': ['standard', 'minmax', 'none'],
  'preprocess.imputer': ['mean', 'median'],
  'preprocess.one_hot': ['True', 'False'],
  'features.selection': ['none', 'variance', 'kbest'],
  'features.k': ['10', '20', '50'],
  'train.early_stopping': ['False', 'True'],
  'train.class_weight': ['None', 'balanced'],
  'train.threads': ['1', '2', '4'],
  'train.verbose': ['0'],
  'train.tolerance': ['0.0001', '0.001'],
  'train.warm_start': ['False'],
};

const DATASETS = ['adult', 'bank-marketing', 'covertype', 'credit-g', 'higgs'].map((name) => ({
  name,
  digest: hex(`dataset:${name}`).slice(0, 8),
  source: `https://www.openml.org/d/${name}`,
  context: 'train',
}));

const SEEDS = [0, 1, 2, 3, 42];
const USERS = ['ada', 'grace', 'alan', 'edsger'];
const METRICS: { key: string; kind: 'accuracy' | 'log_loss' | 'f1' | 'roc_auc' | 'loss'; offset: number }[] = [
  { key: 'train_accuracy', kind: 'accuracy', offset: 0.04 },
  { key: 'val_accuracy', kind: 'accuracy', offset: 0.0 },
  { key: 'test_accuracy', kind: 'accuracy', offset: -0.005 },
  { key: 'train_log_loss', kind: 'log_loss', offset: -0.05 },
  { key: 'val_log_loss', kind: 'log_loss', offset: 0.0 },
  { key: 'test_log_loss', kind: 'log_loss', offset: 0.01 },
  { key: 'train_loss', kind: 'loss', offset: -0.05 },
  { key: 'val_f1', kind: 'f1', offset: -0.02 },
  { key: 'test_f1', kind: 'f1', offset: -0.025 },
  { key: 'test_roc_auc', kind: 'roc_auc', offset: 0.05 },
];
const EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);

function hex(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** mulberry32: a tiny seeded generator, so every N gives the same runs on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const runIdOf = (index: number): string => hex(`rungraph-bench-run:${index}`);
export const datasets = DATASETS;

/** The `index`-th run (0-based). Pure: the same index always gives the same run. */
export function syntheticRun(index: number): SyntheticRun {
  const rand = random(index * 2654435761 + 7);
  const pick = <T>(values: T[]): T => values[Math.floor(rand() * values.length)];
  const sweep = Math.floor(index / 10);
  // A sweep shares algorithm, library version and dataset; its runs vary hyperparameters and seed.
  const sweepRand = random(sweep * 40503 + 11);
  const algorithm = ALGORITHMS[Math.floor(sweepRand() * ALGORITHMS.length)];
  const version = algorithm.versions[Math.floor(sweepRand() * algorithm.versions.length)];
  const dataset = DATASETS[Math.floor(sweepRand() * DATASETS.length)];
  const experimentIndex = DATASETS.indexOf(dataset);

  const params: Record<string, string> = {};
  for (const [name, values] of Object.entries(algorithm.grid)) params[name] = pick(values);
  const seed = pick(SEEDS);
  params[algorithm.seedParam] = String(seed);
  for (const [name, values] of Object.entries(PIPELINE)) {
    if (Object.keys(params).length >= PARAMS_PER_RUN) break;
    params[name] = pick(values);
  }

  // Final accuracy depends on the algorithm, a hyperparameter (so effect curves show a trend) and seed noise.
  const gridValues = Object.values(algorithm.grid)[0];
  const effect = (gridValues.indexOf(params[Object.keys(algorithm.grid)[0]]) / gridValues.length) * 0.04;
  const target = Math.min(0.99, algorithm.quality + effect + DATASETS.indexOf(dataset) * -0.01 + (rand() - 0.5) * 0.02);
  const startMs = EPOCH + index * 90_000;
  const metrics: Record<string, MetricPoint[]> = {};
  for (const m of METRICS) {
    const points: MetricPoint[] = [];
    for (let step = 0; step < STEPS_PER_METRIC; step++) {
      const progress = 1 - Math.exp(-(step + 1) / 20);
      const noise = (rand() - 0.5) * 0.01;
      let value: number;
      if (m.kind === 'log_loss' || m.kind === 'loss') value = 0.7 - progress * (0.7 - (1 - target) * 1.5) + m.offset * progress + noise;
      else value = 0.5 + progress * (target + m.offset - 0.5) + noise;
      points.push({ step, timestamp: startMs + 1000 + step * 500, value: Number(value.toFixed(6)) });
    }
    metrics[m.key] = points;
  }

  const runId = runIdOf(index);
  const name = `${algorithm.implementation.split('.').pop()!.toLowerCase()}-${sweep}-${index % 10}`;
  const user = USERS[sweep % USERS.length];
  const tags: Record<string, string> = {
    'mlflow.user': user,
    'mlflow.runName': name,
    'mlflow.source.type': 'LOCAL',
    'mlflow.source.name': 'train.py',
    'mlflow.source.git.commit': hex(`commit:${Math.floor(sweep / 5)}`) + hex('x').slice(0, 8),
    'mlflow.autologging': algorithm.library === 'lightgbm' ? 'lightgbm' : 'sklearn',
    estimator_name: algorithm.implementation.split('.').pop()!,
    estimator_class: algorithm.implementation,
  };
  const run: SyntheticRun = {
    index,
    runId,
    experiment: { id: String(100000000000000000 + experimentIndex * 7919), name: `bench-${dataset.name}` },
    name,
    user,
    startMs,
    endMs: startMs + 60_000,
    implementation: algorithm.implementation,
    libraries: { [algorithm.library]: version, numpy: '1.26.4', scipy: '1.13.1' },
    params,
    metrics,
    tags,
    dataset,
  };
  if (index % 10 !== 0) {
    run.parentRunId = runIdOf(index - (index % 10));
    tags['mlflow.parentRunId'] = run.parentRunId;
  }
  return run;
}
