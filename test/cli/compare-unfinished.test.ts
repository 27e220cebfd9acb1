/**
 * `rungraph compare` and `rungraph demo` on the shipped demo runs, one of which failed: every output
 * format leaves the failed run out of the statistics and says so. Expectations come from the JSON Lines file.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/shared.js';

const main = path.join(repoRoot, 'src', 'cli', 'main.ts');
const tsx = import.meta.resolve('tsx');
const demoFile = path.join(repoRoot, 'examples', 'demo-runs.jsonl');

interface DemoRun { source: { runId: string }; status: string; implementation: string; metrics: Record<string, { value: number }[] | { value: number }> }
const demo = fs.readFileSync(demoFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as DemoRun);
const lightgbm = demo.filter((r) => r.implementation === 'lightgbm.LGBMClassifier');
const failed = lightgbm.filter((r) => r.status !== 'finished');
const finished = lightgbm.filter((r) => r.status === 'finished');
const accuracy = (r: DemoRun) => {
  const m = r.metrics.acc_test;
  return Array.isArray(m) ? m.at(-1)!.value : m.value;
};
const mean = finished.reduce((s, r) => s + accuracy(r), 0) / finished.length;

describe('compare on the demo runs with a failed run', function () {
  this.timeout(60_000);
  let dir: string;
  const rungraph = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', tsx, main, '--archive', path.join(dir, 'archive'), ...args], { encoding: 'utf8', cwd: os.tmpdir() });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  before(function () {
    assert.equal(failed.length, 1, 'the demo has one LightGBM run that did not finish');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-compare-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('demo counts only finished runs per algorithm', function () {
    const r = rungraph('demo');
    assert.equal(r.status, 0, r.stderr);
    const line = r.stdout.split('\n').find((l) => /boosting/i.test(l));
    assert.ok(line, r.stdout);
    // Columns: algorithm, label, runs, libraries, best, mean.
    assert.match(line, new RegExp(`\\s${finished.length}\\s+lightgbm\\s`));
  });

  it('JSON gives n and mean of the finished runs and lists the failed one', function () {
    const r = rungraph('compare', '--dataset', 'credit-g', '--split', 'cr:TestSplit', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const c = JSON.parse(r.stdout) as { groups: { label: string; n: number; mean: number; leftOut: { id: string; status: string }[] }[] };
    const group = c.groups.find((g) => g.label === 'lightgbm.LGBMClassifier')!;
    assert.equal(group.n, finished.length);
    assert.ok(Math.abs(group.mean - mean) < 1e-12);
    assert.deepEqual(group.leftOut, failed.map((f) => ({ id: f.source.runId, status: f.status })));
  });

  for (const format of ['table', 'csv', 'tsv', 'md']) {
    it(`${format} shows n of the finished runs and the failed run left out`, function () {
      const r = rungraph('compare', '--dataset', 'credit-g', '--split', 'cr:TestSplit', '--format', format);
      assert.equal(r.status, 0, r.stderr);
      const line = r.stdout.split('\n').find((l) => l.includes('lightgbm.LGBMClassifier'));
      assert.ok(line, r.stdout);
      assert.ok(line.includes(`1 ${failed[0].status}: ${failed[0].source.runId}`), line);
      assert.match(line, new RegExp(`(^|[\\s,|\\t])${finished.length}([\\s,|\\t])`));
      assert.match(r.stdout.split('\n')[0], /leftOut/);
    });
  }
});
