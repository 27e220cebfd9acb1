/**
 * serveArchive speaks the SPARQL 1.1 Protocol for any store: checked with raw HTTP requests, and by running
 * the whole store contract through a RemoteStore pointed at a served embedded archive.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFactory, Parser } from 'n3';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.js';
import { RemoteStore } from '../../../src/store/remote/remote-store.js';
import { serveArchive, type ServedArchive } from '../../../src/store/serve/serve-archive.js';
import type { Store } from '../../../src/store/store.js';
import { describeStoreContract } from '../store-contract.js';

const { namedNode, literal, quad } = DataFactory;
const directories: string[] = [];

function tempArchive(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-serve-'));
  directories.push(dir);
  return dir;
}

after(function () {
  for (const dir of directories) fs.rmSync(dir, { recursive: true, force: true });
});

/** A RemoteStore on a served archive; closing it also stops the server and closes the archive. */
async function servedRemote(): Promise<Store> {
  const archive = await EmbeddedStore.open(tempArchive());
  const served = await serveArchive(archive, { port: 0, allowUpdate: true });
  const remote = RemoteStore.open(`sparql+${served.url}`, { retries: 0, env: {} });
  return Object.assign(Object.create(remote) as RemoteStore, {
    close: async () => {
      await served.close();
      await archive.close();
    },
  });
}

describeStoreContract('embedded archive served over the SPARQL protocol', servedRemote);

describe('serveArchive', function () {
  let archive: EmbeddedStore;
  let served: ServedArchive;

  beforeEach(async function () {
    archive = await EmbeddedStore.open(tempArchive());
    await archive.replaceGraphs([
      { graph: 'urn:g', quads: [quad(namedNode('urn:run'), namedNode('urn:score'), literal('0.5', namedNode('http://www.w3.org/2001/XMLSchema#double')))] },
    ]);
  });

  afterEach(async function () {
    await served?.close();
    await archive.close();
  });

  const SELECT = 'SELECT ?s ?o WHERE { ?s <urn:score> ?o }';

  it('binds to 127.0.0.1 by default and answers GET queries with SPARQL JSON', async function () {
    served = await serveArchive(archive, { port: 0 });
    assert.match(served.url, /^http:\/\/127\.0\.0\.1:\d+\/sparql$/);
    const response = await fetch(`${served.url}?query=${encodeURIComponent(SELECT)}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /application\/sparql-results\+json/);
    const body = (await response.json()) as { head: { vars: string[] }; results: { bindings: Record<string, { value: string; datatype?: string }>[] } };
    assert.deepEqual(body.head.vars, ['s', 'o']);
    assert.equal(body.results.bindings[0].s.value, 'urn:run');
    assert.equal(body.results.bindings[0].o.datatype, 'http://www.w3.org/2001/XMLSchema#double');
  });

  it('answers POST queries url-encoded and direct, and ASK with a boolean', async function () {
    served = await serveArchive(archive, { port: 0 });
    const form = await fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: SELECT }) });
    assert.equal(((await form.json()) as { results: { bindings: unknown[] } }).results.bindings.length, 1);
    const direct = await fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: 'ASK { ?s <urn:score> ?o }' });
    assert.deepEqual(await direct.json(), { head: {}, boolean: true });
  });

  it('answers CONSTRUCT with N-Triples, or Turtle when only that is accepted', async function () {
    served = await serveArchive(archive, { port: 0 });
    const query = encodeURIComponent('CONSTRUCT { ?s <urn:copy> ?o } WHERE { ?s <urn:score> ?o }');
    const nt = await fetch(`${served.url}?query=${query}`);
    assert.match(nt.headers.get('content-type')!, /application\/n-triples/);
    const quads = new Parser({ format: 'N-Triples' }).parse(await nt.text());
    assert.deepEqual(quads.map((q) => [q.subject.value, q.predicate.value, q.object.value]), [['urn:run', 'urn:copy', '0.5']]);
    const ttl = await fetch(`${served.url}?query=${query}`, { headers: { accept: 'text/turtle' } });
    assert.match(ttl.headers.get('content-type')!, /text\/turtle/);
    assert.equal(new Parser({ format: 'Turtle' }).parse(await ttl.text()).length, 1);
  });

  it('refuses updates unless allowed, and leaves the archive untouched', async function () {
    served = await serveArchive(archive, { port: 0 });
    const response = await fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: 'CLEAR ALL' });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /read-only.*--allow-update/);
    assert.deepEqual(await archive.query('ASK { ?s ?p ?o }'), { type: 'boolean', value: true });
  });

  it('runs updates when allowed', async function () {
    served = await serveArchive(archive, { port: 0, allowUpdate: true });
    const response = await fetch(served.url, { method: 'POST', body: new URLSearchParams({ update: 'CLEAR ALL' }) });
    assert.equal(response.status, 204);
    assert.deepEqual(await archive.query('ASK { ?s ?p ?o }'), { type: 'boolean', value: false });
  });

  it('answers protocol mistakes with their status codes', async function () {
    served = await serveArchive(archive, { port: 0, allowUpdate: true });
    const status = async (input: string, init?: RequestInit) => (await fetch(input, init)).status;
    assert.equal(await status(`${served.url}?query=${encodeURIComponent('SELECT ?x WHERE {')}`), 400);
    assert.equal(await status(served.url), 400);
    assert.equal(await status(`${served.url}?update=${encodeURIComponent('CLEAR ALL')}`), 400);
    assert.equal(await status(`${served.url}?query=${encodeURIComponent(SELECT)}&default-graph-uri=urn:g`), 400);
    assert.equal(await status(served.url, { method: 'PUT', body: 'x' }), 405);
    assert.equal(await status(served.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: SELECT }), 415);
    assert.equal(await status(served.url.replace('/sparql', '/other')), 404);
  });

  it('refuses bodies over the size limit with 413', async function () {
    served = await serveArchive(archive, { port: 0, maxBodyBytes: 100 });
    const response = await fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: `ASK { ?s ?p "${'x'.repeat(200)}" }` });
    assert.equal(response.status, 413);
  });

  it('answers 503 when the store takes longer than the time limit', async function () {
    const slow: Store = { ...archive, location: 'slow', query: () => new Promise((resolve) => setTimeout(() => resolve({ type: 'boolean', value: true }), 500)) } as unknown as Store;
    served = await serveArchive(slow, { port: 0, timeoutMs: 50 });
    const response = await fetch(`${served.url}?query=${encodeURIComponent('ASK {}')}`);
    assert.equal(response.status, 503);
    assert.match(await response.text(), /no answer within 50 ms/);
  });

  it('reports a port in use as an error', async function () {
    served = await serveArchive(archive, { port: 0 });
    await assert.rejects(serveArchive(archive, { port: served.port }), /EADDRINUSE/);
  });
});
