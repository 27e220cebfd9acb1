import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { InputError } from '../../src/errors.js';
import { bindParameters, parameterTerm } from '../../src/query/bind-parameters.js';
import { parseNamedQuery } from '../../src/query/named-query.js';
import { runNamedQuery } from '../../src/query/run-query.js';
import type { Store } from '../../src/store/store.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';

const { namedNode, literal, quad } = DataFactory;

describe('parameter binding', () => {
  let dir: string;
  let store: EmbeddedStore;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-bind-'));
    store = await EmbeddedStore.open(dir);
    const p = namedNode('urn:p');
    await store.replaceGraphs([
      { graph: 'urn:g:1', quads: [quad(namedNode('urn:a'), p, literal('x')), quad(namedNode('urn:b'), p, literal('y'))] },
      { graph: 'urn:g:2', quads: [quad(namedNode('urn:c'), p, literal('"}; DROP ALL ; #\nnext'))] },
    ]);
  });
  after(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const count = async (sparql: string) => {
    const result = await store.query(sparql);
    return result.type === 'bindings' ? Number(result.rows[0].get('n')!.value) : NaN;
  };

  it('constrains a subquery that uses the parameter, not only the outer pattern', async () => {
    const sparql = 'SELECT ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o . FILTER(!BOUND(?wanted) || ?o = ?wanted) } } }';
    assert.equal(await count(sparql), 3);
    assert.equal(await count(bindParameters(sparql, new Map([['wanted', literal('x')]]))), 1);
  });

  it('binds a hostile value as one literal that matches only itself', async () => {
    const hostile = '"}; DROP ALL ; #\nnext';
    const sparql = bindParameters('SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o }', new Map([['o', literal(hostile)]]));
    assert.equal(await count(sparql), 1);
    assert.equal(await count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'), 3);
  });

  it('writes a bound REGEX pattern in as a constant, still as one literal, so a hostile pattern stays a pattern', async () => {
    const sparql = 'SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o . FILTER(REGEX(?o, ?pattern)) }';
    const bound = bindParameters(sparql, new Map([['pattern', literal('^[xy]$')]]));
    assert.match(bound, /REGEX\(\?o, "\^\[xy\]\$"\)/i);
    assert.equal(await count(bound), 2);
    const hostile = bindParameters(sparql, new Map([['pattern', literal('") || true || REGEX(?o, "')]]));
    assert.equal(await count(hostile), 0);
  });

  it('writes a parameter bound to one term into the triple patterns when asked, and still returns it as a binding', async () => {
    assert.doesNotMatch(bindParameters('SELECT ?s ?o WHERE { ?s <urn:p> ?o }', new Map([['o', literal('x')]])), /<urn:p> "x"/);
    const sparql = bindParameters('SELECT ?s ?o WHERE { ?s <urn:p> ?o }', new Map([['o', literal('x')]]), { constants: true });
    assert.match(sparql, /<urn:p> "x"/);
    // A property path keeps the variable (Oxigraph would walk the path from every subject).
    assert.match(bindParameters('SELECT ?c WHERE { ?c <urn:p>+ ?o }', new Map([['o', literal('x')]]), { constants: true }), /\+\) \?o/);
    const result = await store.query(sparql);
    assert.equal(result.type, 'bindings');
    if (result.type !== 'bindings') return;
    assert.deepEqual(result.rows.map((r) => [r.get('s')?.value, r.get('o')?.value]), [['urn:a', 'x']]);
  });

  it('answers as the VALUES row alone would in OPTIONAL, UNION and EXISTS, and leaves MINUS and subject literals alone', async () => {
    const bind = (sparql: string) => bindParameters(sparql, new Map([['o', literal('x')]]), { constants: true });
    // Every row carries ?o = "x"; only urn:a has it, the others keep their row without the optional part.
    assert.equal(await count(bind('SELECT (COUNT(?s2) AS ?n) WHERE { ?s <urn:p> ?any OPTIONAL { ?s2 <urn:p> ?o FILTER(?s2 = ?s) } }')), 1);
    assert.equal(await count(bind('SELECT (COUNT(*) AS ?n) WHERE { { ?s <urn:p> ?o } UNION { ?s <urn:q> ?o } }')), 1);
    assert.equal(await count(bind('SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?any FILTER EXISTS { ?s <urn:p> ?o } }')), 1);
    // MINUS removes the rows that share ?o with one of its answers: all three. Written in as a constant,
    // ?o would no longer be shared and nothing would be removed.
    assert.equal(await count(bind('SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?any MINUS { ?t <urn:p> ?o } }')), 0);
    // A literal cannot be a subject: the variable stays, and the query still parses and matches nothing.
    assert.equal(await count(bind('SELECT (COUNT(*) AS ?n) WHERE { ?o <urn:p> ?any }')), 0);
  });

  it('writes constants for the embedded archive and sends a store that does not prefer them the VALUES row alone', async () => {
    const query = parseNamedQuery('find-p.rq', '#+ name: find-p\n#+ description: Subjects of urn:p with this value.\n#+ params:\n#+   - name: o\n#+     type: string\nSELECT ?s WHERE { ?s <urn:p> ?o }');
    const sent: string[] = [];
    const recording = (prefersConstants: boolean): Store => ({ ...store, location: store.location, prefersConstants, query: (sparql: string) => (sent.push(sparql), store.query(sparql)) }) as Store;
    assert.equal(store.prefersConstants, true);
    for (const prefersConstants of [true, false]) {
      const result = await runNamedQuery(recording(prefersConstants), query, { o: 'x' });
      assert.equal(result.type === 'bindings' ? result.rows.length : -1, 1);
    }
    assert.match(sent[0], /<urn:p> "x"/);
    assert.doesNotMatch(sent[1], /<urn:p> "x"/);
  });

  it('rejects IRIs that are not IRIs and values of the wrong type', () => {
    for (const bad of ['http://x> } DROP ALL {', 'has space', 'relative/path', 'urn:a"b']) {
      assert.throws(() => parameterTerm({ name: 'p', type: 'iri' }, bad), InputError, bad);
    }
    assert.throws(() => parameterTerm({ name: 'n', type: 'integer' }, '1; DROP'), InputError);
    assert.throws(() => parameterTerm({ name: 'd', type: 'double' }, 'abc'), InputError);
    assert.equal(parameterTerm({ name: 'm', type: 'iri' }, 'rgm:Accuracy').value, 'https://w3id.org/rungraph/measure/Accuracy');
    assert.equal(parameterTerm({ name: 'd', type: 'double' }, '-INF').value, '-INF');
  });
});
