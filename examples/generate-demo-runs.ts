/**
 * Writes examples/demo-runs.jsonl: the runs `rungraph demo` imports. Two libraries train on the same
 * dataset (credit-g): a scikit-learn random forest and a LightGBM model, five seeds each, with
 * the names each library really uses (n_estimators vs num_iterations, accuracy vs acc).
 * Deterministic (seeded), so the file only changes when this script does.
 *
 *   npx tsx examples/generate-demo-runs.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: a tiny seeded PRNG so the demo data is reproducible. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dataset = { name: 'credit-g', digest: 'a3c5f3e1', source: 'https://www.openml.org/d/31', context: 'train' };
const start = Date.UTC(2026, 9, 5, 9, 0, 0);
const environment = (lib: string, version: string) => ({ language: { name: 'python', version: '3.11.9' }, libraries: { [lib]: version, numpy: '1.26.4' } });
const runs: object[] = [];

for (const seed of [0, 1, 2, 3, 4]) {
  const random = prng(100 + seed);
  const t0 = start + seed * 600_000;
  runs.push({
    source: { tracker: 'json', location: 'examples/demo-runs.jsonl', runId: `demo-rf-${seed}` },
    experiment: { id: 'credit-demo', name: 'credit-g demo' },
    name: `random-forest-seed-${seed}`,
    status: 'finished',
    startTime: new Date(t0).toISOString(),
    endTime: new Date(t0 + 42_000 + Math.round(random() * 5000)).toISOString(),
    user: 'demo',
    implementation: 'sklearn.ensemble.RandomForestClassifier',
    params: {
      n_estimators: 300,
      max_depth: 12,
      random_state: seed,
    },
    metrics: {
      test_accuracy: [{ step: 0, timestamp: t0 + 40_000, value: round(0.752 + (random() - 0.5) * 0.012) }],
      test_f1_score: [{ step: 0, timestamp: t0 + 40_000, value: round(0.838 + (random() - 0.5) * 0.01) }],
    },
    tags: { team: 'credit-risk' },
    datasets: [dataset],
    code: { repository: 'https://example.org/credit-models.git', commit: '4f2c9e1', entryPoint: 'train_rf.py' },
    environment: environment('scikit-learn', '1.5.2'),
  });
}

for (const seed of [0, 1, 2, 3, 4]) {
  const random = prng(200 + seed);
  const t0 = start + 3_600_000 + seed * 600_000;
  const rounds = 10;
  // A validation-loss curve per boosting round, as LightGBM's callbacks log it.
  const logloss = Array.from({ length: rounds }, (_, i) => ({
    step: (i + 1) * 30,
    timestamp: t0 + (i + 1) * 2_000,
    value: round(0.62 - 0.11 * Math.log1p(i) + (random() - 0.5) * 0.01),
  }));
  runs.push({
    source: { tracker: 'json', location: 'examples/demo-runs.jsonl', runId: `demo-lgbm-${seed}` },
    experiment: { id: 'credit-demo', name: 'credit-g demo' },
    name: `lightgbm-seed-${seed}`,
    status: seed === 4 ? 'failed' : 'finished',
    startTime: new Date(t0).toISOString(),
    endTime: new Date(t0 + 21_000 + Math.round(random() * 3000)).toISOString(),
    user: 'demo',
    implementation: 'lightgbm.LGBMClassifier',
    params: {
      num_iterations: 300,
      learning_rate: 0.05,
      num_leaves: 31,
      seed,
    },
    metrics: {
      acc_test: [{ step: 300, timestamp: t0 + 20_000, value: round(0.761 + (random() - 0.5) * 0.012) }],
      valid_binary_logloss: logloss,
    },
    tags: { team: 'credit-risk' },
    datasets: [dataset],
    code: { repository: 'https://example.org/credit-models.git', commit: '4f2c9e1', entryPoint: 'train_lgbm.py' },
    environment: environment('lightgbm', '4.5.0'),
  });
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'demo-runs.jsonl');
fs.writeFileSync(out, runs.map((r) => JSON.stringify(r)).join('\n') + '\n');
process.stdout.write(`wrote ${runs.length} runs to ${out}\n`);
