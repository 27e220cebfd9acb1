import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { archiveQuads } from '../../src/export/export-archive.js';
import type { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { validateGraph } from '../../src/validate/shacl.js';
import { validateArchive } from '../../src/validate/validate-archive.js';
import { jsonLinesArchive, type TemporaryArchive } from '../support/json-lines-archive.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

describe('validating an archive a batch of graphs at a time', function () {
  this.timeout(60_000);
  let archive: TemporaryArchive;
  let store: EmbeddedStore;
  before(async () => {
    const implementations = ['sklearn.ensemble.RandomForestClassifier', 'lightgbm.LGBMClassifier'];
    archive = await jsonLinesArchive(
      Array.from({ length: 12 }, (_, i) => ({
        source: { tracker: 'json', location: 'runs.jsonl', runId: `r${i}` },
        implementation: implementations[i % 2],
        params: { n_estimators: 100 + (i % 3), max_depth: 4, criterion: 'gini' },
        metrics: { test_accuracy: i / 12 },
        tags: { team: i % 2 ? 'a' : 'b' },
      })),
    );
    store = archive.store;
  });
  after(() => archive.remove());

  it('reports what validating the whole archive at once reports, each result once', async () => {
    const whole = await validateGraph(await archiveQuads(store));
    assert.ok(whole.results.length > 0, 'the archive should give some warnings to compare');
    // Five graphs per batch: a run's settings, tags and implementation are nearly always in other batches.
    const batched = await validateArchive(store, { graphsPerBatch: 5 });
    assert.deepEqual(batched.results, whole.results);
    assert.equal(batched.conforms, whole.conforms);
    assert.equal(batched.triples, (await archiveQuads(store)).length);
  });

  it('finds a violation that needs a graph from another batch (a run whose implementation lost its type)', async () => {
    const implementation = (await archiveQuads(store)).find((q) => q.predicate.value === RDF_TYPE && q.object.value === 'http://www.w3.org/ns/mls#Implementation')!;
    const graph = implementation.graph.value;
    const kept = (await archiveQuads(store, graph)).filter((q) => !(q.subject.equals(implementation.subject) && q.predicate.value === RDF_TYPE));
    await store.replaceGraphs([{ graph, quads: kept.map((q) => DataFactory.quad(q.subject, q.predicate, q.object)) }]);

    const report = await validateArchive(store, { graphsPerBatch: 5 });
    const broken = report.results.filter((r) => r.severity === 'violation' && r.path === 'http://www.w3.org/ns/mls#executes');
    assert.equal(report.conforms, false);
    assert.equal(broken.length, 6, JSON.stringify(report.results.filter((r) => r.severity === 'violation')));
    assert.deepEqual(report.results, (await validateGraph(await archiveQuads(store))).results);
  });
});
