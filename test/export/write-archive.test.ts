import { strict as assert } from 'node:assert';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { archiveQuads, archiveText } from '../../src/export/export-archive.js';
import type { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { jsonLinesArchive, type TemporaryArchive } from '../support/json-lines-archive.js';

describe('exporting an archive a batch of graphs at a time', function () {
  this.timeout(60_000);
  let archive: TemporaryArchive;
  let store: EmbeddedStore;
  before(async () => {
    archive = await jsonLinesArchive(
      Array.from({ length: 150 }, (_, i) => ({ source: { tracker: 'json', location: 'runs.jsonl', runId: `r${i}` }, implementation: 'sklearn.ensemble.RandomForestClassifier', params: { n_estimators: 100 + i }, metrics: { test_accuracy: i / 150 } })),
    );
    store = archive.store;
  });
  after(() => archive.remove());

  for (const format of ['nquads', 'trig'] as const) {
    it(`writes ${format} in several pieces that together hold every quad of every graph`, async () => {
      const pieces: string[] = [];
      for await (const text of archiveText(store, format)) pieces.push(text);
      assert.ok(pieces.filter((p) => p.length > 0).length > 2, `${pieces.length} pieces for over 300 graphs`);
      const written = new Parser({ format: format === 'nquads' ? 'N-Quads' : 'TriG' }).parse(pieces.join(''));
      const stored = await archiveQuads(store);
      assert.equal(written.length, stored.length);
      assert.ok(isomorphic(written, stored as never));
    });
  }

  it('writes Turtle as the union of the graphs, prefixes declared once', async () => {
    const pieces: string[] = [];
    for await (const text of archiveText(store, 'turtle')) pieces.push(text);
    const text = pieces.join('');
    assert.equal(text.match(/@prefix mls:/g)?.length, 1);
    const triples = new Parser({ format: 'Turtle' }).parse(text);
    assert.equal(triples.length, (await archiveQuads(store)).length, 'no triple is in two graphs, so none is lost or repeated');
  });
});
