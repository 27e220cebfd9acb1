import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importSource } from '../../src/import/import-source.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';

const mappings = loadMappings();
const run = (id: string, accuracy: number) => ({
  source: { tracker: 'json', location: 'runs.jsonl', runId: id },
  implementation: 'sklearn.ensemble.RandomForestClassifier',
  params: { n_estimators: 100 },
  metrics: { test_accuracy: accuracy },
});

describe('incremental import', () => {
  let dir: string;
  let file: string;
  let store: EmbeddedStore;
  const write = (lines: unknown[]) => fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  const runIds = async () => {
    const result = await store.query('SELECT ?id WHERE { ?r a <http://www.w3.org/ns/mls#Run> ; <http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id');
    return result.type === 'bindings' ? result.rows.map((r) => r.get('id')!.value) : [];
  };
  const accuracyOf = async (id: string) => {
    const result = await store.query(`SELECT ?v WHERE { <https://w3id.org/rungraph/id/run/json/${id}> <http://www.w3.org/ns/mls#hasOutput> ?e . ?e <http://www.w3.org/ns/mls#hasValue> ?v }`);
    return result.type === 'bindings' ? result.rows.map((r) => Number(r.get('v')!.value)) : [];
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-incremental-'));
    file = path.join(dir, 'runs.jsonl');
    store = await EmbeddedStore.open(path.join(dir, 'archive'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a shared entity graph once per import, each run graph once, across batches', async () => {
    write([run('a', 0.8), run('b', 0.7), run('c', 0.9)]);
    const written: string[] = [];
    const replaceGraphs = store.replaceGraphs.bind(store);
    store.replaceGraphs = async (batch) => {
      written.push(...batch.map((g) => g.graph));
      return replaceGraphs(batch);
    };
    await importSource(store, file, { mappings, batchSize: 1 });
    const implementation = written.filter((g) => g.includes('/implementation/'));
    assert.ok(implementation.length > 0);
    assert.equal(new Set(implementation).size, implementation.length, `an implementation graph was written twice: ${implementation.join(', ')}`);
    assert.deepEqual(written.filter((g) => g.includes('/run/')).sort(), ['a', 'b', 'c'].map((id) => `https://w3id.org/rungraph/id/run/json/${id}`));
    assert.deepEqual(await runIds(), ['a', 'b', 'c']);
  });

  it('writes only new and changed runs and reports added, updated and unchanged', async () => {
    write([run('a', 0.8), run('b', 0.7)]);
    const first = await importSource(store, file, { mappings });
    assert.deepEqual([first.added, first.updated, first.unchanged, first.imported], [2, 0, 0, 2]);
    write([run('a', 0.8), run('b', 0.75), run('c', 0.9)]);
    const second = await importSource(store, file, { mappings });
    assert.deepEqual([second.added, second.updated, second.unchanged, second.imported], [1, 1, 1, 2]);
    assert.deepEqual(await accuracyOf('b'), [0.75]);
    assert.deepEqual(await runIds(), ['a', 'b', 'c']);
  });

  it('prunes runs the source no longer has, but never a run that was only unreadable', async () => {
    write([run('a', 0.8), run('b', 0.7), run('c', 0.6)]);
    await importSource(store, file, { mappings });
    // a is gone from the source; b is still there but broken this time.
    write([{ ...run('b', 0.7), status: 'exploded' }, run('c', 0.6)]);
    const summary = await importSource(store, file, { mappings, prune: true });
    assert.equal(summary.removed, 1);
    assert.equal(summary.skipped, 1);
    assert.deepEqual(await runIds(), ['b', 'c']);
    assert.deepEqual(await accuracyOf('b'), [0.7], 'the archived version of the broken run is kept');
  });

  it('shares settings and tags between runs and deletes those no run uses after an update or a prune (decision 0007)', async () => {
    const logged = (id: string, trees: number, tag: string) => ({ ...run(id, 0.8), params: { n_estimators: trees }, tags: { team: tag } });
    /** The values of the shared setting and tag graphs in the archive. */
    const shared = async () => {
      const result = await store.query(`SELECT DISTINCT ?v WHERE { GRAPH ?node {
        { ?node <http://www.w3.org/ns/mls#specifiedBy> ?hp ; <http://www.w3.org/ns/mls#hasValue> ?v FILTER(CONTAINS(STR(?node), "n_estimators")) }
        UNION { ?node <https://w3id.org/rungraph/ns#tagValue> ?v } } }`);
      return result.type === 'bindings' ? result.rows.map((r) => r.get('v')!.value).sort() : [];
    };
    write([logged('a', 100, 'x'), logged('b', 100, 'x'), logged('c', 300, 'y')]);
    await importSource(store, file, { mappings });
    assert.deepEqual(await shared(), ['100', '300', 'x', 'y'], 'a and b share one setting and one tag');
    // c now logs 200 and z: its old values are used by no run any more. b still shares 100 and x with a.
    write([logged('a', 100, 'x'), logged('b', 100, 'x'), logged('c', 200, 'z')]);
    await importSource(store, file, { mappings });
    assert.deepEqual(await shared(), ['100', '200', 'x', 'z']);
    // Pruning a keeps 100 and x (b uses them); pruning b as well deletes them.
    write([logged('b', 100, 'x'), logged('c', 200, 'z')]);
    await importSource(store, file, { mappings, prune: true });
    assert.deepEqual(await shared(), ['100', '200', 'x', 'z']);
    write([logged('c', 200, 'z')]);
    await importSource(store, file, { mappings, prune: true });
    assert.deepEqual(await shared(), ['200', 'z']);
  });

  it('does not prune when some input could not be attributed to a run', async () => {
    write([run('a', 0.8), run('b', 0.7)]);
    await importSource(store, file, { mappings });
    write(['{ this is not json', run('b', 0.7)]);
    const summary = await importSource(store, file, { mappings, prune: true });
    assert.equal(summary.removed, 0);
    assert.ok(summary.issues.some((i) => i.code === 'prune_skipped'));
    assert.deepEqual(await runIds(), ['a', 'b']);
  });

  it('rewrites unchanged runs when the mappings change', async () => {
    write([run('a', 0.8)]);
    await importSource(store, file, { mappings });
    const other = Object.create(mappings, { version: { value: `${mappings.version}-changed` } });
    const summary = await importSource(store, file, { mappings: other });
    assert.deepEqual([summary.updated, summary.unchanged], [1, 0]);
  });
});
