import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isomorphic } from 'rdf-isomorphic';
import { InputError, RungraphError } from '../../src/errors.js';
import { exportArchive } from '../../src/export/export-archive.js';
import { importSource } from '../../src/import/import-source.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { selectRuns } from '../../src/publish/select-runs.js';
import { findEquivalentRuns } from '../../src/query/find-equivalent-runs.js';
import { resolveQuery } from '../../src/query/named-query.js';
import { runNamedQuery } from '../../src/query/run-query.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { serveArchive } from '../../src/store/serve/serve-archive.js';
import { exportedQuads } from './support/archive-content.js';
import { runCli, scratchDirectory } from './support/cli-process.js';

const DROP = '"}; DROP ALL ; #';
const hostileStrings = [DROP, "'}; DROP ALL ; #", 'a>b c', 'line one\nline "two"\r\n\'three\'', '\\"}\\u0022 ; CLEAR ALL', '<http://x> } ; INSERT DATA { <a> <b> <c> } #'];
const hostileIris = ['http://example.org/a> } ; DROP ALL ; #', 'http://example.org/a b', 'http://example.org/"q"', 'not an iri at all', 'rgm:Accuracy> } DROP ALL #'];

describe('user input that reaches SPARQL', function () {
  this.timeout(120_000);
  let dir: string;
  let archive: string;
  let source: string;
  let original: Awaited<ReturnType<typeof exportedQuads>>;
  const mappings = loadMappings();

  async function withStore<T>(work: (store: EmbeddedStore) => Promise<T>, readOnly = true): Promise<T> {
    const store = await EmbeddedStore.open(archive, { readOnly });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  /** Either it ran (the value was bound as a term) or it was refused with a rungraph or usage error. */
  async function boundOrRejected(work: () => Promise<unknown>): Promise<'ran' | 'rejected'> {
    try {
      await work();
      return 'ran';
    } catch (e) {
      assert.ok(e instanceof RungraphError || e instanceof TypeError, `failed with ${String(e)}`);
      return 'rejected';
    }
  }

  before(async () => {
    dir = scratchDirectory('injection');
    archive = path.join(dir, 'archive');
    // The source folder's name reaches the import's lookup of already archived runs (rg:sourceRoot).
    const folder = path.join(dir, `src ${DROP} <x>`);
    fs.mkdirSync(folder);
    source = path.join(folder, 'runs.jsonl');
    const records = hostileStrings.map((id, i) => ({
      source: { tracker: 'json', location: 'runs.jsonl', runId: id },
      experiment: { name: hostileStrings[(i + 1) % hostileStrings.length] },
      name: id,
      params: { note: id, n_estimators: i },
      metrics: { accuracy: 0.5 },
    }));
    fs.writeFileSync(source, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    await withStore(async (store) => {
      const summary = await importSource(store, source, { tracker: 'json', mappings });
      assert.equal(summary.added, hostileStrings.length, JSON.stringify(summary.issues));
    }, false);
    original = await exportedQuads(archive);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    const now = await exportedQuads(archive);
    assert.equal(now.length, original.length, 'the archive changed');
    assert.ok(isomorphic(now, original), 'the archive changed');
  });

  it('imports runs whose ids, names and values are SPARQL fragments, and finds them again on re-import', async () => {
    await withStore(async (store) => {
      const ids = await store.query('PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX mls: <http://www.w3.org/ns/mls#> SELECT ?id WHERE { ?r a mls:Run ; dcterms:identifier ?id }');
      assert.equal(ids.type, 'bindings');
      assert.deepEqual(ids.type === 'bindings' ? ids.rows.map((r) => r.get('id')!.value).sort() : [], [...hostileStrings].sort());
    });
    // The lookup of archived runs binds the tracker and the source folder (which holds `"}; DROP ALL ; #`).
    await withStore(async (store) => {
      const again = await importSource(store, source, { tracker: 'json', mappings });
      assert.equal(again.unchanged, hostileStrings.length);
      assert.equal(again.added + again.updated, 0);
    }, false);
  });

  it('binds --param string values as literals, character for character', async () => {
    const listRuns = resolveQuery('list-runs')!;
    await withStore(async (store) => {
      for (const value of hostileStrings) {
        const none = await runNamedQuery(store, listRuns, { tracker: value });
        assert.equal(none.type === 'bindings' ? none.rows.length : -1, 0, `tracker ${JSON.stringify(value)}`);
        // Each hostile string names exactly one run's experiment: the filter finds that run and no other.
        const rows = await runNamedQuery(store, listRuns, { experiment: value });
        assert.ok(rows.type === 'bindings');
        assert.equal(rows.rows.length, 1, `experiment ${JSON.stringify(value)}`);
        assert.equal(rows.rows[0].get('experimentName')!.value, value);
      }
    });
  });

  it('refuses IRI, integer and other typed parameters that are not values of their type', async () => {
    const compare = resolveQuery('compare-algorithms')!;
    const iriParam = compare.params.find((p) => p.type === 'iri')!;
    await withStore(async (store) => {
      for (const value of hostileIris) {
        await assert.rejects(runNamedQuery(store, compare, { [iriParam.name]: value }), InputError, `IRI ${JSON.stringify(value)} was accepted`);
      }
    });
    // A run parameter takes any text as a tracker run id (looked up as a literal; tested below).
    const typed = [...resolveQueryParams()].filter((p) => !['string', 'iri', 'run'].includes(p.param.type));
    assert.ok(typed.length > 0, 'no query with a typed parameter to test');
    await withStore(async (store) => {
      for (const { query, param } of typed) {
        for (const value of ['1 } ; DROP ALL ; #', `${DROP}`, '1\n}']) {
          await assert.rejects(runNamedQuery(store, query, { [param.name]: value }), InputError, `${query.name} ${param.name}=${JSON.stringify(value)} was accepted`);
        }
      }
    });
  });

  it('looks up hostile run ids and IRI-like text as literals: no run matches, nothing is changed', async () => {
    const runParams = [...resolveQueryParams()].filter((p) => p.param.type === 'run');
    assert.ok(runParams.length > 0, 'no query with a run parameter to test');
    await withStore(async (store) => {
      const before = store.size;
      for (const { query, param } of runParams) {
        for (const value of [...hostileStrings, ...hostileIris]) {
          const result = await runNamedQuery(store, query, { [param.name]: value });
          assert.equal(result.type === 'bindings' ? result.rows.length : -1, 0, `${query.name} ${param.name}=${JSON.stringify(value)}`);
        }
      }
      assert.equal(store.size, before);
    });
  });

  it('publish selections and reuse plans bind experiment names, run ids and plan values, or reject them', async () => {
    await withStore(async (store) => {
      assert.equal((await selectRuns(store, { kind: 'experiment', name: DROP })).length, 1);
      assert.equal((await selectRuns(store, { kind: 'runs', ids: hostileStrings })).length, hostileStrings.length);
      for (const iri of hostileIris.filter((i) => i.startsWith('http'))) {
        assert.equal(await boundOrRejected(() => selectRuns(store, { kind: 'runs', ids: [iri] })), 'rejected');
      }
      for (const value of hostileStrings) {
        const plan = { implementation: value, dataset: value, split: value, measure: value, hyperparameters: { [value]: value }, libraries: { [value]: value } };
        await boundOrRejected(() => findEquivalentRuns(store, plan, mappings));
        await boundOrRejected(() => findEquivalentRuns(store, { algorithm: value, dataset: { name: value } }, mappings));
      }
    });
  });

  it('export --graph refuses a graph name that is not an IRI', async () => {
    await withStore(async (store) => {
      for (const iri of hostileIris.filter((i) => /[\s<>"]/.test(i))) {
        await assert.rejects(exportArchive(store, 'nquads', { graph: iri }), TypeError);
      }
    });
    const cli = await runCli(['--archive', archive, 'export', '--graph', hostileIris[0]]);
    assert.equal(cli.code, 2, cli.stderr);
    assert.match(cli.stderr, /not an IRI/);
  });

  it('query -e runs queries only: an update given as a query is refused', async () => {
    const cli = await runCli(['--archive', archive, 'query', '-e', 'DROP ALL']);
    assert.notEqual(cli.code, 0);
    await withStore(async (store) => {
      for (const update of ['DROP ALL', 'CLEAR ALL', 'INSERT DATA { <urn:a> <urn:b> <urn:c> }', 'SELECT * WHERE { ?s ?p ?o } ; DROP ALL']) {
        assert.equal(await boundOrRejected(() => store.query(update)), 'rejected', update);
      }
    });
  });

  it('the served endpoint listens on loopback and refuses updates unless allowed', async () => {
    await withStore(async (store) => {
      const served = await serveArchive(store, { port: 0 });
      try {
        assert.match(served.url, /^http:\/\/127\.0\.0\.1:\d+\/sparql$/);
        const form = (body: string) => fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
        assert.equal((await form(`update=${encodeURIComponent('DROP ALL')}`)).status, 403);
        assert.equal((await fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: 'CLEAR ALL' })).status, 403);
        assert.equal((await fetch(`${served.url}?update=${encodeURIComponent('DROP ALL')}`)).status, 400);
        // An update smuggled in as a query is a query error, not an update.
        assert.equal((await fetch(`${served.url}?query=${encodeURIComponent('DROP ALL')}`)).status, 400);
      } finally {
        await served.close();
      }
    });
  });
});

function* resolveQueryParams() {
  for (const name of ['list-runs', 'compare-algorithms', 'find-runs-by-hyperparameter', 'list-run-results', 'show-learning-curve', 'summarize-durations', 'list-child-runs']) {
    const query = resolveQuery(name);
    if (query) for (const param of query.params) yield { query, param };
  }
}
