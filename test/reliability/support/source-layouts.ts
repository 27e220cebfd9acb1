/**
 * The smallest valid source of each registered importer, written into a folder, with the files an
 * attacker could control listed as targets for the hostile-input and fuzz tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importers } from '../../../src/importers/registry.js';
import type { Importer } from '../../../src/importers/importer.js';
import { event, frame, writeEvents } from '../../importers/tensorboard/tfevents-writer.js';
import { exitRecord, historyRecord, runRecord, wandbLog } from '../../importers/wandb/wandb-log-writer.js';

export type TargetKind = 'json' | 'yaml' | 'xml' | 'text' | 'metric-lines' | 'binary';

export interface Target {
  /** Relative to the source root. */
  file: string;
  kind: TargetKind;
}

export interface SourceLayout {
  importer: string;
  /** Writes a valid source into `root`; returns what to pass to `read`. */
  write(root: string): string;
  targets: Target[];
}

const put = (root: string, rel: string, content: string | Buffer): void => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
};

const RUN_ID = '0123456789abcdef0123456789abcdef';

export const layouts: SourceLayout[] = [
  {
    importer: 'json',
    write(root) {
      put(root, 'runs.jsonl', `${JSON.stringify({ source: { tracker: 'json', location: 'runs.jsonl', runId: 'r1' }, params: { lr: 0.1 }, metrics: { loss: [0.5, 0.4] } })}\n`);
      return path.join(root, 'runs.jsonl');
    },
    targets: [{ file: 'runs.jsonl', kind: 'json' }],
  },
  {
    importer: 'pwc',
    write(root) {
      const row = { model_name: 'NetA', paper_title: 'A paper', paper_url: 'https://arxiv.org/abs/2101.00001', paper_date: '2021-01-05', metrics: { 'Top 1 Accuracy': '88.5%' } };
      put(root, 'evaluation-tables.json', JSON.stringify([{ task: 'Image Classification', datasets: [{ dataset: 'ImageNet', sota: { rows: [row] } }], subtasks: [] }]));
      return path.join(root, 'evaluation-tables.json');
    },
    targets: [{ file: 'evaluation-tables.json', kind: 'json' }],
  },
  {
    importer: 'mlflow',
    write(root) {
      put(root, 'mlruns/1/meta.yaml', "artifact_location: file:///nowhere/mlruns/1\nexperiment_id: '1'\nlifecycle_stage: active\nname: exp\n");
      put(root, `mlruns/1/${RUN_ID}/meta.yaml`, `artifact_uri: file:///nowhere/mlruns/1/${RUN_ID}/artifacts\nend_time: 1700000005000\nexperiment_id: '1'\nlifecycle_stage: active\nrun_id: ${RUN_ID}\nrun_name: r\nrun_uuid: ${RUN_ID}\nstart_time: 1700000000000\nstatus: 3\nuser_id: alice\n`);
      put(root, `mlruns/1/${RUN_ID}/params/lr`, '0.1');
      put(root, `mlruns/1/${RUN_ID}/metrics/loss`, '1700000000000 0.5 0\n1700000001000 0.4 1\n');
      put(root, `mlruns/1/${RUN_ID}/tags/mlflow.runName`, 'r');
      return path.join(root, 'mlruns');
    },
    targets: [
      { file: `mlruns/1/${RUN_ID}/meta.yaml`, kind: 'yaml' },
      { file: `mlruns/1/${RUN_ID}/metrics/loss`, kind: 'metric-lines' },
      { file: `mlruns/1/${RUN_ID}/params/lr`, kind: 'text' },
      { file: 'mlruns/1/meta.yaml', kind: 'yaml' },
    ],
  },
  {
    importer: 'sacred',
    write(root) {
      put(root, 'runs/1/run.json', JSON.stringify({ experiment: { name: 'exp', dependencies: ['numpy==1.26.3'] }, status: 'COMPLETED', start_time: '2024-03-01T10:00:00.5', stop_time: '2024-03-01T10:00:06', heartbeat: '2024-03-01T10:00:05', host: {}, meta: {}, result: null }));
      put(root, 'runs/1/config.json', JSON.stringify({ lr: 0.1, seed: 1 }));
      put(root, 'runs/1/metrics.json', JSON.stringify({ loss: { steps: [0, 1], timestamps: ['2024-03-01T10:00:01', '2024-03-01T10:00:02'], values: [0.5, 0.4] } }));
      return path.join(root, 'runs');
    },
    targets: [
      { file: 'runs/1/run.json', kind: 'json' },
      { file: 'runs/1/config.json', kind: 'json' },
      { file: 'runs/1/metrics.json', kind: 'json' },
    ],
  },
  {
    importer: 'openml',
    write(root) {
      put(root, 'openml/run-7.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<oml:run xmlns:oml="http://openml.org/openml"><oml:run_id>7</oml:run_id><oml:task_id>59</oml:task_id><oml:flow_id>500</oml:flow_id><oml:flow_name>sklearn.ensemble.RandomForestClassifier(3)</oml:flow_name>\n<oml:parameter_setting><oml:name>n_estimators</oml:name><oml:value>100</oml:value></oml:parameter_setting>\n<oml:output_data><oml:evaluation><oml:name>predictive_accuracy</oml:name><oml:value>0.95</oml:value></oml:evaluation></oml:output_data></oml:run>\n`);
      // The file itself: in a folder, XML that does not claim to be OpenML is skipped on purpose.
      return path.join(root, 'openml', 'run-7.xml');
    },
    targets: [{ file: 'openml/run-7.xml', kind: 'xml' }],
  },
  {
    importer: 'dvc',
    write(root) {
      put(root, 'project/.dvc/config', '');
      put(root, 'project/dvc.yaml', 'stages:\n  train:\n    cmd: python train.py\n    params: [lr]\n    metrics:\n      - metrics.json:\n          cache: false\n');
      put(root, 'project/params.yaml', 'lr: 0.1\n');
      put(root, 'project/metrics.json', '{"acc": 0.9}');
      put(root, 'project/dvclive/plots/metrics/loss.tsv', 'step\tloss\n0\t0.5\n1\t0.3\n');
      return path.join(root, 'project');
    },
    targets: [
      { file: 'project/dvc.yaml', kind: 'yaml' },
      { file: 'project/params.yaml', kind: 'yaml' },
      { file: 'project/metrics.json', kind: 'json' },
      { file: 'project/dvclive/plots/metrics/loss.tsv', kind: 'metric-lines' },
    ],
  },
  {
    importer: 'guild',
    write(root) {
      const run = `home/runs/${RUN_ID}/.guild`;
      put(root, `${run}/opref`, 'guildfile:/proj 7253deea mnist train\n');
      put(root, `${run}/attrs/flags`, 'lr: 0.01\nepochs: 10\n');
      put(root, `${run}/attrs/started`, '1662041973883753\n');
      put(root, `${run}/attrs/stopped`, '1662041974186402\n');
      put(root, `${run}/attrs/exit_status`, '0');
      return path.join(root, 'home');
    },
    targets: [
      { file: `home/runs/${RUN_ID}/.guild/attrs/flags`, kind: 'yaml' },
      { file: `home/runs/${RUN_ID}/.guild/opref`, kind: 'text' },
      { file: `home/runs/${RUN_ID}/.guild/attrs/started`, kind: 'text' },
    ],
  },
  {
    importer: 'wandb',
    write(root) {
      const run = 'wandb/run-20240101_120000-abc123';
      put(root, `${run}/run-abc123.wandb`, wandbLog([runRecord({ id: 'abc123', project: 'p', startSeconds: 1700000000 }), historyRecord([['loss', '0.5'], ['_step', '0']]), exitRecord(0, 60)]));
      put(root, `${run}/files/config.yaml`, 'lr:\n  value: 0.1\n');
      put(root, `${run}/files/wandb-summary.json`, '{"loss": 0.5, "best_loss": 0.4}');
      return path.join(root, 'wandb');
    },
    targets: [
      { file: 'wandb/run-20240101_120000-abc123/run-abc123.wandb', kind: 'binary' },
      { file: 'wandb/run-20240101_120000-abc123/files/config.yaml', kind: 'yaml' },
      { file: 'wandb/run-20240101_120000-abc123/files/wandb-summary.json', kind: 'json' },
    ],
  },
  {
    importer: 'tensorboard',
    write(root) {
      fs.mkdirSync(path.join(root, 'logs', 'a'), { recursive: true });
      writeEvents(path.join(root, 'logs', 'a', 'events.out.tfevents.1.host'), [
        frame(event({ wallTime: 1700000000, fileVersion: 'brain.Event:2' })),
        frame(event({ wallTime: 1700000001, step: 1, values: [{ tag: 'loss', simple: 0.5 }] })),
      ]);
      return path.join(root, 'logs');
    },
    targets: [{ file: 'logs/a/events.out.tfevents.1.host', kind: 'binary' }],
  },
];

/** The registered importer a layout is for; layouts of importers not registered (yet) are left out. */
export function registeredLayouts(): { layout: SourceLayout; importer: Importer }[] {
  return layouts.flatMap((layout) => {
    const importer = importers.find((i) => i.id === layout.importer);
    return importer ? [{ layout, importer }] : [];
  });
}
