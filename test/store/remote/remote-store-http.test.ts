/**
 * The remote store's HTTP behaviour against a scripted local server: what it sends, retries with backoff,
 * time limits, and the errors a user sees for 401 / 403 / 404 / 5xx — never with the credentials in them.
 */
import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { QueryError, StoreError } from '../../../src/errors.js';
import { RemoteStore } from '../../../src/store/remote/remote-store.js';
import { ENCODED_NAN } from '../../../src/store/remote/server-quirks.js';
import { FakeSparqlServer, json, text, type Handler } from './fake-sparql-server.js';

const { namedNode, literal, quad } = DataFactory;
const fast = { backoffMs: 1, retries: 3, env: {}, nan: 'native' as const, write: 'update' as const };
const ASK_TRUE = { head: {}, boolean: true };

describe('remote store over HTTP', function () {
  let server: FakeSparqlServer | undefined;
  const start = async (handler: Handler) => (server = await FakeSparqlServer.start(handler));
  afterEach(async function () {
    await server?.stop();
    server = undefined;
  });

  it('sends queries to the query endpoint asking for SPARQL JSON, and parses the bindings', async function () {
    const s = await start((_req, res) =>
      json(res, 200, { head: { vars: ['x', 'n'] }, results: { bindings: [{ x: { type: 'uri', value: 'urn:a' }, n: { type: 'typed-literal', value: '1', datatype: 'http://www.w3.org/2001/XMLSchema#boolean' } }] } }),
    );
    const result = await RemoteStore.open(s.uri, fast).query('SELECT ?x ?n WHERE { ?x ?p ?n }');
    assert.equal(s.requests[0].method, 'GET');
    assert.equal(s.requests[0].url.pathname, '/sparql');
    assert.equal(s.requests[0].url.searchParams.get('query'), 'SELECT ?x ?n WHERE { ?x ?p ?n }');
    assert.match(String(s.requests[0].headers.accept), /application\/sparql-results\+json/);
    assert.equal(result.type, 'bindings');
    const row = (result as { rows: Map<string, { value: string }>[] }).rows[0];
    assert.equal(row.get('x')!.value, 'urn:a');
    // Virtuoso's 1 for xsd:boolean comes back canonical.
    assert.equal(row.get('n')!.value, 'true');
  });

  it('posts long queries url-encoded instead of putting them in the URL', async function () {
    const s = await start((_req, res) => json(res, 200, ASK_TRUE));
    const long = `ASK { ?s ?p "${'x'.repeat(5000)}" }`;
    await RemoteStore.open(s.uri, fast).query(long);
    assert.equal(s.requests[0].method, 'POST');
    assert.equal(new URLSearchParams(s.requests[0].body).get('query'), long);
  });

  it('writes a batch as one update that drops then inserts each graph, on the update endpoint', async function () {
    const s = await start((_req, res) => text(res, 200, 'ok'));
    const store = RemoteStore.open(`${s.uri}?update=/update-here`, fast);
    await store.replaceGraphs([
      { graph: 'urn:g1', quads: [quad(namedNode('urn:s'), namedNode('urn:p'), literal('a "quoted"\nline'))] },
      { graph: 'urn:g2', quads: [] },
    ]);
    assert.equal(s.requests.length, 1);
    assert.equal(s.requests[0].method, 'POST');
    assert.equal(s.requests[0].url.pathname, '/update-here');
    const update = new URLSearchParams(s.requests[0].body).get('update')!;
    assert.match(update, /DROP SILENT GRAPH <urn:g1> ;\s*DROP SILENT GRAPH <urn:g2> ;\s*INSERT DATA \{\s*GRAPH <urn:g1> \{/);
    assert.ok(update.includes('<urn:s> <urn:p> "a \\"quoted\\"\\nline" .'), update);
    assert.ok(!update.includes('GRAPH <urn:g2> {'), 'an empty graph is only dropped');
  });

  it('writes each graph with a Graph Store Protocol PUT when asked to', async function () {
    const s = await start((_req, res) => text(res, 201, ''));
    await RemoteStore.open(`${s.uri}?write=gsp&gsp=/crud`, { ...fast, write: undefined }).replaceGraphs([{ graph: 'urn:g 1'.replace(' ', '%20'), quads: [quad(namedNode('urn:s'), namedNode('urn:p'), literal('v'))] }]);
    assert.equal(s.requests[0].method, 'PUT');
    assert.equal(s.requests[0].url.pathname, '/crud');
    assert.equal(s.requests[0].url.searchParams.get('graph'), 'urn:g%201');
    assert.match(String(s.requests[0].headers['content-type']), /application\/n-triples/);
    assert.equal(s.requests[0].body, '<urn:s> <urn:p> "v" .\n');
  });

  it('writes xsd:double NaN encoded when the server says it is Virtuoso, and reads it back as NaN', async function () {
    const nan = literal('NaN', namedNode('http://www.w3.org/2001/XMLSchema#double'));
    const s = await start((req, res) => {
      res.setHeader('server', 'Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu');
      if (req.url.searchParams.has('query')) {
        return json(res, 200, { head: { vars: ['v'] }, results: { bindings: [{ v: { type: 'typed-literal', value: 'NaN', datatype: ENCODED_NAN } }] } });
      }
      text(res, 200, 'ok');
    });
    const store = RemoteStore.open(s.uri, { ...fast, nan: 'auto' });
    await store.replaceGraphs([{ graph: 'urn:g', quads: [quad(namedNode('urn:s'), namedNode('urn:p'), nan)] }]);
    await store.replaceGraphs([{ graph: 'urn:g', quads: [quad(namedNode('urn:s'), namedNode('urn:p'), nan)] }]);
    const updates = s.requests.filter((r) => r.method === 'POST').map((r) => new URLSearchParams(r.body).get('update')!);
    assert.equal(s.requests.length, 3, 'the server is asked once what it is');
    assert.ok(updates.every((u) => u.includes(`<urn:s> <urn:p> "NaN"^^<${ENCODED_NAN}> .`)), updates[0]);
    const row = ((await store.query('SELECT ?v WHERE { ?s ?p ?v }')) as { rows: Map<string, { value: string; datatype: { value: string } }>[] }).rows[0];
    assert.deepEqual([row.get('v')!.value, row.get('v')!.datatype.value], ['NaN', 'http://www.w3.org/2001/XMLSchema#double']);
  });

  it('writes with Graph Store PUTs when set to auto and the server is Virtuoso, and with one update otherwise', async function () {
    const quads = [quad(namedNode('urn:s'), namedNode('urn:p'), literal('v'))];
    const virtuoso = await start((req, res) => {
      res.setHeader('server', 'Virtuoso/07.20.3229 (Linux)');
      if (req.method === 'GET') return json(res, 200, ASK_TRUE);
      text(res, 201, '');
    });
    await RemoteStore.open(virtuoso.uri, { ...fast, write: 'auto' }).replaceGraphs([1, 2, 3, 4, 5, 6].map((i) => ({ graph: `urn:g${i}`, quads })));
    const puts = virtuoso.requests.filter((r) => r.method === 'PUT');
    assert.deepEqual(puts.map((r) => r.url.searchParams.get('graph')).sort(), ['urn:g1', 'urn:g2', 'urn:g3', 'urn:g4', 'urn:g5', 'urn:g6']);
    assert.ok(puts.every((r) => r.url.pathname === '/sparql-graph-crud'));
    await virtuoso.stop();
    const other = await start((req, res) => (req.method === 'GET' ? json(res, 200, ASK_TRUE) : text(res, 200, 'ok')));
    await RemoteStore.open(other.uri, { ...fast, write: 'auto' }).replaceGraphs([{ graph: 'urn:g1', quads }, { graph: 'urn:g2', quads }]);
    assert.deepEqual(other.requests.map((r) => r.method), ['GET', 'POST']);
  });

  it('writes NaN as xsd:double to servers that are not Virtuoso', async function () {
    const s = await start((_req, res) => text(res, 200, 'ok'));
    await RemoteStore.open(s.uri, { ...fast, nan: 'auto' }).replaceGraphs([
      { graph: 'urn:g', quads: [quad(namedNode('urn:s'), namedNode('urn:p'), literal('NaN', namedNode('http://www.w3.org/2001/XMLSchema#double')))] },
    ]);
    const update = new URLSearchParams(s.requests[1].body).get('update')!;
    assert.ok(update.includes('"NaN"^^<http://www.w3.org/2001/XMLSchema#double>'), update);
  });

  it('sends credentials from the environment as HTTP Basic and never shows them', async function () {
    const s = await start((_req, res) => text(res, 401, 'no'));
    const store = RemoteStore.open(s.uri, { ...fast, env: { RUNGRAPH_SPARQL_USER: 'alice', RUNGRAPH_SPARQL_PASSWORD: 's3cret-pw' } });
    const error = await store.query('ASK {}').catch((e: unknown) => e);
    assert.equal(s.requests[0].headers.authorization, `Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`);
    assert.ok(error instanceof StoreError);
    const shown = `${error.message} ${error.hint} ${JSON.stringify(error.context)} ${store.location} ${JSON.stringify(store.endpoints)}`;
    assert.ok(!shown.includes('s3cret-pw') && !shown.includes(Buffer.from('alice:s3cret-pw').toString('base64')), shown);
    assert.match(error.message, /wants credentials \(401\)/);
    assert.match(error.hint!, /RUNGRAPH_SPARQL_USER/);
    assert.equal(s.requests.length, 1, '401 is not retried');
  });

  it('refuses credentials written into the URI', function () {
    assert.throws(() => RemoteStore.open('sparql+http://bob:pw@127.0.0.1:1/sparql'), /RUNGRAPH_SPARQL_USER/);
  });

  it('explains 403 on an update with the Virtuoso grant to make', async function () {
    const s = await start((_req, res) => text(res, 403, 'forbidden'));
    await assert.rejects(RemoteStore.open(s.uri, fast).update('CLEAR ALL'), (e: StoreError) => {
      assert.ok(e instanceof StoreError);
      assert.match(e.message, /update forbidden.*\(403\)/);
      assert.match(e.hint!, /SPARQL_UPDATE/);
      return true;
    });
  });

  it('says there is no endpoint on 404, naming it', async function () {
    const s = await start((_req, res) => text(res, 404, 'not here'));
    await assert.rejects(RemoteStore.open(s.uri, fast).query('ASK {}'), (e: StoreError) => {
      assert.ok(e instanceof StoreError);
      assert.equal(e.message, `no SPARQL endpoint at http://127.0.0.1:${s.port}/sparql (404)`);
      return true;
    });
  });

  it('retries a 5xx with backoff and succeeds when the server recovers', async function () {
    let calls = 0;
    const s = await start((_req, res) => (++calls < 3 ? text(res, 502, 'bad gateway') : json(res, 200, ASK_TRUE)));
    assert.deepEqual(await RemoteStore.open(s.uri, fast).query('ASK {}'), { type: 'boolean', value: true });
    assert.equal(s.requests.length, 3);
  });

  it('gives up after the configured retries with the status and the server message', async function () {
    const s = await start((_req, res) => text(res, 500, 'database on fire'));
    await assert.rejects(RemoteStore.open(s.uri, fast).deleteGraphs(['urn:g']), (e: StoreError) => {
      assert.ok(e instanceof StoreError);
      assert.match(e.message, /delete 1 graph\(s\) failed: the server answered 500 .*database on fire/);
      assert.equal(e.context.attempts, 4);
      return true;
    });
    assert.equal(s.requests.length, 4);
  });

  it('does not repeat a general update after a 500, since it may have run', async function () {
    const s = await start((_req, res) => text(res, 500, 'oops'));
    await assert.rejects(RemoteStore.open(s.uri, fast).update('INSERT DATA { <urn:a> <urn:b> 1 }'), StoreError);
    assert.equal(s.requests.length, 1);
  });

  it('reports a query the server rejects as a query error, without retrying', async function () {
    const s = await start((_req, res) => text(res, 500, 'Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error'));
    await assert.rejects(RemoteStore.open(s.uri, fast).query('SELECT * WHERE { ?s ?p ?o }'), (e: unknown) => e instanceof QueryError && /SP030/.test(e.message));
    assert.equal(s.requests.length, 1);
  });

  it('retries connection errors, then says the server cannot be reached', async function () {
    const s = await start((_req, res) => text(res, 200, ''));
    const uri = s.uri;
    await s.stop();
    server = undefined;
    const started = Date.now();
    await assert.rejects(RemoteStore.open(uri, { ...fast, backoffMs: 20, retries: 2 }).query('ASK {}'), (e: StoreError) => {
      assert.ok(e instanceof StoreError);
      assert.match(e.message, /cannot reach it \(ECONNREFUSED\)/);
      assert.equal(e.context.attempts, 3);
      return true;
    });
    assert.ok(Date.now() - started >= 60, 'waited 20 + 40 ms between attempts');
  });

  it('stops waiting after the time limit', async function () {
    const s = await start(() => {
      /* never answers */
    });
    await assert.rejects(RemoteStore.open(`${s.uri}?timeout=100`, { ...fast, retries: 0 }).query('ASK {}'), /no answer within 100 ms/);
  });

  it('refuses writes when opened read-only, before sending anything', async function () {
    const s = await start((_req, res) => text(res, 200, ''));
    const store = RemoteStore.open(s.uri, { ...fast, readOnly: true });
    await assert.rejects(store.replaceGraphs([{ graph: 'urn:g', quads: [] }]), TypeError);
    await assert.rejects(store.update('CLEAR ALL'), TypeError);
    assert.equal(s.requests.length, 0);
  });

  it('rejects a graph IRI that would break out of the update text', async function () {
    const s = await start((_req, res) => text(res, 200, ''));
    await assert.rejects(RemoteStore.open(s.uri, fast).deleteGraphs(['urn:g> } ; CLEAR ALL ; <urn:x']), TypeError);
    assert.equal(s.requests.length, 0);
  });
});
