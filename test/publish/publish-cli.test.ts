import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rungraph } from '../support/rungraph-cli.js';

describe('rungraph publish (command)', function () {
  this.timeout(120_000);
  let dir: string;
  let archive: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-publish-cli-'));
    archive = path.join(dir, 'archive');
    assert.equal(rungraph(['--archive', archive, 'demo']).status, 0);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes an RO-Crate and its index.html for an experiment, under the given base', () => {
    const out = path.join(dir, 'crate');
    const { status, stdout, stderr } = rungraph(['--archive', archive, 'publish', '--select', 'experiment:credit-g demo', '--format', 'ro-crate', '--out', out, '--base', 'https://example.org/demo/']);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /published 10 run\(s\)/);
    assert.deepEqual(fs.readdirSync(out).sort(), ['index.html', 'ro-crate-metadata.json']);
    const crate = JSON.parse(fs.readFileSync(path.join(out, 'ro-crate-metadata.json'), 'utf8')) as { '@graph': { '@type': string }[] };
    assert.equal(crate['@graph'].filter((e) => e['@type'] === 'CreateAction').length, 10);
    assert.ok(!fs.readFileSync(path.join(out, 'ro-crate-metadata.json'), 'utf8').includes('https://w3id.org/rungraph/id/'));
  });

  it('lists with --dry-run what it would withhold (the demo user) and writes nothing', () => {
    const { status, stdout } = rungraph(['--archive', archive, 'publish', '--select', 'runs:demo-rf-0', '--dry-run']);
    assert.equal(status, 0);
    assert.match(stdout, /1 run\(s\) selected; 1 item\(s\) would be withheld/);
    assert.match(stdout, /withheld node: user-name \(agent\)/);
    const rules = path.join(dir, 'rules.yaml');
    fs.writeFileSync(rules, 'allow:\n  - category: user-name\n    reason: demo data, no real person\n');
    const allowed = rungraph(['--archive', archive, 'publish', '--select', 'runs:demo-rf-0', '--dry-run', '--rules', rules]);
    assert.match(allowed.stdout, /0 item\(s\) would be withheld/);
    assert.match(allowed.stdout, /allowed \(demo data, no real person\)/);
  });

  it('prints QuickStatements and reports bad selections and options as usage errors', () => {
    const qs = rungraph(['--archive', archive, 'publish', '--select', 'experiment:credit-demo', '--quickstatements', '--reference-url', 'https://example.org/demo/']);
    assert.equal(qs.status, 0, qs.stderr);
    assert.deepEqual(qs.stdout.trim().split('\n'), [`Q1026367\tP2283\tQ245748\tS854\t"https://example.org/demo/"\tS813\t+${new Date().toISOString().slice(0, 10)}T00:00:00Z/11`]);
    assert.equal(rungraph(['--archive', archive, 'publish', '--select', 'credit', '--out', dir]).status, 2);
    assert.equal(rungraph(['--archive', archive, 'publish', '--select', 'runs:demo-rf-0', '--format', 'rdfxml', '--out', dir]).status, 2);
    const byQuery = rungraph(['--archive', archive, 'publish', '--select', 'query:list-runs', '--param', 'tracker=json', '--dry-run', '--json']);
    assert.equal(byQuery.status, 0, byQuery.stderr);
    assert.equal((JSON.parse(byQuery.stdout) as { runs: string[] }).runs.length, 10);
    assert.equal(rungraph(['--archive', archive, 'publish', '--select', 'runs:demo-rf-0', '--param', 'tracker=json', '--dry-run']).status, 2);
    const missing = rungraph(['--archive', archive, 'publish', '--select', 'experiment:nope', '--out', dir]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no runs in an experiment named or numbered "nope"/);
  });
});
