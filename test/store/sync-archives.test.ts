/** syncArchives copies rungraph's graphs between stores, incrementally, leaving other graphs alone. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { syncArchives } from '../../src/store/sync-archives.js';
import type { GraphContent, Store } from '../../src/store/store.js';

const { namedNode, literal, quad, blankNode } = DataFactory;
const ID = 'https://w3id.org/rungraph/id/';
const DIGEST = namedNode('https://w3id.org/rungraph/ns#contentDigest');

function runGraph(name: string, digest: string, score: string): GraphContent {
  const run = namedNode(`${ID}run/${name}`);
  return { graph: `${ID}graph/run/${name}`, quads: [quad(run, DIGEST, literal(digest)), quad(run, namedNode('urn:score'), literal(score))] };
}

/** Every quad of a store as sorted text, for comparing whole archives. */
async function dump(store: Store): Promise<string[]> {
  const result = await store.query('SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }');
  assert.equal(result.type, 'bindings');
  return (result as { rows: Map<string, { termType: string; value: string }>[] }).rows
    .map((r) => ['g', 's', 'p', 'o'].map((v) => (r.get(v)!.termType === 'BlankNode' ? '_:' : r.get(v)!.value)).join(' '))
    .sort();
}

/** Counts the graphs a store is asked to write. */
function counting(store: Store): Store & { written: string[] } {
  const written: string[] = [];
  return Object.assign(Object.create(store) as Store, {
    written,
    replaceGraphs: async (batch: GraphContent[]) => {
      written.push(...batch.map((g) => g.graph));
      await store.replaceGraphs(batch);
    },
  }) as Store & { written: string[] };
}

describe('syncArchives', function () {
  let dir: string;
  let from: EmbeddedStore;
  let to: EmbeddedStore;

  beforeEach(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-sync-'));
    from = await EmbeddedStore.open(path.join(dir, 'from'));
    to = await EmbeddedStore.open(path.join(dir, 'to'));
    const b = blankNode('input');
    await from.replaceGraphs([
      runGraph('a', 'digest-a1', '0.5'),
      runGraph('b', 'digest-b1', '0.7'),
      { graph: `${ID}graph/vocabulary`, quads: [quad(namedNode(`${ID}algo/rf`), namedNode('urn:label'), literal('random forest'))] },
      { graph: `${ID}graph/dataset/iris`, quads: [quad(namedNode(`${ID}dataset/iris`), namedNode('urn:input'), b), quad(b, namedNode('urn:name'), literal('train'))] },
      { graph: 'urn:not-ours', quads: [quad(namedNode('urn:x'), namedNode('urn:y'), literal('z'))] },
    ]);
  });

  afterEach(async function () {
    await from.close();
    await to.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies every rungraph graph, and only those, into an empty store', async function () {
    assert.deepEqual(await syncArchives(from, to), { copied: 4, unchanged: 0, deleted: 0 });
    const expected = (await dump(from)).filter((line) => !line.startsWith('urn:not-ours'));
    assert.deepEqual(await dump(to), expected);
  });

  it('writes nothing when both sides already agree', async function () {
    await syncArchives(from, to);
    const target = counting(to);
    assert.deepEqual(await syncArchives(from, target), { copied: 0, unchanged: 4, deleted: 0 });
    assert.deepEqual(target.written, []);
  });

  it('copies only the runs whose digest changed and the shared graphs whose triples changed', async function () {
    await syncArchives(from, to);
    await from.replaceGraphs([runGraph('b', 'digest-b2', '0.9'), { graph: `${ID}graph/vocabulary`, quads: [quad(namedNode(`${ID}algo/rf`), namedNode('urn:label'), literal('random forests'))] }]);
    const target = counting(to);
    assert.deepEqual(await syncArchives(from, target), { copied: 2, unchanged: 2, deleted: 0 });
    assert.deepEqual(target.written.sort(), [`${ID}graph/run/b`, `${ID}graph/vocabulary`]);
    assert.deepEqual(await dump(to), (await dump(from)).filter((line) => !line.startsWith('urn:not-ours')));
  });

  it('deletes graphs the source no longer holds only when asked to prune', async function () {
    await syncArchives(from, to);
    await from.deleteGraphs([`${ID}graph/run/a`]);
    assert.deepEqual(await syncArchives(from, to), { copied: 0, unchanged: 3, deleted: 0 });
    assert.ok((await dump(to)).some((line) => line.startsWith(`${ID}graph/run/a `)));
    assert.deepEqual(await syncArchives(from, to, { prune: true }), { copied: 0, unchanged: 3, deleted: 1 });
    assert.ok(!(await dump(to)).some((line) => line.startsWith(`${ID}graph/run/a `)));
  });

  it('writes in batches of the given size', async function () {
    const target = counting(to);
    const calls: number[] = [];
    const batching = Object.assign(Object.create(target) as Store, {
      replaceGraphs: async (batch: GraphContent[]) => {
        calls.push(batch.length);
        await target.replaceGraphs(batch);
      },
    });
    await syncArchives(from, batching, { batchSize: 3 });
    assert.deepEqual(calls, [3, 1]);
    await assert.rejects(syncArchives(from, to, { batchSize: 0 }), RangeError);
  });
});
