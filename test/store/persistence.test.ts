import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArchiveLockedError } from '../../src/errors.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { archiveGraphSizes } from '../support/graph-sizes.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'writer-child.ts');
const RUNS_PER_BATCH = 20;
const QUADS_PER_RUN = 40;

function startWriter(dir: string, batches: number, mode?: 'hold' | 'bulk'): { process: ChildProcess; lines: string[]; waitFor: (line: RegExp) => Promise<void> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, String(batches), ...(mode ? [mode] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  let buffer = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((x) => x.re.test(line))) w.resolve();
    }
  });
  const waitFor = (re: RegExp) =>
    new Promise<void>((resolve, reject) => {
      if (lines.some((l) => re.test(l))) return resolve();
      waiters.push({ re, resolve });
      proc.on('exit', () => reject(new Error(`writer exited before printing ${re}; got ${lines.join(', ')}`)));
    });
  return { process: proc, lines, waitFor };
}

const exited = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.on('exit', () => resolve())));


describe('the embedded archive on disk', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-persist-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('survives SIGKILL mid-import: every batch is whole or absent, and a re-run completes it', async () => {
    // The second writer journals its batches without the engine and compacts by merging the files.
    const killedAfter = [2, 7, 11];
    for (const [i, after] of killedAfter.entries()) {
      const writer = startWriter(dir, 40, i === 1 ? 'bulk' : undefined);
      await writer.waitFor(new RegExp(`^batch ${after}$`));
      // Let it get into the next write (or compaction) before the kill lands.
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 40)));
      writer.process.kill('SIGKILL');
      await exited(writer.process);
      const sizes = await archiveGraphSizes(dir);
      const completed = Math.max(...writer.lines.filter((l) => l.startsWith('batch ')).map((l) => Number(l.slice(6))));
      // Every batch reported durable is there, whole; nothing is half-written.
      assert.ok(sizes.size >= (completed + 1) * RUNS_PER_BATCH, `lost durable batches: ${sizes.size} graphs after batch ${completed}`);
      assert.equal(sizes.size % RUNS_PER_BATCH, 0, 'a batch was applied partially');
      for (const [graph, n] of sizes) assert.equal(n, QUADS_PER_RUN, `graph ${graph} is half-written`);
    }
    // The killed writers' locks were stale: a new writer finishes the whole import.
    const last = startWriter(dir, 40);
    await last.waitFor(/^done$/);
    await exited(last.process);
    const sizes = await archiveGraphSizes(dir);
    assert.equal(sizes.size, 40 * RUNS_PER_BATCH);
  });

  it('lets one writer in at a time and names the pid holding the lock', async () => {
    const writer = startWriter(dir, 0, 'hold');
    await writer.waitFor(/^opened$/);
    await assert.rejects(EmbeddedStore.open(dir), (e: unknown) => {
      assert.ok(e instanceof ArchiveLockedError);
      assert.match(e.message, new RegExp(`locked by pid ${writer.process.pid}`));
      return true;
    });
    // Readers never wait for the writer.
    const reader = await EmbeddedStore.open(dir, { readOnly: true });
    await reader.close();
    writer.process.kill('SIGKILL');
    await exited(writer.process);
    const store = await EmbeddedStore.open(dir);
    await store.close();
  });

  it('drops a torn journal tail and keeps every complete entry', async () => {
    const store = await EmbeddedStore.open(dir);
    await store.replaceGraphs([{ graph: 'urn:g:1', quads: [] }]);
    const { DataFactory } = await import('n3');
    const q = (g: string) => DataFactory.quad(DataFactory.namedNode('urn:s'), DataFactory.namedNode('urn:p'), DataFactory.literal(g));
    await store.replaceGraphs([{ graph: 'urn:g:1', quads: [q('one')] }]);
    await store.replaceGraphs([{ graph: 'urn:g:2', quads: [q('two')] }]);
    await store.close();
    const journal = path.join(dir, 'journal.log');
    const size = fs.statSync(journal).size;
    fs.truncateSync(journal, size - 10);
    const sizes = await archiveGraphSizes(dir);
    assert.deepEqual([...sizes.keys()], ['urn:g:1']);
    // A writer truncates the torn tail, and later entries follow the last valid one.
    const again = await EmbeddedStore.open(dir);
    await again.replaceGraphs([{ graph: 'urn:g:3', quads: [q('three')] }]);
    await again.close();
    assert.deepEqual([...(await archiveGraphSizes(dir)).keys()].sort(), ['urn:g:1', 'urn:g:3']);
  });

  it('takes a batch the engine could not apply back out of the journal, so the archive still opens', async () => {
    const { DataFactory } = await import('n3');
    const q = DataFactory.quad(DataFactory.namedNode('urn:s'), DataFactory.namedNode('urn:p'), DataFactory.literal('kept'));
    const store = await EmbeddedStore.open(dir);
    await store.replaceGraphs([{ graph: 'urn:g:1', quads: [q] }]);
    // The journal accepts the entry, the engine rejects it (a graph name that is no IRI).
    await assert.rejects(store.replaceGraphs([{ graph: 'not an iri', quads: [q] }]));
    await assert.rejects(store.query('ASK { ?s ?p ?o }'), 'a handle whose engine failed refuses further use');
    await store.close();
    assert.deepEqual([...(await archiveGraphSizes(dir)).entries()], [['urn:g:1', 1]]);
    const again = await EmbeddedStore.open(dir);
    await again.replaceGraphs([{ graph: 'urn:g:2', quads: [q] }]);
    await again.close();
    assert.equal((await archiveGraphSizes(dir)).size, 2);
  });

  it('ignores a journal made obsolete by a compaction that crashed before replacing it', async () => {
    const { DataFactory } = await import('n3');
    const store = await EmbeddedStore.open(dir);
    await store.replaceGraphs([{ graph: 'urn:g:1', quads: [DataFactory.quad(DataFactory.namedNode('urn:s'), DataFactory.namedNode('urn:p'), DataFactory.literal('x'))] }]);
    const oldJournal = fs.readFileSync(path.join(dir, 'journal.log'));
    store.compact();
    await store.deleteGraphs(['urn:g:1']);
    store.compact();
    await store.close();
    // Simulate the crash window: the new snapshot is in place but the journal is still the old one.
    fs.writeFileSync(path.join(dir, 'journal.log'), oldJournal);
    assert.equal((await archiveGraphSizes(dir)).size, 0);
  });
});
