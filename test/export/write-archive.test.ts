import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { archiveQuads, archiveText } from '../../src/export/export-archive.js';
import { importSource } from '../../src/import/import-source.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';

describe('exporting an archive a batch of graphs at a time', function () {
  this.timeout(60_000);
  let dir: string;
  let store: EmbeddedStore;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-export-'));
    const runs = Array.from({ length: 150 }, (_, i) =>
      JSON.stringify({ source: { tracker: 'json', location: 'runs.jsonl', runId: `r${i}` }, implementation: 'sklearn.ensemble.RandomForestClassifier', params: { n_estimators: 100 + i }, metrics: { test_accuracy: i / 150 } }),
    );
    fs.writeFileSync(path.join(dir, 'runs.jsonl'), runs.join('\n'));
    store = await EmbeddedStore.open(path.join(dir, 'archive'));
    await importSource(store, path.join(dir, 'runs.jsonl'), { mappings: loadMappings() });
  });
  after(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

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
