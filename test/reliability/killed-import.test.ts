import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isomorphic } from 'rdf-isomorphic';
import { byGraph, exportedQuads } from './support/archive-content.js';
import { finished, runCli, scratchDirectory, spawnCli } from './support/cli-process.js';
import { writeRunsJsonl } from './support/generated-runs.js';

const RUNS = 120;
const BATCH = 5;
const KILLS = 10;
const RUN_GRAPH = /\/id\/run\/json\//;

function journalSize(archive: string): number {
  try {
    return fs.statSync(path.join(archive, 'journal.log')).size;
  } catch {
    return 0;
  }
}

/** Starts an import and SIGKILLs it when `due` says so (polled every 2 ms); tells whether it finished first. */
async function importKilledWhen(archive: string, source: string, due: (startedAt: number) => boolean): Promise<'killed' | 'finished'> {
  const child = spawnCli(['--archive', archive, 'import', '--tracker', 'json', '--batch-size', String(BATCH), source]);
  const done = finished(child);
  const startedAt = Date.now();
  const timer = setInterval(() => {
    if (due(startedAt)) child.kill('SIGKILL');
  }, 2);
  const result = await done.finally(() => clearInterval(timer));
  if (result.signal === 'SIGKILL') return 'killed';
  assert.equal(result.code, 0, `import failed: ${result.stderr}`);
  return 'finished';
}

describe('an import killed with SIGKILL at random points', function () {
  this.timeout(600_000);
  let dir: string;
  before(() => {
    dir = scratchDirectory('killed');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves an archive that reopens, validates, and that a re-run makes isomorphic to an uninterrupted import', async () => {
    const source = path.join(dir, 'runs.jsonl');
    writeRunsJsonl(source, RUNS);
    const reference = path.join(dir, 'reference');
    const uninterrupted = await runCli(['--archive', reference, 'import', '--tracker', 'json', '--batch-size', String(BATCH), source]);
    assert.equal(uninterrupted.code, 0, uninterrupted.stderr);
    const expected = await exportedQuads(reference);
    const expectedGraphs = byGraph(expected);
    assert.equal([...expectedGraphs.keys()].filter((g) => RUN_GRAPH.test(g)).length, RUNS);
    const finalJournal = journalSize(reference);

    // Kill points: most at a random journal size (inside a batch write, between batches, while
    // reading the source), a few at a random time after start (while the archive is being opened).
    const archive = path.join(dir, 'archive');
    const outcomes: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      const byTime = k % 4 === 3;
      const delay = 200 + Math.random() * 3000;
      // A random point of what is left to write (each run also rewrites the vocabulary graph first).
      const start = journalSize(archive);
      const target = start + Math.random() * Math.max(finalJournal - start, 1);
      const outcome = await importKilledWhen(archive, source, (startedAt) => (byTime ? Date.now() - startedAt > delay : journalSize(archive) >= target));
      outcomes.push(byTime ? `${outcome} after ${Math.round(delay)} ms` : `${outcome} at journal byte ${Math.round(target)}`);

      // The archive reopens, and every graph in it is whole: a batch is applied entirely or not at all.
      const graphs = byGraph(await exportedQuads(archive));
      for (const [graph, quads] of graphs) {
        assert.ok(expectedGraphs.has(graph), `unexpected graph ${graph} after kill ${k} (${outcomes[k]})`);
        if (RUN_GRAPH.test(graph)) assert.ok(isomorphic(quads, expectedGraphs.get(graph)!), `run graph ${graph} is half-written after kill ${k} (${outcomes[k]})`);
      }
      const runs = [...graphs.keys()].filter((g) => RUN_GRAPH.test(g)).length;
      assert.equal(runs % BATCH, 0, `a batch was applied partially after kill ${k}: ${runs} run graphs`);
    }
    assert.ok(outcomes.filter((o) => o.startsWith('killed')).length >= KILLS / 2, `too few kills landed: ${outcomes.join('; ')}`);

    const validated = await runCli(['--archive', archive, 'validate']);
    assert.equal(validated.code, 0, `validate failed after the kills: ${validated.stdout.slice(-2000)}${validated.stderr}`);
    assert.match(validated.stdout, / 0 violations/);

    const rerun = await runCli(['--archive', archive, 'import', '--tracker', 'json', '--batch-size', String(BATCH), source]);
    assert.equal(rerun.code, 0, rerun.stderr);
    const actual = await exportedQuads(archive);
    assert.equal(actual.length, expected.length);
    assert.ok(isomorphic(actual, expected), `the resumed archive differs from the uninterrupted one (kills: ${outcomes.join('; ')})`);
  });
});
