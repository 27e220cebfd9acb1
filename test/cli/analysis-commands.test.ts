/** reuse, compare, diff and lineage through the real command line, on the catalogue's test runs. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/shared.js';

const main = path.join(repoRoot, 'src', 'cli', 'main.ts');
const tsx = import.meta.resolve('tsx');
const data = path.join(repoRoot, 'test', 'queries', 'data');

describe('the analysis commands', function () {
  this.timeout(60_000);
  let dir: string;
  const rungraph = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', tsx, main, '--mappings', path.join(data, 'mappings'), '--archive', path.join(dir, 'archive'), ...args], { encoding: 'utf8', cwd: os.tmpdir() });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-analysis-'));
    const imported = rungraph('import', path.join(data, 'runs.jsonl'));
    assert.equal(imported.status, 0, imported.stderr);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reuse exits 0 and names the equivalent run when one exists', function () {
    const plan = path.join(dir, 'plan.yaml');
    fs.writeFileSync(plan, 'implementation: forestkit.Forest\nhyperparameters:\n  n_estimators: 300\n  max_depth: 12\n  random_state: 0\ndataset: credit-g\n');
    const r = rungraph('reuse', plan, '--format', 'csv');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^equivalent,rf-0,forestkit\.Forest,native,/m);
    assert.match(r.stdout, /^near: seed,rf-1,/m);
  });

  it('reuse exits 3 when no equivalent run exists, and still lists near ones as JSON', function () {
    const plan = path.join(dir, 'plan.json');
    fs.writeFileSync(plan, JSON.stringify({ implementation: 'forestkit.Forest', hyperparameters: { n_estimators: 300, max_depth: 12, random_state: 7 }, dataset: { name: 'credit-g' } }));
    const r = rungraph('reuse', plan, '--format', 'json');
    assert.equal(r.status, 3, r.stderr);
    const report = JSON.parse(r.stdout) as { equivalent: unknown[]; near: { id: string; kind: string }[] };
    assert.deepEqual(report.equivalent, []);
    assert.deepEqual(report.near.map((m) => `${m.id} ${m.kind}`), ['rf-0 seed', 'rf-1 seed']);
  });

  it('reuse reports a malformed plan with the file and field, exit 1', function () {
    const plan = path.join(dir, 'bad.yaml');
    fs.writeFileSync(plan, 'hyperparameters: {}\n');
    const r = rungraph('reuse', plan);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad\.yaml: dataset/);
  });

  it('compare prints groups and a Welch test as JSON', function () {
    const r = rungraph('compare', '--dataset', 'credit-g', '--split', 'cr:TestSplit', '--by', 'algorithm', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const c = JSON.parse(r.stdout) as { groups: { label: string; n: number }[] };
    assert.deepEqual(c.groups.map((g) => `${g.label} ${g.n}`).sort(), ['GradientBoosting 1', 'GradientBoosting 1', 'RandomForest 2']);
  });

  it('diff takes tracker ids and prints what changed as TSV', function () {
    const r = rungraph('diff', 'rf-0', 'rf-child', '--format', 'tsv');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 5);
    assert.ok(lines.some((l) => /^dataset\ttrain\t.*\td1\td2\t/.test(l)));
  });

  it('lineage follows a model back through its parent run', function () {
    const r = rungraph('lineage', 'https://w3id.org/rungraph/id/run/json/rf-child/model/m-child', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const rows = (JSON.parse(r.stdout) as { results: { bindings: Record<string, { value: string }>[] } }).results.bindings;
    assert.deepEqual(rows.filter((b) => b.relation.value === 'dataset').map((b) => b.detail.value).sort(), ['d1', 'd2']);
  });
});
