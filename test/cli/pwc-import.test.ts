/**
 * `rungraph import --tracker pwc FILE` through the real command line: reported results land beside
 * the test runs, find-published-results shows both, and list-runs, count-runs-by-tracker and compare
 * see exactly what they saw before the publications arrived.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/shared.js';
import { rungraph as cli } from '../support/rungraph-cli.js';

const data = path.join(repoRoot, 'test', 'queries', 'data');

interface SparqlJson { results: { bindings: Record<string, { value: string }>[] } }
const column = (stdout: string, name: string): string[] => (JSON.parse(stdout) as SparqlJson).results.bindings.map((b) => b[name]?.value).sort();

describe('rungraph import --tracker pwc', function () {
  this.timeout(120_000);
  let dir: string;
  const rungraph = (...args: string[]) => cli(['--mappings', path.join(data, 'mappings'), '--archive', path.join(dir, 'archive'), ...args]);
  // What the run-only commands print before any publication is imported.
  let before = { runs: '', trackers: '', compare: '' };

  const snapshot = () => ({
    runs: rungraph('query', 'list-runs', '--format', 'json').stdout,
    trackers: rungraph('query', 'count-runs-by-tracker', '--format', 'csv').stdout,
    compare: rungraph('compare', '--dataset', 'credit-g', '--measure', 'rgm:Accuracy', '--format', 'json').stdout,
  });

  // One spawn per command: the machine is shared, so the archive is built once for every check.
  it('imports the runs, then the evaluation tables as four reported results with one warning', function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-pwc-cli-'));
    const runs = rungraph('import', '--tracker', 'json', path.join(data, 'runs.jsonl'));
    assert.equal(runs.status, 0, runs.stderr);
    before = snapshot();
    assert.deepEqual(column(before.runs, 'id'), ['lgb-0', 'lgb-1', 'lr-fail', 'rf-0', 'rf-1', 'rf-child']);

    const imported = rungraph('import', '--tracker', 'pwc', path.join(data, 'published-results.json'));
    // An "n/a" value is kept as text, its row still imported: exit 4, imported with issues.
    assert.equal(imported.status, 4, imported.stderr);
    assert.match(imported.stdout, /\(pwc\): imported 4, skipped 0/);
    const stats = JSON.parse(rungraph('stats', '--json').stdout) as { runs: number; reported: number; byTracker: Record<string, number> };
    assert.deepEqual([stats.runs, stats.reported, stats.byTracker], [6, 4, { json: 4, mlflow: 2 }]);
    assert.match(imported.stderr, /warning: .*published-results\.json run [0-9a-f]{16}: task "Tabular Classification", dataset "credit-g", row 1 \(Boosted trees\): metrics\."AUC" "n\/a" is not a number; kept as text/);
  });

  it('leaves list-runs, count-runs-by-tracker and compare as they were', function () {
    assert.deepEqual(snapshot(), before);
  });

  it('answers find-published-results with the publications and the archive’s runs', function () {
    const r = rungraph('query', 'find-published-results', '--param', 'dataset=credit-g', '--param', 'measure=rgm:Accuracy', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(column(r.stdout, 'model'), ['Boosted trees', 'TabNet', 'TabPFN', 'gradient boosting', 'random forest', 'random forest']);
    assert.deepEqual(column(r.stdout, 'reportedText').filter(Boolean), ['0.742', '76.5%', '78.1% (±0.4)']);
  });

  it('detects the tables without --tracker, and a second import writes nothing', function () {
    const again = rungraph('import', path.join(data, 'published-results.json'));
    assert.equal(again.status, 4, again.stderr);
    assert.match(again.stdout, /\(pwc\): imported 0, skipped 0 with issues \(added 0, updated 0, unchanged 4, removed 0/);
  });

  it('keeps reported results through remap, still apart from runs', function () {
    const remapped = rungraph('remap', '--force');
    assert.equal(remapped.status, 0, remapped.stderr);
    assert.equal(rungraph('query', 'list-runs', '--format', 'json').stdout, before.runs);
    const r = rungraph('query', 'find-published-results', '--param', 'dataset=credit-g', '--param', 'measure=rgm:RocAuc', '--format', 'json');
    assert.deepEqual(column(r.stdout, 'reportedText'), ['0.79', 'n/a']);
  });

  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
});
