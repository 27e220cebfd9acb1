/**
 * Writes journalled without the engine (EmbeddedStore.bulkWrites, what an import does) and compaction by
 * merging the snapshot with the journal: the archive must hold exactly what applying every write to the
 * engine would have given.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { StoreError } from '../../src/errors.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { GraphContent } from '../../src/store/store.js';
import { archiveGraphSizes, graphSizes } from '../support/graph-sizes.js';

const { namedNode, literal, quad } = DataFactory;

function graph(name: string, size: number, value = 'v'): GraphContent {
  const g = `urn:run:${name}`;
  return { graph: g, quads: Array.from({ length: size }, (_, i) => quad(namedNode(g), namedNode(`urn:p:${i}`), literal(`${value} ${i} "of"\n${name}`))) };
}

/** The graph's objects, sorted: what it holds, not only how much. */
async function objects(store: EmbeddedStore, name: string): Promise<string[]> {
  const result = await store.query(`SELECT ?o WHERE { GRAPH <urn:run:${name}> { ?s ?p ?o } }`);
  assert.equal(result.type, 'bindings');
  return result.type === 'bindings' ? result.rows.map((r) => r.get('o')!.value).sort() : [];
}

describe('bulk writes and compaction by merging the files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-bulk-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('journals batches without the engine; the next query loads them, and compaction merges them into the snapshot', async () => {
    const store = await EmbeddedStore.open(dir);
    await store.replaceGraphs([graph('a', 3), graph('b', 4)]);
    store.compact(); // a and b in the snapshot
    store.bulkWrites();
    await store.replaceGraphs([graph('a', 2, 'new'), graph('c', 5), graph('ünï', 1)]); // a replaced over the snapshot
    await store.replaceGraphs([graph('c', 1, 'last'), graph('d', 2)]); // c replaced within the journal
    await store.deleteGraphs(['urn:run:b', 'urn:run:d']); // one from the snapshot, one from the journal
    await store.replaceGraphs([graph('d', 3, 'again')]); // and written again after its deletion
    // The first query loads the files again and sees every write.
    const expected = new Map([['urn:run:a', 2], ['urn:run:c', 1], ['urn:run:ünï', 1], ['urn:run:d', 3]]);
    assert.deepEqual(await graphSizes(store), expected);
    store.compact();
    await store.close();
    const snapshot = fs.readFileSync(path.join(dir, 'snapshot.nq'), 'utf8');
    assert.equal(snapshot.split('\n').filter((l) => l && !l.startsWith('#')).length, 7, 'each quad once in the merged snapshot');
    assert.equal(fs.readFileSync(path.join(dir, 'journal.log'), 'utf8').split('\n').length, 2, 'an empty journal after compaction');
    assert.deepEqual(await archiveGraphSizes(dir), expected);
    const reopened = await EmbeddedStore.open(dir, { readOnly: true });
    assert.deepEqual(await objects(reopened, 'a'), ['new 0 "of"\na', 'new 1 "of"\na']);
    assert.deepEqual(await objects(reopened, 'c'), ['last 0 "of"\nc']);
    await reopened.close();
  });

  it('leaves the engine alone until something queries it, and keeps it up to date again from then on', async () => {
    const store = await EmbeddedStore.open(dir);
    await store.replaceGraphs([graph('a', 3)]);
    store.bulkWrites();
    await store.replaceGraphs([graph('b', 2)]);
    assert.equal(store.size, 5, 'the count kept without the engine');
    assert.deepEqual(await graphSizes(store), new Map([['urn:run:a', 3], ['urn:run:b', 2]]));
    await store.replaceGraphs([graph('c', 1)]); // applied to the loaded engine
    assert.deepEqual(await graphSizes(store), new Map([['urn:run:a', 3], ['urn:run:b', 2], ['urn:run:c', 1]]));
    await store.close();
  });

  it('refuses a batch the engine cannot read before journalling it, and stays usable', async () => {
    const store = await EmbeddedStore.open(dir);
    await store.replaceGraphs([graph('a', 1)]);
    store.bulkWrites();
    // A literal's language tag that breaks the N-Quads syntax, and a graph name the engine takes for no IRI.
    const badTag = { graph: 'urn:run:x', quads: [quad(namedNode('urn:s'), namedNode('urn:p'), literal('x', 'en us'))] };
    await assert.rejects(store.replaceGraphs([badTag]), (e: unknown) => {
      assert.ok(e instanceof StoreError, `expected StoreError, got ${String(e)}`);
      assert.match(e.message, /engine cannot read the batch of urn:run:x/);
      assert.match(e.message, /nothing of it was written/);
      return true;
    });
    await assert.rejects(store.replaceGraphs([{ graph: 'not an iri', quads: graph('x', 1).quads }]), /the graph name "not an iri" is not an IRI/);
    await assert.rejects(store.deleteGraphs(['not an iri']), /is not an IRI/);
    await store.replaceGraphs([graph('b', 2)]);
    await store.close();
    assert.deepEqual(await archiveGraphSizes(dir), new Map([['urn:run:a', 1], ['urn:run:b', 2]]));
  });

  it('counts exactly before refusing a batch at the limit: replaced graphs free their room', async () => {
    const store = await EmbeddedStore.open(dir, { maxQuads: 25 });
    await store.replaceGraphs([graph('a', 10)]);
    store.bulkWrites();
    await store.replaceGraphs([graph('a', 10, 'second')]); // the kept count says 20; the archive holds 10
    await store.replaceGraphs([graph('a', 10, 'third')]); // 30 by the kept count: recounted, 20, written
    assert.equal(store.size, 10);
    await store.replaceGraphs([graph('b', 10)]);
    await assert.rejects(store.replaceGraphs([graph('c', 10)]), /30 quads, over its limit of 25/);
    await store.close();
    assert.deepEqual(await archiveGraphSizes(dir), new Map([['urn:run:a', 10], ['urn:run:b', 10]]));
  });

  it('rejects bulk writes on a read-only handle', async () => {
    const store = await EmbeddedStore.open(dir, { readOnly: true });
    assert.throws(() => store.bulkWrites(), /read-only/);
    await store.close();
  });
});
