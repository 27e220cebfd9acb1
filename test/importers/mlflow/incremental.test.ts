import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSource } from '../../../src/import/import-source.js';
import { loadMappings } from '../../../src/mapping/mapping-set.js';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.js';
import { StoreBuilder } from './store-builder.js';

describe('mlflow importer: importing the same store again', () => {
  let builder: StoreBuilder;
  let store: EmbeddedStore;
  const mappings = loadMappings();

  beforeEach(async () => {
    builder = new StoreBuilder();
    builder.experiment('1', 'tuning');
    for (const id of ['aaa', 'bbb', 'ccc']) {
      builder.run('1', id).file(`1/${id}/params/n_estimators`, '100').file(`1/${id}/metrics/accuracy`, '1700000001000 0.8 0\n');
    }
    store = await EmbeddedStore.open(path.join(builder.base, 'archive'));
  });
  afterEach(async () => {
    await store.close();
    builder.remove();
  });

  it('writes only changed runs, and removes runs deleted at the source when asked', async () => {
    const first = await importSource(store, builder.root, { mappings });
    assert.deepEqual([first.tracker, first.added, first.updated, first.unchanged], ['mlflow', 3, 0, 0]);

    builder.file('1/bbb/params/n_estimators', '300');
    builder.file('1/ccc/metrics/accuracy', '1700000001000 0.8 0\n1700000002000 0.9 1\n');
    const second = await importSource(store, builder.root, { mappings });
    assert.deepEqual([second.added, second.updated, second.unchanged, second.removed], [0, 2, 1, 0]);

    fs.rmSync(path.join(builder.root, '1', 'aaa'), { recursive: true });
    const third = await importSource(store, builder.root, { mappings, prune: true });
    assert.deepEqual([third.added, third.updated, third.unchanged, third.removed], [0, 0, 2, 1]);

    const result = await store.query(
      'SELECT ?id ?v WHERE { ?r a <http://www.w3.org/ns/mls#Run> ; <http://purl.org/dc/terms/identifier> ?id ; <http://www.w3.org/ns/mls#hasInput> ?s . ?s <http://www.w3.org/ns/mls#specifiedBy>/<http://purl.org/dc/terms/identifier> "n_estimators" ; <http://www.w3.org/ns/mls#hasValue> ?v } ORDER BY ?id',
    );
    assert.equal(result.type, 'bindings');
    if (result.type === 'bindings') assert.deepEqual(result.rows.map((r) => `${r.get('id')!.value}=${r.get('v')!.value}`), ['bbb=300', 'ccc=100']);
  });
});
