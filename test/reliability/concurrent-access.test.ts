import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { finished, runCli, scratchDirectory, spawnCli } from './support/cli-process.js';
import { writeRunsJsonl } from './support/generated-runs.js';
import { archiveGraphSizes } from '../support/graph-sizes.js';

const RUNS = 100;
const BATCH = 5;
const RUN_GRAPH = /\/id\/run\/json\//;


const runGraphs = (sizes: Map<string, number>) => [...sizes].filter(([g]) => RUN_GRAPH.test(g));

describe('two rungraph processes on one archive', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = scratchDirectory('concurrent');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a second writer naming the first one\'s pid, while readers only ever see whole runs', async () => {
    const source = path.join(dir, 'runs.jsonl');
    writeRunsJsonl(source, RUNS);
    const archive = path.join(dir, 'archive');
    const args = ['--archive', archive, 'import', '--tracker', 'json', '--batch-size', String(BATCH), source];
    const first = spawnCli(args);
    const firstDone = finished(first);
    let firstExited = false;
    void firstDone.then(() => (firstExited = true));
    while (!fs.existsSync(path.join(archive, 'lock')) && !firstExited) await new Promise((r) => setTimeout(r, 5));
    assert.ok(!firstExited, 'the first import ended before the test could race it');

    // SIGSTOP freezes the writer wherever it is (mid-batch too), so the race is certain, not timing-dependent.
    first.kill('SIGSTOP');
    let second;
    try {
      second = await runCli(args);
    } finally {
      first.kill('SIGCONT');
    }
    assert.equal(second.code, 1, second.stdout);
    assert.match(second.stderr, new RegExp(`archive ${archive.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is locked by pid ${first.pid}`));
    assert.match(second.stderr, /hint: /);

    // A reader polls while the first import writes, each time with the writer frozen at a random point:
    // every state it sees holds whole batches only.
    const seen: Map<string, number>[] = [];
    while (!firstExited) {
      await new Promise((r) => setTimeout(r, Math.random() * 40));
      first.kill('SIGSTOP');
      try {
        seen.push(await archiveGraphSizes(archive));
      } finally {
        first.kill('SIGCONT');
      }
    }
    const result = await firstDone;
    assert.equal(result.code, 0, result.stderr);
    const complete = await archiveGraphSizes(archive);
    assert.equal(runGraphs(complete).length, RUNS);
    assert.ok(seen.some((sizes) => runGraphs(sizes).length > 0 && runGraphs(sizes).length < RUNS), 'no poll landed mid-import');
    for (const [i, sizes] of seen.entries()) {
      const runs = runGraphs(sizes);
      assert.equal(runs.length % BATCH, 0, `poll ${i} saw ${runs.length} run graphs: a batch was visible half-written`);
      for (const [graph, n] of runs) assert.equal(n, complete.get(graph), `poll ${i} saw ${graph} with ${n} of its ${complete.get(graph)} quads`);
    }
    assert.ok(!fs.existsSync(path.join(archive, 'lock')), 'the writer left its lock behind');
  });
});
