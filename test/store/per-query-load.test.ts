/**
 * A read-only archive loads for each query only the quads of the predicates it can match (decision 0002,
 * "Loading for one query"), and every query of one handle still sees the archive as it was at open: over
 * journal entries (each load starts anew, reading the journal only as far as at open) and over a snapshot
 * alone (a load adds the missing predicates to the engine).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { ArchiveCorruptError } from '../../src/errors.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { GraphContent, Store } from '../../src/store/store.js';

const { namedNode, literal, quad } = DataFactory;

/** A graph with one `urn:p` and one `urn:q` value, both `value`. */
function graph(name: string, value: string): GraphContent {
  const g = namedNode(`urn:test:${name}`);
  return { graph: g.value, quads: [quad(g, namedNode('urn:p'), literal(value)), quad(g, namedNode('urn:q'), literal(value))] };
}

/** Graph → value of `predicate`, as `store` answers. */
async function values(store: Store, predicate: string): Promise<Record<string, string>> {
  const result = await store.query(`SELECT ?s ?v WHERE { ?s <${predicate}> ?v }`);
  assert.equal(result.type, 'bindings');
  return Object.fromEntries(result.type === 'bindings' ? result.rows.map((r) => [r.get('s')!.value.replace('urn:test:', ''), r.get('v')!.value]) : []);
}

describe('a read-only archive loading per query', function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-per-query-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const compacted of [false, true]) {
    it(`shows every query the archive as at open, whatever each loads (${compacted ? 'snapshot alone' : 'journal entries'})`, async function () {
      const writer = await EmbeddedStore.open(dir);
      await writer.replaceGraphs([graph('a', '1'), graph('b', '1')]);
      await writer.replaceGraphs([graph('a', '2')]);
      if (compacted) writer.compact();
      const reader = await EmbeddedStore.open(dir, { readOnly: true });
      assert.equal(reader.loadSeconds, 0, 'opening loads nothing');
      await writer.replaceGraphs([graph('a', '3'), graph('c', '3')]);
      await writer.deleteGraphs(['urn:test:b']);

      assert.deepEqual(await values(reader, 'urn:p'), { a: '2', b: '1' });
      assert.ok(reader.loadSeconds > 0);
      assert.deepEqual(await values(reader, 'urn:q'), { a: '2', b: '1' }, 'a second load reads the files as they were at open');
      assert.equal(reader.size, 4, 'and so does a load of every predicate');

      assert.equal(reader.refresh(), true);
      assert.deepEqual(await values(reader, 'urn:p'), { a: '3', c: '3' });
      assert.deepEqual(await values(reader, 'urn:q'), { a: '3', c: '3' });
      await reader.close();
      await writer.close();
    });
  }

  it('after a compaction since open, loads the archive as it is now, as refresh would', async function () {
    const writer = await EmbeddedStore.open(dir);
    await writer.replaceGraphs([graph('a', '1')]);
    writer.compact();
    const reader = await EmbeddedStore.open(dir, { readOnly: true });
    assert.deepEqual(await values(reader, 'urn:p'), { a: '1' });
    await writer.replaceGraphs([graph('a', '2')]);
    writer.compact();
    assert.deepEqual(await values(reader, 'urn:q'), { a: '2' });
    assert.deepEqual(await values(reader, 'urn:p'), { a: '2' }, 'the predicates loaded earlier are read again with it');
    await reader.close();
    await writer.close();
  });

  it('never reads the snapshot lines of predicates no query needs', async function () {
    const writer = await EmbeddedStore.open(dir);
    await writer.replaceGraphs([graph('a', '1')]);
    writer.compact();
    await writer.close();
    // A line only a load of urn:broken would read, and could not.
    fs.appendFileSync(path.join(dir, 'snapshot.nq'), '<urn:test:a> <urn:broken> "unterminated <urn:test:a> .\n');
    const reader = await EmbeddedStore.open(dir, { readOnly: true });
    assert.deepEqual(await values(reader, 'urn:p'), { a: '1' });
    await assert.rejects(values(reader, 'urn:broken'), ArchiveCorruptError);
    await reader.close();
  });
});
