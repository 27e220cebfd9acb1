/** Parameters of type `run` and `entity`: a tracker run id is looked up first and bound as the run's IRI. */
import { strict as assert } from 'node:assert';
import { loadCatalogue } from '../../src/query/named-query.js';
import { prepareQuery, resolveRunParameters, runNamedQuery } from '../../src/query/run-query.js';
import { buildArchive, type TestArchive } from '../queries/query-archive.js';

const RUN = 'https://w3id.org/rungraph/id/run/json/';
const record = (runId: string) => ({
  source: { tracker: 'json', location: 'runs.jsonl', runId },
  status: 'finished',
  implementation: 'forestkit.Forest',
  params: { n_estimators: 10 },
  metrics: { test_accuracy: [0.5, 0.6, 0.7] },
  environment: { libraries: { forestkit: '1.5.0' } },
});

describe('run parameters', function () {
  let archive: TestArchive;
  const details = () => loadCatalogue().get('run-details')!;
  const select = (sparql: string) => archive.store.query(sparql);
  const keys = async (run: string) => {
    const result = await runNamedQuery(archive.store, details(), { run });
    return result.type === 'bindings' ? result.rows.map((r) => `${r.get('section')!.value} ${r.get('key')!.value}`).sort() : [];
  };

  before(async () => (archive = await buildArchive([record('r1'), record('r2'), record('"}; DROP ALL ; #')])));
  after(async () => archive.dispose());

  it('resolves a tracker run id to the run IRI, and leaves an IRI as it is', async function () {
    assert.deepEqual((await resolveRunParameters(select, details(), { run: 'r1' })).get('run')?.map((t) => t.value), [`${RUN}r1`]);
    assert.equal((await resolveRunParameters(select, details(), { run: `${RUN}r1` })).size, 0);
  });

  it('resolves an entity parameter’s run id like a run’s, and passes any IRI through (a model, an evaluation)', async function () {
    const lineage = loadCatalogue().get('trace-lineage')!;
    assert.equal(lineage.params.find((p) => p.name === 'target')?.type, 'entity');
    assert.deepEqual((await resolveRunParameters(select, lineage, { target: 'r2' })).get('target')?.map((t) => t.value), [`${RUN}r2`]);
    const evaluation = `${RUN}r1/eval/test_accuracy/last`;
    assert.equal((await resolveRunParameters(select, lineage, { target: evaluation })).size, 0);
    assert.match(prepareQuery(lineage, { target: evaluation }), /<https:\/\/w3id\.org\/rungraph\/id\/run\/json\/r1\/eval\/test_accuracy\/last>/);
    assert.throws(() => prepareQuery(lineage, { target: 'r1' }), TypeError);
  });

  it('gives the same rows for the id and the IRI, and only that run’s', async function () {
    const byId = await keys('r1');
    assert.ok(byId.includes('param n_estimators') && byId.includes('metric test_accuracy (last)'), byId.join(', '));
    assert.deepEqual(await keys(`${RUN}r1`), byId);
    assert.equal(byId.filter((k) => k === 'run tracker').length, 1, 'one run, not every run');
  });

  it('finds nothing for an unknown id instead of failing', async function () {
    assert.deepEqual(await keys('no-such-run'), []);
  });

  it('looks up a hostile id as a literal: it finds the run of that id and nothing else', async function () {
    const rows = await keys('"}; DROP ALL ; #');
    assert.ok(rows.includes('param n_estimators'));
    assert.ok((await archive.store.size) > 0);
    assert.deepEqual(await keys('r2'), await keys('r1'));
  });

  it('refuses to prepare a run id that was not resolved, rather than silently matching nothing', function () {
    assert.throws(() => prepareQuery(details(), { run: 'r1' }), TypeError);
    assert.match(prepareQuery(details(), { run: `${RUN}r1` }), /<https:\/\/w3id\.org\/rungraph\/id\/run\/json\/r1>/);
  });
});
