/**
 * A JSON Lines source of many small, valid run records, for the fault tests that need an import long
 * enough to interrupt. Deterministic: the same count gives the same file.
 */
import * as fs from 'node:fs';

export function writeRunsJsonl(file: string, count: number): void {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify({
        source: { tracker: 'json', location: 'runs.jsonl', runId: `run-${i}` },
        experiment: { name: `experiment-${i % 7}` },
        name: `run ${i} "quoted"`,
        status: 'finished',
        startTime: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        implementation: 'sklearn.ensemble.RandomForestClassifier',
        params: { n_estimators: 100 + (i % 5), max_depth: i % 13, random_state: i },
        metrics: { test_accuracy: (i % 100) / 100, val_loss: [0.9, 0.7, 0.5 + (i % 10) / 100] },
        environment: { libraries: { 'scikit-learn': '1.5.2' } },
      }),
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}
