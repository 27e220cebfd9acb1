import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dvcImporter } from '../../../src/importers/dvc/dvc-importer.js';
import { detectImporter } from '../../../src/importers/registry.js';
import { drain } from '../../support/drain-importer.js';

const DVC_YAML = `stages:
  train:
    cmd: python src/train.py
    deps: [data/train.csv, src/train.py, data/features]
    params: [lr, nested.a]
    outs: [models/model.pkl, data/features-out]
    metrics:
      - metrics.json:
          cache: false
  featurize:
    cmd: python src/featurize.py
    deps: [data/raw.csv]
    outs: [data/features]
`;

const DVC_LOCK = `schema: '2.0'
stages:
  featurize:
    cmd: python src/featurize.py
    deps:
    - path: data/raw.csv
      hash: md5
      md5: 11111111111111111111111111111111
      size: 10
    outs:
    - path: data/features
      md5: 22222222222222222222222222222222.dir
      size: 20
      nfiles: 2
  train:
    cmd: python src/train.py
    deps:
    - path: data/train.csv
      md5: 33333333333333333333333333333333
      size: 30
    - path: src/train.py
      md5: 44444444444444444444444444444444
      size: 40
    - path: data/features
      md5: 22222222222222222222222222222222.dir
    outs:
    - path: models/model.pkl
      hash: md5
      md5: 55555555555555555555555555555555
      size: 50
    - path: data/features-out
      md5: 66666666666666666666666666666666
      size: 60
`;

describe('dvc importer: projects and git experiments', () => {
  let dir: string;
  const write = (rel: string, content: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' }).trim();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-dvc-'));
    write('.dvc/config', '');
    write('dvc.yaml', DVC_YAML);
    write('dvc.lock', DVC_LOCK);
    write('params.yaml', 'lr: 0.1\nnested:\n  a: 1.0\n  b: [1, 2]\n');
    write('params.toml', '[opt]\nname = "adam"\n');
    write('metrics.json', '{"acc": 0.9, "eval": {"f1": NaN}}');
    write('dvclive/metrics.json', '{"train": {"loss": 0.2}, "step": 2}');
    write('dvclive/plots/metrics/train/loss.tsv', 'step\tloss\n0\t0.5\n1\t0.3\n2\t0.2\n');
    write('src/train.py', 'print(1)\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('detects a project root and says why it declines other folders and files', async () => {
    assert.deepEqual(await dvcImporter.detect(dir), { ok: true });
    assert.equal((await detectImporter(dir)).id, 'dvc');
    const sub = await dvcImporter.detect(path.join(dir, 'src'));
    assert.deepEqual(sub, { ok: false, reason: 'no .dvc/, dvc.yaml or dvc.lock: not a DVC project root' });
    assert.match((await dvcImporter.detect(path.join(dir, 'metrics.json')) as { reason: string }).reason, /not `dvc exp show --json` output/);
  });

  it('reads the working tree: params from every file, metrics, DVCLive series, lock deps and outs', async () => {
    const { runs, issues } = await drain(dvcImporter, dir);
    assert.deepEqual(issues, []);
    assert.equal(runs.length, 1);
    const [run] = runs;
    assert.equal(run.source.runId, `workspace:${path.basename(dir)}`);
    assert.deepEqual(run.params.lr, { type: 'float', value: 0.1, raw: '0.1' });
    assert.deepEqual(run.params['nested.a'], { type: 'float', value: 1, raw: '1.0' });
    assert.deepEqual(run.params['nested.b'].value, [1, 2]);
    assert.deepEqual(run.params['opt.name'], { type: 'string', value: 'adam', raw: 'adam' });
    assert.deepEqual(run.metrics.acc, [{ step: 0, value: 0.9 }]);
    assert.ok(Number.isNaN(run.metrics['eval.f1'][0].value));
    assert.deepEqual(run.metrics['train.loss'], [{ step: 0, value: 0.5 }, { step: 1, value: 0.3 }, { step: 2, value: 0.2 }]);
    // Raw inputs only: code files and the output of featurize are not datasets.
    assert.deepEqual(run.datasets, [
      { name: 'data/raw.csv', digest: '11111111111111111111111111111111', source: 'data/raw.csv', context: 'featurize' },
      { name: 'data/train.csv', digest: '33333333333333333333333333333333', source: 'data/train.csv', context: 'train' },
    ]);
    assert.deepEqual(run.models, [{ name: 'models/model.pkl', uri: 'models/model.pkl', digest: '55555555555555555555555555555555', registry: [] }]);
    assert.deepEqual(run.artifacts, [{ path: 'data/features', size: 20 }, { path: 'data/features-out', size: 60 }]);
  });

  it('reads experiments from refs/exps with their baseline, and skips queue refs', async () => {
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'baseline');
    const base = git('rev-parse', 'HEAD');
    git('checkout', '-q', '-b', 'tmp-exp');
    write('params.yaml', 'lr: 0.2\nnested:\n  a: 2.0\n  b: [1, 2]\n');
    write('metrics.json', '{"acc": 0.95}');
    git('commit', '-q', '-am', `dvc: commit experiment ${'a'.repeat(64)}`);
    const exp = git('rev-parse', 'HEAD');
    git('checkout', '-q', 'main');
    git('branch', '-q', '-D', 'tmp-exp');
    git('update-ref', `refs/exps/${base.slice(0, 2)}/${base.slice(2)}/messy-tire`, exp);
    git('update-ref', 'refs/exps/celery/stash', exp);

    const { runs, issues } = await drain(dvcImporter, dir);
    assert.deepEqual(runs.map((r) => [r.source.runId, r.tags['dvc.kind']]), [[`workspace:${base}`, 'workspace'], [base, 'baseline'], [exp, 'experiment']]);
    assert.deepEqual(issues.map((i) => [i.code, i.file]), [['skipped_ref', 'refs/exps/celery/stash']]);
    const [, baseline, experiment] = runs;
    assert.equal(baseline.name, 'main');
    assert.deepEqual(baseline.params.lr, { type: 'float', value: 0.1, raw: '0.1' });
    assert.equal(experiment.name, 'messy-tire');
    assert.equal(experiment.parentRunId, base);
    assert.deepEqual(experiment.experiment, { id: base, name: 'main' });
    assert.deepEqual(experiment.params.lr, { type: 'float', value: 0.2, raw: '0.2' });
    assert.deepEqual(experiment.metrics.acc, [{ step: 0, value: 0.95 }]);
    assert.equal(experiment.code?.commit, exp);
    assert.equal(experiment.tags['dvc.message'], undefined);
    assert.equal(experiment.endTime, new Date(Number(git('show', '-s', '--format=%ct', exp)) * 1000).toISOString());
    assert.equal(experiment.source.location, `.#${exp}`);
  });

  it('lists the working tree through git, so git-ignored data folders are not read', async () => {
    git('init', '-q', '-b', 'main');
    write('.gitignore', '/data\n');
    write('data/cache/plots/metrics/junk.tsv', 'step\tjunk\n0\t1\n');
    write('results/plots/metrics/val.tsv', 'step\tval\n0\t0.7\n');
    const [run] = (await drain(dvcImporter, dir)).runs;
    assert.equal(run.metrics.junk, undefined);
    assert.deepEqual(run.metrics.val, [{ step: 0, value: 0.7 }]);
    // No commit yet: the workspace is named after the folder.
    assert.equal(run.source.runId, `workspace:${path.basename(dir)}`);
  });

  it('warns about declared files it cannot read, and resolves YAML aliases', async () => {
    write('dvc.yaml', 'params: [params.py, extra.yaml]\nmetrics: [eval/metrics.json]\n');
    write('extra.yaml', 'base: &b {depth: 3}\nmodel: *b\n');
    const { runs, issues } = await drain(dvcImporter, dir);
    assert.deepEqual(issues.map((i) => [i.file, i.code]).sort(), [['eval/metrics.json', 'missing_file'], ['params.py', 'unsupported_format']]);
    assert.deepEqual(runs[0].params['model.depth'], { type: 'integer', value: 3, raw: '3' });
    assert.deepEqual(runs[0].params['base.depth'].value, 3);
  });

  it('reads nested dvc.yaml and dvc.lock files with paths relative to their folder', async () => {
    write('sub/dvc.yaml', 'metrics: [out/scores.yaml]\nparams: [../shared.toml]\n');
    write('sub/out/scores.yaml', 'rmse: 1.5\n');
    write('shared.toml', 'depth = 4\n');
    write('sub/dvc.lock', "schema: '2.0'\nstages:\n  fit:\n    deps:\n    - path: in.csv\n      md5: abc\n    outs:\n    - path: out/model.joblib\n      md5: def\n");
    const { runs, issues } = await drain(dvcImporter, dir);
    assert.deepEqual(issues, []);
    const [run] = runs;
    assert.deepEqual(run.metrics.rmse, [{ step: 0, value: 1.5 }]);
    assert.deepEqual(run.params.depth.value, 4);
    assert.ok(run.datasets.some((d) => d.name === 'sub/in.csv' && d.digest === 'abc'));
    assert.ok(run.models.some((m) => m.name === 'sub/out/model.joblib' && m.digest === 'def'));
  });

  it('reports bad files by name and keeps the rest of the run', async () => {
    write('params.yaml', 'lr: [1,\n');
    write('metrics.json', '{"acc": 0.9');
    write('dvclive/plots/metrics/train/loss.tsv', 'step\tloss\n0\t0.5\nx\ty\n2\t0.2\n');
    write('dvc.lock', "schema: '2.0'\nstages:\n  train:\n    deps: data/x.csv\n    outs:\n    - size: 3\n");
    const { runs, issues } = await drain(dvcImporter, dir);
    assert.equal(runs.length, 1);
    assert.deepEqual(issues.map((i) => [i.file, i.code]).sort(), [
      ['dvc.lock', 'invalid_type'],
      ['dvc.lock', 'invalid_type'],
      ['dvclive/plots/metrics/train/loss.tsv', 'bad_metric_line'],
      ['metrics.json', 'invalid_file'],
      ['params.yaml', 'invalid_file'],
    ]);
    assert.equal(issues.find((i) => i.code === 'bad_metric_line')?.line, 3);
    assert.deepEqual(runs[0].metrics['train.loss'].map((p) => p.step), [0, 2]);
    assert.deepEqual(runs[0].params['opt.name'].value, 'adam');
  });
});
