/** Run-scoped queries are answered from the named runs' graphs and those of the entities they mention, nothing else. */
import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { answerFromRunGraphs } from '../../src/query/run-graphs.js';
import { answerQuery } from '../../src/query/run-query.js';
import { buildArchive, type TestArchive } from '../queries/query-archive.js';

const run = (runId: string, implementation: string, params: Record<string, unknown>, commit: string) => ({
  source: { tracker: 'json', location: 'runs.jsonl', runId },
  status: 'finished',
  startTime: '2026-01-01T10:00:00.000Z',
  implementation,
  params,
  metrics: { test_accuracy: 0.8 },
  code: { repository: 'https://example.org/x.git', commit },
  environment: { libraries: { forestkit: '1.5.0' } },
});

const EVERYTHING = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }';

describe('answering a query from runs’ graphs', function () {
  let archive: TestArchive;
  const iri = (runId: string) => DataFactory.namedNode(`https://w3id.org/rungraph/id/run/json/${runId}`);
  const select = (sparql: string) => archive.store.query(sparql);

  before(async function () {
    archive = await buildArchive([
      run('one', 'forestkit.Forest', { max_depth: 12 }, 'c1'),
      run('two', 'forestkit.Forest', { max_depth: 8 }, 'c2'),
      run('other', 'boostkit.Booster', { num_iterations: 100 }, 'c3'),
    ]);
  });
  after(async () => archive.dispose());

  it('holds the runs’ own nodes and the entities they mention, and no other run', async function () {
    const result = await answerFromRunGraphs(select, [iri('one'), iri('two')], EVERYTHING);
    assert.equal(result.type, 'quads');
    const text = result.quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`);
    for (const expected of ['/run/json/one ', '/run/json/two ', 'forestkit.Forest', 'max_depth', ' c1', ' c2']) {
      assert.ok(text.some((t) => t.includes(expected)), `${expected} missing`);
    }
    for (const absent of ['/run/json/other', 'boostkit', 'num_iterations', ' c3']) {
      assert.ok(!text.some((t) => t.includes(absent)), `${absent} should not be fetched`);
    }
  });

  it('holds nothing when no run is named', async function () {
    const result = await answerFromRunGraphs(select, [], EVERYTHING);
    assert.deepEqual(result, { type: 'quads', quads: [] });
  });

  it('reports a query the engine refuses as a QueryError', async function () {
    await assert.rejects(answerFromRunGraphs(select, [iri('one')], 'SELECT ?x WHERE { ?x ?y }'), { name: 'QueryError' });
  });

  it('is how answerQuery answers a query whose header says scope: runs', async function () {
    const count = (scope: 'runs' | 'archive') =>
      answerQuery(select, { name: 'count', scope, params: [{ name: 'a', type: 'run', required: true }], sparql: 'SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <http://www.w3.org/ns/mls#Run> FILTER(BOUND(?a)) }' }, { a: 'one' });
    const runs = async (scope: 'runs' | 'archive') => {
      const result = await count(scope);
      assert.equal(result.type, 'bindings');
      return Number(result.rows[0].get('n')!.value);
    };
    assert.equal(await runs('runs'), 1);
    assert.equal(await runs('archive'), 3);
  });
});
