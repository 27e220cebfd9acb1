import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isomorphic } from 'rdf-isomorphic';
import { StoreError } from '../../src/errors.js';
import { archiveQuads } from '../../src/export/export-archive.js';
import { importSource } from '../../src/import/import-source.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { openStore } from '../../src/store/open-store.js';
import { serveArchive } from '../../src/store/serve/serve-archive.js';
import { cuttingProxy, type CutMode } from './support/cutting-proxy.js';
import { scratchDirectory } from './support/cli-process.js';
import { writeRunsJsonl } from './support/generated-runs.js';

const RUNS = 60;
const BATCH = 5;
const RUN_GRAPH = /\/id\/run\/json\//;

describe('a remote store that drops the connection mid-import', function () {
  this.timeout(300_000);
  let dir: string;
  let source: string;
  const mappings = loadMappings();
  let expected: Awaited<ReturnType<typeof archiveQuads>>;

  before(async () => {
    dir = scratchDirectory('remote-drop');
    source = path.join(dir, 'runs.jsonl');
    writeRunsJsonl(source, RUNS);
    // The uninterrupted import, into an embedded archive: the remote one must end up isomorphic to it.
    const reference = await EmbeddedStore.open(path.join(dir, 'reference'));
    await importSource(reference, source, { tracker: 'json', mappings, batchSize: BATCH });
    expected = await archiveQuads(reference);
    await reference.close();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const mode of ['refuse', 'lose-answer'] as CutMode[]) {
    it(`fails clearly when the server goes away (${mode}), and the next run resumes with nothing lost or duplicated`, async () => {
      const backend = await EmbeddedStore.open(path.join(dir, `served-${mode}`));
      const served = await serveArchive(backend, { port: 0, allowUpdate: true });
      const proxy = await cuttingProxy(served.url);
      try {
        const remote = await openStore(`sparql+${proxy.url}`, { remote: { retries: 2, backoffMs: 5, env: {} } });
        // Requests: the server probe, the vocabulary graph, the digest lookup, then one per batch of runs.
        proxy.cutAfter(3 + 4, mode);
        await assert.rejects(importSource(remote, source, { tracker: 'json', mappings, batchSize: BATCH }), (e: unknown) => {
          assert.ok(e instanceof StoreError, String(e));
          assert.match(e.message, /failed: cannot reach it/);
          assert.match(String(e.context.endpoint), /^http:\/\/127\.0\.0\.1:\d+\/sparql$/);
          return true;
        });
        assert.ok(proxy.cut >= 3, `the proxy cut ${proxy.cut} requests`);
        const partial = (await archiveQuads(backend)).filter((q) => RUN_GRAPH.test(q.graph.value));
        const partialRuns = new Set(partial.map((q) => q.graph.value)).size;
        assert.ok(partialRuns < RUNS, 'the whole import went through before the cut');
        // With lost answers the batch the client gave up on was nevertheless applied: still whole batches.
        assert.equal(partialRuns % BATCH, 0);

        proxy.cutAfter(Infinity, mode);
        const resumed = await importSource(remote, source, { tracker: 'json', mappings, batchSize: BATCH });
        assert.equal(resumed.unchanged, partialRuns);
        assert.equal(resumed.added, RUNS - partialRuns);
        const actual = await archiveQuads(backend);
        assert.equal(actual.length, expected.length);
        assert.ok(isomorphic(actual, expected), 'the resumed remote archive differs from an uninterrupted import');
      } finally {
        await proxy.close();
        await served.close();
        await backend.close();
      }
    });
  }
});
