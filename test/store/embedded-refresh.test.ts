/**
 * A read-only handle catching up with another process's writes (EmbeddedStore.refresh): new journal entries,
 * compactions, a torn tail still being written, a journal cut back and rewritten, and never half a batch.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFactory } from 'n3';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { encodeEntry } from '../../src/store/embedded/journal.js';
import type { GraphContent } from '../../src/store/store.js';
import { graphSizes } from '../support/graph-sizes.js';

const writerChild = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'writer-child.ts');
/** As written by writer-child.ts. */
const RUNS_PER_BATCH = 20;
const QUADS_PER_RUN = 40;

const { namedNode, literal, quad } = DataFactory;

function graph(name: string, values: number): GraphContent {
  const g = `urn:test:${name}`;
  return { graph: g, quads: Array.from({ length: values }, (_, i) => quad(namedNode(g), namedNode('urn:test:value'), literal(String(i)))) };
}


describe('a read-only embedded archive catching up with writes (refresh)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-refresh-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('applies the batches written since it opened, and nothing when nothing changed', async () => {
    const writer = await EmbeddedStore.open(dir);
    await writer.replaceGraphs([graph('a', 3)]);
    const reader = await EmbeddedStore.open(dir, { readOnly: true });
    assert.equal(reader.refresh(), false);
    await writer.replaceGraphs([graph('b', 5), graph('c', 2)]);
    await writer.replaceGraphs([graph('a', 1)]);
    await writer.deleteGraphs(['urn:test:c']);
    assert.deepEqual(await graphSizes(reader), new Map([['urn:test:a', 3]]), 'no catch-up before refresh');
    assert.equal(reader.refresh(), true);
    assert.deepEqual(await graphSizes(reader), new Map([['urn:test:a', 1], ['urn:test:b', 5]]));
    assert.equal(reader.refresh(), false);
    await writer.close();
    await reader.close();
  });

  it('starts from an archive that did not exist when it opened', async () => {
    const reader = await EmbeddedStore.open(dir, { readOnly: true });
    assert.equal(reader.refresh(), false);
    const writer = await EmbeddedStore.open(dir);
    await writer.replaceGraphs([graph('a', 4)]);
    assert.equal(reader.refresh(), true);
    assert.deepEqual(await graphSizes(reader), new Map([['urn:test:a', 4]]));
    await writer.close();
  });

  it('reloads after a compaction, and then follows the new journal', async () => {
    const writer = await EmbeddedStore.open(dir);
    await writer.replaceGraphs([graph('a', 3)]);
    const reader = await EmbeddedStore.open(dir, { readOnly: true });
    await writer.replaceGraphs([graph('b', 2)]);
    writer.compact();
    await writer.replaceGraphs([graph('c', 6)]);
    assert.equal(reader.refresh(), true);
    assert.deepEqual(await graphSizes(reader), new Map([['urn:test:a', 3], ['urn:test:b', 2], ['urn:test:c', 6]]));
    await writer.replaceGraphs([graph('d', 1)]);
    assert.equal(reader.refresh(), true);
    assert.equal((await graphSizes(reader)).get('urn:test:d'), 1);
    await writer.close();
  });

  it('leaves a torn tail (an entry still being written) for the next refresh', async () => {
    const writer = await EmbeddedStore.open(dir);
    await writer.replaceGraphs([graph('a', 3)]);
    await writer.close();
    const reader = await EmbeddedStore.open(dir, { readOnly: true });
    const journal = path.join(dir, 'journal.log');
    const entry = encodeEntry({ op: 'replace', graphs: ['urn:test:b'], nquads: '<urn:test:b> <urn:test:value> "1" <urn:test:b> .\n<urn:test:b> <urn:test:value> "2" <urn:test:b> .\n' });
    const cut = Math.floor(entry.length / 2);
    fs.appendFileSync(journal, entry.subarray(0, cut));
    assert.equal(reader.refresh(), false, 'half an entry is not applied');
    assert.equal((await graphSizes(reader)).has('urn:test:b'), false);
    fs.appendFileSync(journal, entry.subarray(cut));
    assert.equal(reader.refresh(), true, 'the same entry, now whole, is');
    assert.deepEqual(await graphSizes(reader), new Map([['urn:test:a', 3], ['urn:test:b', 2]]));
    await reader.close();
  });

  it('reloads when the journal was cut back and written again past where it had read', async () => {
    const writer = await EmbeddedStore.open(dir);
    await writer.replaceGraphs([graph('a', 3)]);
    const before = fs.statSync(path.join(dir, 'journal.log')).size;
    await writer.replaceGraphs([graph('b', 2)]);
    await writer.close();
    const reader = await EmbeddedStore.open(dir, { readOnly: true });
    assert.equal((await graphSizes(reader)).get('urn:test:b'), 2);
    // What a writer does when the engine refuses a batch: the entry is taken back out; a later writer appends another.
    fs.truncateSync(path.join(dir, 'journal.log'), before);
    const next = await EmbeddedStore.open(dir);
    await next.replaceGraphs([graph('c', 7), graph('d', 7)]);
    await next.close();
    assert.equal(reader.refresh(), true);
    assert.deepEqual(await graphSizes(reader), new Map([['urn:test:a', 3], ['urn:test:c', 7], ['urn:test:d', 7]]));
  });

  it('never shows half a batch while another process writes and compacts', async () => {
    const reader = await EmbeddedStore.open(dir, { readOnly: true });
    const batches = 30;
    const child = spawn(process.execPath, ['--import', 'tsx', writerChild, dir, String(batches)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let running = true;
    void done.then(() => (running = false));
    const seen = new Set<number>();
    while (running) {
      reader.refresh();
      const sizes = await graphSizes(reader);
      assert.equal(sizes.size % RUNS_PER_BATCH, 0, `a whole number of batches, got ${sizes.size} graphs`);
      for (const [g, n] of sizes) assert.equal(n, QUADS_PER_RUN, `graph ${g} is whole`);
      seen.add(sizes.size);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(await done, 0);
    assert.match(output, /done/);
    reader.refresh();
    assert.equal((await graphSizes(reader)).size, batches * RUNS_PER_BATCH);
    assert.ok(seen.size > 2, `saw the archive at several sizes while it grew (${[...seen].join(', ')})`);
  });
});
