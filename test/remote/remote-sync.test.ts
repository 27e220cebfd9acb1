/**
 * sync between the embedded archive and a real server, both ways: the imported example runs go to the
 * server and come back into a fresh archive unchanged; a second sync writes nothing. Needs RUNGRAPH_TEST_SPARQL.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importSource } from '../../src/import/import-source.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { packagePath } from '../../src/package-root.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { RemoteStore } from '../../src/store/remote/remote-store.js';
import type { Store } from '../../src/store/store.js';
import { syncArchives, termKey } from '../../src/store/sync-archives.js';

const endpoint = process.env.RUNGRAPH_TEST_SPARQL;

/** rungraph's quads as sorted text; blank nodes by position only, literals by value. */
async function dump(store: Store): Promise<string[]> {
  const result = await store.query('SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/rungraph/")) }');
  if (result.type !== 'bindings') throw new TypeError('expected bindings');
  return result.rows.map((r) => ['g', 's', 'p', 'o'].map((v) => termKey(r.get(v)!)).join(' ')).sort();
}

if (!endpoint) {
  describe('sync with a SPARQL server', function () {
    it('needs RUNGRAPH_TEST_SPARQL=sparql+http://HOST:PORT/sparql (set by .ci/run, which starts Virtuoso)', function () {
      this.skip();
    });
  });
} else {
  describe(`sync with a SPARQL server (${endpoint})`, function () {
    this.timeout(300_000);
    let dir: string;

    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-sync-remote-'))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('copies an archive to the server and back unchanged, and a second sync writes nothing', async function () {
      const local = await EmbeddedStore.open(path.join(dir, 'local'));
      const back = await EmbeddedStore.open(path.join(dir, 'back'));
      const remote = RemoteStore.open(endpoint);
      try {
        await importSource(local, packagePath('examples', 'demo-runs.jsonl'), { tracker: 'json', mappings: loadMappings() });
        // prune: the server may hold rungraph graphs of other tests; the copy must equal the archive.
        await syncArchives(local, remote, { prune: true });
        const again = await syncArchives(local, remote);
        assert.equal(again.copied, 0);
        await syncArchives(remote, back);
        const expected = await dump(local);
        assert.ok(expected.length > 1000);
        assert.deepEqual(await dump(back), expected);
      } finally {
        await local.close();
        await back.close();
      }
    });
  });
}
