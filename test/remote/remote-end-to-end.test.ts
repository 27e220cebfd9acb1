/**
 * Import → query end to end on a real SPARQL server: the shipped example runs are imported into a fresh
 * embedded archive and into the server, and every catalogue query (required parameters filled from the demo
 * runs) must give the same rows on both. Needs RUNGRAPH_TEST_SPARQL (set by .ci/run) on a server holding no other rungraph
 * graphs (CI starts a fresh one); skipped, saying so, without it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Literal, Term } from '@rdfjs/types';
import { importSource } from '../../src/import/import-source.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { packagePath } from '../../src/package-root.js';
import { loadCatalogue } from '../../src/query/named-query.js';
import { runNamedQuery, type ParameterValues } from '../../src/query/run-query.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { RemoteStore } from '../../src/store/remote/remote-store.js';
import type { QueryResult, Store } from '../../src/store/store.js';

const endpoint = process.env.RUNGRAPH_TEST_SPARQL;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const NUMERIC = new Set(['integer', 'decimal', 'double', 'float', 'int', 'long'].map((t) => XSD + t));

/** A row as text, numbers compared by value (servers differ in lexical forms and numeric subtypes). */
function rowKey(variables: string[], row: Map<string, Term>): string {
  return variables
    .map((v) => {
      const t = row.get(v);
      if (!t) return `${v}=`;
      if (t.termType === 'Literal' && NUMERIC.has((t as Literal).datatype.value)) return `${v}=${Number(Number(t.value).toPrecision(12))}`;
      if (t.termType === 'BlankNode') return `${v}=_:`;
      return `${v}=${t.termType === 'Literal' ? `"${t.value}"@${(t as Literal).language}^^${(t as Literal).datatype.value}` : `<${t.value}>`}`;
    })
    .join(' ');
}

function comparable(result: QueryResult): string[] | boolean {
  if (result.type === 'boolean') return result.value;
  if (result.type === 'quads') return result.quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`).sort();
  return result.rows.map((r) => rowKey(result.variables, r)).sort();
}

if (!endpoint) {
  describe('import → query on a SPARQL server', function () {
    it('needs RUNGRAPH_TEST_SPARQL=sparql+http://HOST:PORT/sparql (set by .ci/run, which starts Virtuoso)', function () {
      this.skip();
    });
  });
} else {
  describe(`import → query on a SPARQL server (${endpoint})`, function () {
    this.timeout(300_000);
    let dir: string;
    let embedded: Store;
    let remote: Store;

    before(async function () {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-e2e-'));
      embedded = await EmbeddedStore.open(dir);
      remote = RemoteStore.open(endpoint);
      const mappings = loadMappings();
      const examples = packagePath('examples', 'demo-runs.jsonl');
      for (const store of [embedded, remote]) await importSource(store, examples, { tracker: 'json', mappings });
    });

    after(async function () {
      await embedded?.close();
      await remote?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('imports the same runs again without duplicating anything', async function () {
      const count = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/rungraph/")) }';
      const before = comparable(await remote.query(count));
      const summary = await importSource(remote, packagePath('examples', 'demo-runs.jsonl'), { tracker: 'json', mappings: loadMappings() });
      assert.equal(summary.added, 0);
      assert.deepEqual(comparable(await remote.query(count)), before);
      assert.deepEqual(before, comparable(await embedded.query(count)));
    });

    // Required parameters are filled from the demo runs, so per-run queries are compared too.
    const demoValues: ParameterValues = {
      a: 'demo-rf-0', b: 'demo-lgbm-0', run: 'demo-rf-0', target: 'demo-rf-0',
      dataset: 'credit-g', library: 'scikit-learn', algorithm: 'rga:RandomForest',
    };
    for (const query of loadCatalogue().values()) {
      const missing = query.params.filter((p) => p.required && p.default === undefined && !(p.name in demoValues));
      if (missing.length > 0) throw new Error(`add a demo value for ${query.name}'s ${missing.map((p) => p.name).join(', ')}`);
      const values = Object.fromEntries(query.params.filter((p) => p.required).map((p) => [p.name, demoValues[p.name]]));
      it(`gives the same answer to ${query.name} as the embedded archive`, async function () {
        const expected = comparable(await runNamedQuery(embedded, query, values));
        assert.deepEqual(comparable(await runNamedQuery(remote, query, values)), expected);
      });
    }

    it('gives the same answer to diff-runs for unchanged items too, and for two runs of one library', async function () {
      // Run-scoped: answered from the runs' graphs, fetched from the server (Virtuoso 7.2 cannot compile it).
      const query = loadCatalogue().get('diff-runs')!;
      const cases: ParameterValues[] = [
        { a: 'demo-rf-0', b: 'demo-lgbm-0', changedOnly: false },
        { a: 'demo-rf-0', b: 'demo-rf-1', changedOnly: false },
        { a: 'demo-rf-0', b: 'demo-rf-1' },
      ];
      for (const values of cases) {
        const expected = comparable(await runNamedQuery(embedded, query, values));
        assert.ok(Array.isArray(expected) && expected.length > 0, JSON.stringify(values));
        assert.deepEqual(comparable(await runNamedQuery(remote, query, values)), expected);
      }
    });

    // Last: it adds graphs the cases above do not expect.
    it('gives the same answer to find-published-results once publications’ results are imported', async function () {
      const published = packagePath('test', 'queries', 'data', 'published-results.json');
      for (const store of [embedded, remote]) await importSource(store, published, { tracker: 'pwc', mappings: loadMappings() });
      const query = loadCatalogue().get('find-published-results')!;
      const cases: ParameterValues[] = [{ dataset: 'credit-g' }, { dataset: 'credit-g', measure: 'rgm:Accuracy', task: 'Tabular Classification' }];
      for (const values of cases) {
        const expected = comparable(await runNamedQuery(embedded, query, values));
        assert.ok(Array.isArray(expected) && expected.length >= 3, JSON.stringify(expected));
        assert.deepEqual(comparable(await runNamedQuery(remote, query, values)), expected);
      }
    });
  });
}
