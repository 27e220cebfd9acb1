import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { ArchiveCapacityError } from '../../src/errors.js';
import { EmbeddedStore, DEFAULT_MAX_QUADS } from '../../src/store/embedded/embedded-store.js';
import type { GraphContent } from '../../src/store/store.js';
import { archiveGraphSizes } from '../support/graph-sizes.js';

const { namedNode, literal, quad } = DataFactory;

/** A run-like graph of `size` quads. */
function graph(name: string, size: number): GraphContent {
  const subject = namedNode(`urn:run:${name}`);
  return { graph: `urn:run:${name}`, quads: Array.from({ length: size }, (_, i) => quad(subject, namedNode(`urn:p:${i}`), literal(`${name}-${i}`))) };
}


describe('the embedded archive at its capacity', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-capacity-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a batch that would pass maxQuads with ArchiveCapacityError pointing to a SPARQL server', async () => {
    const store = await EmbeddedStore.open(dir, { maxQuads: 25 });
    await store.replaceGraphs([graph('a', 10), graph('b', 10)]);
    await assert.rejects(store.replaceGraphs([graph('c', 10)]), (e: unknown) => {
      assert.ok(e instanceof ArchiveCapacityError, `expected ArchiveCapacityError, got ${String(e)}`);
      assert.equal(e.code, 'ARCHIVE_CAPACITY');
      assert.match(e.message, /30 quads, over its limit of 25/);
      assert.match(e.hint ?? '', /SPARQL server/);
      assert.match(e.hint ?? '', /sparql\+http/);
      return true;
    });
    // The refused batch left no trace in the open store, and it still takes writes that fit.
    assert.equal(store.size, 20);
    await store.replaceGraphs([graph('d', 5)]);
    await store.close();
  });

  it('counts the room replaced and deleted graphs free, without asking the engine again', async () => {
    const store = await EmbeddedStore.open(dir, { maxQuads: 25 });
    await store.replaceGraphs([graph('a', 10), graph('b', 10)]);
    await store.replaceGraphs([graph('a', 2)]); // a shrinks: 12 quads now
    await store.replaceGraphs([graph('c', 13)]); // 25, at the limit
    await assert.rejects(store.replaceGraphs([graph('d', 1)]), ArchiveCapacityError);
    await store.deleteGraphs(['urn:run:b']); // 15
    await store.replaceGraphs([graph('d', 10)]); // 25 again
    await assert.rejects(store.replaceGraphs([graph('e', 1)]), /26 quads, over its limit of 25/);
    assert.equal(store.size, 25);
    await store.close();
  });

  it('leaves the archive intact on disk after a refusal: every earlier graph whole, the refused one absent', async () => {
    const store = await EmbeddedStore.open(dir, { maxQuads: 25 });
    await store.replaceGraphs([graph('a', 10)]);
    await store.replaceGraphs([graph('b', 10)]);
    await assert.rejects(store.replaceGraphs([graph('c', 3), graph('d', 3)]), ArchiveCapacityError);
    await store.close();
    assert.deepEqual(await archiveGraphSizes(dir), new Map([['urn:run:a', 10], ['urn:run:b', 10]]));
    // Reopened with the default limit, the same archive takes the batch it refused before.
    const reopened = await EmbeddedStore.open(dir);
    await reopened.replaceGraphs([graph('c', 3), graph('d', 3)]);
    await reopened.close();
    assert.deepEqual(await archiveGraphSizes(dir), new Map([['urn:run:a', 10], ['urn:run:b', 10], ['urn:run:c', 3], ['urn:run:d', 3]]));
  });

  it('has a default limit well inside what the WASM engine can address', () => {
    // docs/benchmarks.md: 50,000 runs of the benchmark's shape, 10.25 M quads, grew the engine to
    // 3.45 GiB, about 362 bytes per quad; the default must keep a full archive under 3.5 GiB of the
    // 4 GiB the engine can address (it failed at 12.0 M quads).
    const measuredBytesPerQuad = 362;
    assert.ok(Number.isInteger(DEFAULT_MAX_QUADS) && DEFAULT_MAX_QUADS >= 1_000_000);
    assert.ok(DEFAULT_MAX_QUADS * measuredBytesPerQuad < 3.5 * 2 ** 30, 'a full archive would leave less than 0.5 GiB of headroom');
  });
});
