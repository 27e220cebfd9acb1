/** openStore chooses the backend from the archive URI. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { openStore } from '../../src/store/open-store.js';
import { RemoteStore } from '../../src/store/remote/remote-store.js';

describe('openStore', function () {
  it('opens a directory as the embedded archive', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-open-'));
    try {
      const store = await openStore(path.join(dir, 'archive'));
      assert.ok(store instanceof EmbeddedStore);
      await store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens sparql+http and sparql+https URIs as remote stores with their endpoints', async function () {
    const store = await openStore('sparql+https://db.example.org:8443/repositories/runs?update=/repositories/runs/statements&gsp=/repositories/runs/rdf-graphs/service');
    assert.ok(store instanceof RemoteStore);
    assert.equal(store.location, 'https://db.example.org:8443/repositories/runs');
    assert.deepEqual(store.endpoints, {
      query: 'https://db.example.org:8443/repositories/runs',
      update: 'https://db.example.org:8443/repositories/runs/statements',
      graphStore: 'https://db.example.org:8443/repositories/runs/rdf-graphs/service',
      write: 'auto',
    });
    const virtuoso = (await openStore('sparql+http://127.0.0.1:8890/sparql')) as RemoteStore;
    assert.deepEqual(virtuoso.endpoints, {
      query: 'http://127.0.0.1:8890/sparql',
      update: 'http://127.0.0.1:8890/sparql',
      graphStore: 'http://127.0.0.1:8890/sparql-graph-crud',
      write: 'auto',
    });
  });

  it('refuses other URI schemes and bad settings as misuse', async function () {
    await assert.rejects(openStore('http://example.org/sparql'), /use a directory or sparql\+http/);
    await assert.rejects(openStore('sparql+http://h/sparql?write=post'), /write must be "auto", "update" or "gsp"/);
    await assert.rejects(openStore('sparql+http://h/sparql?timeout=soon'), RangeError);
  });
});
