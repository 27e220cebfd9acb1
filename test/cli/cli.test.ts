import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { rungraph } from '../support/rungraph-cli.js';
import { repoRoot } from '../support/shared.js';

const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;


describe('the rungraph command', function () {
  // Each case starts real processes; on a loaded 2-core machine one start takes seconds.
  this.timeout(300_000);
  let dir: string;
  let archive: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-cli-'));
    archive = path.join(dir, 'archive');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the demo from any working directory and prints the cross-library comparison', () => {
    const { status, stdout } = rungraph(['--archive', archive, 'demo']);
    assert.equal(status, 0);
    assert.match(stdout, /10 example runs in .* \(10 new, 0 updated, 0 unchanged\)/);
    // Both algorithms, each from its own library, five runs each; one LightGBM run failed and is not counted.
    assert.match(stdout, /rga:RandomForest\s+random forest\s+5\s+scikit-learn/);
    assert.match(stdout, /rga:GradientBoosting\s+gradient boosting\s+4\s+lightgbm/);
  });

  it('takes the archive from RUNGRAPH_ARCHIVE and counts runs by tracker', () => {
    const { status, stdout } = rungraph(['stats', '--json'], { RUNGRAPH_ARCHIVE: archive });
    assert.equal(status, 0);
    const stats = JSON.parse(stdout) as { runs: number; byTracker: Record<string, number>; experiments: number };
    assert.deepEqual(stats.byTracker, { json: 10 });
    assert.equal(stats.experiments, 1);
  });

  it('re-importing the same runs replaces them instead of duplicating', () => {
    const before = rungraph(['--archive', archive, 'stats', '--json']).stdout;
    assert.equal(rungraph(['--archive', archive, 'demo']).status, 0);
    assert.equal(rungraph(['--archive', archive, 'stats', '--json']).stdout, before);
  });

  it('answers named queries in every format, with parameters bound as typed terms', () => {
    const csv = rungraph(['--archive', archive, 'query', 'list-runs', '--format', 'csv', '--param', 'tracker=json']);
    assert.equal(csv.status, 0);
    const lines = csv.stdout.trim().split('\n');
    assert.equal(lines[0], 'run,id,tracker,experimentName,name,status,started,implementation');
    assert.equal(lines.length, 11);
    const json = JSON.parse(rungraph(['--archive', archive, 'query', 'run-details', '-p', 'run=demo-rf-0', '-f', 'json']).stdout) as {
      head: { vars: string[] };
      results: { bindings: Record<string, { value: string; datatype?: string }>[] };
    };
    const estimators = json.results.bindings.find((b) => b.section.value === 'param' && b.key.value === 'n_estimators');
    assert.equal(estimators?.value.value, '300');
    assert.equal(estimators?.value.datatype, 'http://www.w3.org/2001/XMLSchema#integer');
    const md = rungraph(['--archive', archive, 'query', '-e', 'SELECT (COUNT(*) AS ?n) WHERE { ?r a <http://www.w3.org/ns/mls#Run> }', '-f', 'md']).stdout;
    assert.match(md, /^\| n \|\n\| --- \|\n\| 10 \|/);
    const tsv = rungraph(['--archive', archive, 'query', 'list-runs', '-f', 'tsv']).stdout;
    assert.match(tsv.split('\n')[0], /^\?run\t\?id\t/);
  });

  it('treats a hostile parameter value as a literal, never as SPARQL', () => {
    const result = rungraph(['--archive', archive, 'query', 'list-runs', '-p', 'tracker="}; DROP ALL ; #', '-f', 'csv']);
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), 'run,id,tracker,experimentName,name,status,started,implementation');
    assert.equal(JSON.parse(rungraph(['--archive', archive, 'stats', '--json']).stdout).runs, 10);
  });

  it('stops quietly when the reader of its output goes away (export | head)', () => {
    const command = `${shellQuote(process.execPath)} --import ${shellQuote(import.meta.resolve('tsx'))} ${shellQuote(path.join(repoRoot, 'src', 'cli', 'main.ts'))}`;
    // The demo archive's N-Quads are far larger than a pipe holds, so writes go on after head has left.
    const result = spawnSync('bash', ['-c', `${command} --archive ${shellQuote(archive)} export | head -c 100 >/dev/null; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
  });

  it('exports the archive as N-Quads, Turtle, TriG and JSON-LD', () => {
    const nquads = rungraph(['--archive', archive, 'export', '--format', 'nquads']).stdout;
    assert.match(nquads, /<https:\/\/w3id\.org\/rungraph\/id\/run\/json\/demo-rf-0> <http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#type> <http:\/\/www\.w3\.org\/ns\/mls#Run> <https:\/\/w3id\.org\/rungraph\/id\/run\/json\/demo-rf-0> \./);
    const out = path.join(dir, 'export.ttl');
    assert.equal(rungraph(['--archive', archive, 'export', '--format', 'turtle', '--out', out]).status, 0);
    assert.match(fs.readFileSync(out, 'utf8'), /@prefix mls: <http:\/\/www\.w3\.org\/ns\/mls#>/);
    assert.match(rungraph(['--archive', archive, 'export', '--format', 'trig']).stdout, /\{/);
    const jsonld = JSON.parse(rungraph(['--archive', archive, 'export', '--format', 'jsonld']).stdout) as Record<string, unknown>;
    assert.ok('@context' in jsonld);
  });

  it('imports a JSON Lines file with a bad record: names file, line and field, imports the rest, exits 4', () => {
    const file = path.join(dir, 'runs.jsonl');
    const ok = { source: { tracker: 'json', location: 'runs.jsonl', runId: 'ok-1' }, params: { alpha: 0.5 } };
    const bad = { source: { tracker: 'json', location: 'runs.jsonl', runId: 'bad-1' }, startTime: 'yesterday' };
    fs.writeFileSync(file, `${JSON.stringify(ok)}\n${JSON.stringify(bad)}\n`);
    const result = rungraph(['--archive', archive, 'import', file]);
    assert.equal(result.status, 4);
    assert.match(result.stdout, /imported 1, skipped 1 with issues \(added 1, updated 0, unchanged 0, removed 0;/);
    assert.match(result.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2 run bad-1: startTime`));
    assert.equal(JSON.parse(rungraph(['--archive', archive, 'stats', '--json']).stdout).runs, 11);
  });

  it('fails with one line, a hint and exit 1 when nothing recognises the source', () => {
    const result = rungraph(['--archive', archive, 'import', dir]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^rungraph: no importer recognises/);
    assert.match(result.stderr, /json: not a file/);
    assert.match(result.stderr, /hint: name the tracker with --tracker ID/);
  });

  it('exits 2 on usage errors and prints help everywhere', () => {
    assert.equal(rungraph(['--archive', archive, 'query', 'list-runs', '--format', 'xml']).status, 2);
    assert.equal(rungraph(['no-such-command']).status, 2);
    for (const command of ['import', 'query', 'export', 'stats', 'validate', 'demo', 'remap', 'mappings lint', 'mappings coverage', 'serve', 'sync', 'publish', 'wikidata check', 'compare', 'reuse', 'diff', 'lineage']) {
      const help = rungraph([...command.split(' '), '--help']);
      assert.equal(help.status, 0, command);
      assert.match(help.stdout, /Usage: rungraph/);
    }
  });

  it('rejects an unknown query parameter and an IRI parameter that is not an IRI', () => {
    const unknown = rungraph(['--archive', archive, 'query', 'list-runs', '-p', 'nope=1']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /has no parameter "nope"/);
    const badIri = rungraph(['--archive', archive, 'query', 'compare-algorithms', '-p', 'measure=http://x> } DROP ALL {']);
    assert.equal(badIri.status, 1);
    assert.match(badIri.stderr, /not an absolute IRI/);
  });
});
