import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import * as path from 'node:path';
import { isomorphic } from 'rdf-isomorphic';
import type { Quad } from '@rdfjs/types';
import { StoreError } from '../../src/errors.js';
import { importSource } from '../../src/import/import-source.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { readJournal } from '../../src/store/embedded/journal.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { byGraph, exportedQuads } from './support/archive-content.js';
import { runCli, scratchDirectory } from './support/cli-process.js';
import { writeRunsJsonl } from './support/generated-runs.js';

const RUNS = 100;
const BATCH = 5;
const RUN_GRAPH = /\/id\/run\/json\//;

/** Every run graph in the archive, and a check that whole batches only are there. */
async function wholeRunGraphs(archive: string): Promise<Map<string, Quad[]>> {
  const graphs = byGraph(await exportedQuads(archive));
  const runs = new Map([...graphs].filter(([g]) => RUN_GRAPH.test(g)));
  assert.equal(runs.size % BATCH, 0, `${runs.size} run graphs: a batch was written partially`);
  // The generated runs all have one shape, so a torn run graph would hold fewer quads than the others.
  const sizes = new Set([...runs.values()].map((quads) => quads.length));
  assert.ok(sizes.size <= 1, `run graphs of one shape hold different numbers of quads: ${[...sizes].join(', ')}`);
  for (const [graph, quads] of runs) assert.ok(quads.length > 40, `${graph} holds only ${quads.length} quads`);
  return runs;
}

/** Lets the next `budget` bytes through fs.writeSync, writes part of the call that crosses it, then fails with ENOSPC. */
function fillDiskAfter(budget: number): () => void {
  const original = fs.writeSync;
  let left = budget;
  const failing = (fd: number, buffer: NodeJS.ArrayBufferView, offset?: number, length?: number, position?: number | null): number => {
    const size = length ?? buffer.byteLength - (offset ?? 0);
    if (left <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    const n = original(fd, buffer, offset, Math.min(size, left), position);
    left -= n;
    return n;
  };
  fs.writeSync = failing as typeof fs.writeSync;
  syncBuiltinESMExports();
  return () => {
    fs.writeSync = original;
    syncBuiltinESMExports();
  };
}

describe('a disk that fills up during an import', function () {
  this.timeout(300_000);
  let dir: string;
  let source: string;
  beforeEach(() => {
    dir = scratchDirectory('disk-full');
    source = path.join(dir, 'runs.jsonl');
    writeRunsJsonl(source, RUNS);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails with an error naming the archive, rolls back the torn batch, and a re-run completes the import', async () => {
    const archive = path.join(dir, 'archive');
    const mappings = loadMappings();
    const store = await EmbeddedStore.open(archive);
    const restore = fillDiskAfter(700_000);
    try {
      await assert.rejects(importSource(store, source, { tracker: 'json', mappings, batchSize: BATCH }), (e: unknown) => {
        assert.ok(e instanceof StoreError, String(e));
        assert.match(e.message, new RegExp(`cannot write to archive .*archive: the disk is full; this batch was not written`));
        assert.equal(e.context.file, archive);
        return true;
      });
    } finally {
      restore();
      await store.close();
    }
    // The failed append was cut off again: no torn tail, only whole entries.
    const journal = readJournal(path.join(archive, 'journal.log'))!;
    assert.equal(journal.tornTail, false);
    const before = await wholeRunGraphs(archive);
    assert.ok(before.size > 0 && before.size < RUNS, `expected a partial import, got ${before.size} runs`);

    const again = await EmbeddedStore.open(archive);
    const summary = await importSource(again, source, { tracker: 'json', mappings, batchSize: BATCH });
    await again.close();
    assert.equal(summary.unchanged, before.size);
    assert.equal(summary.added, RUNS - before.size);
    const after = await wholeRunGraphs(archive);
    assert.equal(after.size, RUNS);
    for (const [graph, quads] of before) assert.ok(isomorphic(quads, after.get(graph)!), `${graph} changed`);
  });

  it('on a real, tiny tmpfs: the CLI says the disk is full, the archive reopens, and more space lets the import finish', async function () {
    const mount = path.join(dir, 'mnt');
    fs.mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount], { stdio: 'ignore' });
    } catch {
      this.skip(); // needs root on Linux; the fault-injection test above covers the same path
    }
    try {
      const archive = path.join(mount, 'archive');
      const full = await runCli(['--archive', archive, 'import', '--tracker', 'json', '--batch-size', String(BATCH), source]);
      assert.equal(full.code, 1, full.stdout);
      assert.match(full.stderr, new RegExp(`^rungraph: cannot write to archive ${archive}: the disk is full`, 'm'));
      assert.match(full.stderr, /hint: free some space/);
      assert.ok(!fs.existsSync(path.join(archive, 'lock')), 'the failed writer left its lock behind');
      const before = await wholeRunGraphs(archive);

      execFileSync('mount', ['-o', 'remount,size=64m', mount]);
      const rerun = await runCli(['--archive', archive, 'import', '--tracker', 'json', '--batch-size', String(BATCH), source]);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.match(rerun.stdout, new RegExp(`added ${RUNS - before.size}, updated 0, unchanged ${before.size}`));
      assert.equal((await wholeRunGraphs(archive)).size, RUNS);
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});
