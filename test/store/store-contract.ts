/**
 * The store contract: every backend (embedded archive, remote SPARQL server) must pass this suite.
 * Every test writes under its own random namespace and only asks about it, so the suite also runs on a
 * shared server that holds other (or system) graphs, and it deletes what it wrote afterwards.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { DataFactory } from 'n3';
import type { Literal, Quad, Term } from '@rdfjs/types';
import { isRungraphError } from '../../src/errors.js';
import type { Bindings, QueryResult, Store } from '../../src/store/store.js';

const { namedNode, literal, quad, blankNode } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON';

/** Literal texts that break naive serialisers: quotes, newlines, backslashes, escapes, non-BMP characters. */
export const AWKWARD_STRINGS = [
  'say "hello" and \'bye\'',
  'line one\nline two\r\nline three\ttabbed',
  'C:\\users\\new\\table.csv',
  'not an escape: \\u0041 \\U0001F600 \\n',
  'ünïcödé 日本語 emoji 😀 combining é',
  ' leading and trailing spaces ',
  '',
  '"""triple quotes""" and \'\'\'',
  '<not an IRI> {braces} # hash . dot ; semicolon',
];

function bindings(result: QueryResult): { variables: string[]; rows: Bindings[] } {
  assert.equal(result.type, 'bindings', `expected bindings, got ${result.type}`);
  return result as { type: 'bindings'; variables: string[]; rows: Bindings[] };
}

function values(result: QueryResult, variable: string): string[] {
  return bindings(result).rows.map((r) => r.get(variable)?.value ?? '(unbound)').sort();
}

/** xsd:double by value: servers may write 1.5 as 1.5E0 and INF as +INF. */
function doubleValue(term: Term | undefined): number {
  assert.ok(term && term.termType === 'Literal', 'expected a literal');
  const text = term.value.trim().toUpperCase();
  if (text === 'INF' || text === '+INF') return Infinity;
  if (text === '-INF') return -Infinity;
  return Number(text);
}

function ntriple(q: Quad): string {
  const t = (x: Term): string =>
    x.termType === 'Literal' ? `"${x.value}"${x.language ? '@' + x.language : '^^<' + (x as Literal).datatype.value + '>'}` : `<${x.value}>`;
  return `${t(q.subject)} ${t(q.predicate)} ${t(q.object)}`;
}

export function describeStoreContract(name: string, openEmpty: () => Promise<Store>): void {
  describe(`store contract: ${name}`, function () {
    let store: Store;
    let ns: string;
    let written: string[];
    const iri = (local: string) => namedNode(ns + local);
    const graph = (local: string) => {
      written.push(ns + 'graph/' + local);
      return ns + 'graph/' + local;
    };
    const triple = (s: string, p: string, o: Quad['object']) => quad(iri(s), iri(p), o);

    beforeEach(async function () {
      store = await openEmpty();
      ns = `https://example.org/contract/${randomUUID()}/`;
      written = [];
    });

    afterEach(async function () {
      if (!store) return;
      try {
        if (written.length > 0) await store.deleteGraphs([...new Set(written)]);
      } finally {
        await store.close();
      }
    });

    it('writes a graph and answers queries over it through the default graph', async function () {
      await store.replaceGraphs([{ graph: graph('a'), quads: [triple('run1', 'score', literal('1', namedNode(XSD + 'integer')))] }]);
      const result = await store.query(`SELECT ?s ?o WHERE { ?s <${ns}score> ?o }`);
      assert.deepEqual(bindings(result).variables.sort(), ['o', 's']);
      assert.deepEqual(values(result, 's'), [ns + 'run1']);
    });

    it('replaces a graph instead of appending to it', async function () {
      const g = graph('a');
      await store.replaceGraphs([{ graph: g, quads: [triple('run1', 'name', literal('old')), triple('run1', 'extra', literal('gone'))] }]);
      await store.replaceGraphs([{ graph: g, quads: [triple('run1', 'name', literal('new'))] }]);
      assert.deepEqual(values(await store.query(`SELECT ?p ?o WHERE { <${ns}run1> ?p ?o }`), 'o'), ['new']);
    });

    it('writes a batch of graphs and replaces one without touching the others', async function () {
      const [a, b, c] = [graph('a'), graph('b'), graph('c')];
      await store.replaceGraphs([
        { graph: a, quads: [triple('r', 'in', literal('a'))] },
        { graph: b, quads: [triple('r', 'in', literal('b'))] },
        { graph: c, quads: [triple('r', 'in', literal('c'))] },
      ]);
      await store.replaceGraphs([{ graph: b, quads: [triple('r', 'in', literal('b2'))] }]);
      assert.deepEqual(values(await store.query(`SELECT ?o WHERE { <${ns}r> <${ns}in> ?o }`), 'o'), ['a', 'b2', 'c']);
      const perGraph = await store.query(`SELECT ?g ?o WHERE { GRAPH ?g { <${ns}r> <${ns}in> ?o } }`);
      const pairs = bindings(perGraph).rows.map((r) => `${r.get('g')!.value}=${r.get('o')!.value}`).sort();
      assert.deepEqual(pairs, [`${a}=a`, `${b}=b2`, `${c}=c`]);
    });

    it('replacing a graph with no quads empties it', async function () {
      const g = graph('a');
      await store.replaceGraphs([{ graph: g, quads: [triple('r', 'p', literal('x'))] }]);
      await store.replaceGraphs([{ graph: g, quads: [] }]);
      assert.equal((await store.query(`ASK { <${ns}r> ?p ?o }`)).type, 'boolean');
      assert.deepEqual(await store.query(`ASK { <${ns}r> ?p ?o }`), { type: 'boolean', value: false });
    });

    it('deletes graphs and ignores graphs it does not hold', async function () {
      const [a, b] = [graph('a'), graph('b')];
      await store.replaceGraphs([
        { graph: a, quads: [triple('r', 'in', literal('a'))] },
        { graph: b, quads: [triple('r', 'in', literal('b'))] },
      ]);
      await store.deleteGraphs([a, ns + 'graph/never-written']);
      await store.deleteGraphs([]);
      assert.deepEqual(values(await store.query(`SELECT ?o WHERE { <${ns}r> <${ns}in> ?o }`), 'o'), ['b']);
    });

    it('queries the union of all named graphs as the default graph', async function () {
      await store.replaceGraphs([
        { graph: graph('runs'), quads: [triple('run1', 'usedDataset', iri('iris'))] },
        { graph: graph('datasets'), quads: [triple('iris', 'label', literal('Iris'))] },
      ]);
      const result = await store.query(`SELECT ?label WHERE { <${ns}run1> <${ns}usedDataset> ?d . ?d <${ns}label> ?label }`);
      assert.deepEqual(values(result, 'label'), ['Iris']);
    });

    it('returns typed literals with their datatypes', async function () {
      const typed: [string, Literal][] = [
        ['int', literal('42', namedNode(XSD + 'integer'))],
        ['negint', literal('-7', namedNode(XSD + 'integer'))],
        ['dbl', literal('0.125', namedNode(XSD + 'double'))],
        ['bool', literal('true', namedNode(XSD + 'boolean'))],
        ['date', literal('2024-03-01T12:30:00Z', namedNode(XSD + 'dateTime'))],
        ['json', literal('{"layers":[64,32],"act":"relu"}', namedNode(RDF_JSON))],
        ['plain', literal('plain text')],
      ];
      await store.replaceGraphs([{ graph: graph('a'), quads: typed.map(([p, o]) => triple('r', p, o)) }]);
      const result = bindings(await store.query(`SELECT ?p ?o WHERE { <${ns}r> ?p ?o }`));
      const got = new Map(result.rows.map((r) => [r.get('p')!.value.slice(ns.length), r.get('o') as Literal]));
      assert.equal(got.size, typed.length);
      for (const [p, expected] of typed) {
        const term = got.get(p);
        assert.ok(term && term.termType === 'Literal', `${p} is a literal`);
        assert.equal(term.datatype.value, expected.datatype.value, `datatype of ${p}`);
      }
      assert.equal(Number(got.get('int')!.value), 42);
      assert.equal(Number(got.get('negint')!.value), -7);
      assert.equal(doubleValue(got.get('dbl')), 0.125);
      assert.equal(got.get('bool')!.value, 'true');
      assert.equal(Date.parse(got.get('date')!.value), Date.parse('2024-03-01T12:30:00Z'));
      assert.deepEqual(JSON.parse(got.get('json')!.value), { layers: [64, 32], act: 'relu' });
      assert.equal(got.get('plain')!.value, 'plain text');
    });

    it('keeps xsd:double NaN and infinities', async function () {
      const dbl = namedNode(XSD + 'double');
      await store.replaceGraphs([
        {
          graph: graph('a'),
          quads: [triple('nan', 'v', literal('NaN', dbl)), triple('inf', 'v', literal('INF', dbl)), triple('ninf', 'v', literal('-INF', dbl))],
        },
        // More than one NaN: Virtuoso 7.2 breaks its index on the second one unless NaN is written encoded.
        { graph: graph('b'), quads: [triple('nan2', 'v', literal('NaN', dbl)), triple('nan2', 'w', literal('NaN', dbl))] },
      ]);
      await store.replaceGraphs([{ graph: graph('c'), quads: [triple('after', 'v', literal('1.5', dbl))] }]);
      const rows = bindings(await store.query(`SELECT ?s ?v WHERE { ?s <${ns}v> ?v }`)).rows;
      const got = new Map(rows.map((r) => [r.get('s')!.value.slice(ns.length), r.get('v') as Literal]));
      for (const key of ['nan', 'nan2', 'inf', 'ninf', 'after']) assert.equal(got.get(key)?.datatype.value, XSD + 'double', `datatype of ${key}`);
      assert.ok(Number.isNaN(doubleValue(got.get('nan'))));
      assert.ok(Number.isNaN(doubleValue(got.get('nan2'))));
      assert.equal(doubleValue(got.get('after')), 1.5);
      assert.equal(doubleValue(got.get('inf')), Infinity);
      assert.equal(doubleValue(got.get('ninf')), -Infinity);
    });

    it('keeps language tags', async function () {
      await store.replaceGraphs([
        { graph: graph('a'), quads: [triple('r', 'label', literal('forêt aléatoire', 'fr')), triple('r', 'label', literal('random forest', 'en-GB'))] },
      ]);
      const rows = bindings(await store.query(`SELECT ?l WHERE { <${ns}r> <${ns}label> ?l }`)).rows;
      // Language tags are case-insensitive; servers may normalise their case.
      const got = rows.map((r) => `${r.get('l')!.value}@${(r.get('l') as Literal).language.toLowerCase()}`).sort();
      assert.deepEqual(got, ['forêt aléatoire@fr', 'random forest@en-gb']);
      const filtered = await store.query(`SELECT ?l WHERE { <${ns}r> <${ns}label> ?l FILTER(langMatches(lang(?l), "fr")) }`);
      assert.deepEqual(values(filtered, 'l'), ['forêt aléatoire']);
    });

    it('round-trips literals with quotes, newlines, backslashes and unicode', async function () {
      const quads = AWKWARD_STRINGS.map((text, i) => triple(`s${i}`, 'text', literal(text)));
      await store.replaceGraphs([{ graph: graph('a'), quads }]);
      const rows = bindings(await store.query(`SELECT ?s ?t WHERE { ?s <${ns}text> ?t }`)).rows;
      const got = new Map(rows.map((r) => [r.get('s')!.value.slice(ns.length), r.get('t')!.value]));
      AWKWARD_STRINGS.forEach((text, i) => assert.equal(got.get(`s${i}`), text, `string ${i}`));
    });

    it('round-trips IRIs with unusual characters', async function () {
      const locals = ['a%20b', 'ünï/cödé', 'x#frag', "p(1);q=2,'a'~!$&*+", 'runs/2024-01-01T00:00:00Z', 'tab%09and%22quote'];
      await store.replaceGraphs([{ graph: graph('a'), quads: locals.map((l) => triple(l, 'kind', literal('odd'))) }]);
      const got = values(await store.query(`SELECT ?s WHERE { ?s <${ns}kind> "odd" }`), 's');
      assert.deepEqual(got, locals.map((l) => ns + l).sort());
      // The IRI also works as a constant in a query.
      const ask = await store.query(`ASK { <${ns}${locals[3]}> <${ns}kind> "odd" }`);
      assert.deepEqual(ask, { type: 'boolean', value: true });
    });

    it('keeps blank-node structure inside a graph', async function () {
      const b = blankNode('input');
      await store.replaceGraphs([
        { graph: graph('a'), quads: [quad(iri('run'), iri('input'), b), quad(b, iri('name'), literal('train')), quad(b, iri('digest'), literal('abc'))] },
      ]);
      const result = await store.query(`SELECT ?name ?digest WHERE { <${ns}run> <${ns}input> ?i . ?i <${ns}name> ?name ; <${ns}digest> ?digest }`);
      const rows = bindings(result).rows;
      assert.equal(rows.length, 1);
      assert.equal(rows[0].get('name')!.value, 'train');
      assert.equal(rows[0].get('digest')!.value, 'abc');
    });

    it('keeps the variable names of an empty result', async function () {
      const result = bindings(await store.query(`SELECT ?run ?score WHERE { ?run <${ns}never> ?score }`));
      assert.deepEqual(result.variables, ['run', 'score']);
      assert.equal(result.rows.length, 0);
    });

    it('leaves optional variables unbound', async function () {
      await store.replaceGraphs([{ graph: graph('a'), quads: [triple('r', 'name', literal('n'))] }]);
      const rows = bindings(await store.query(`SELECT ?name ?missing WHERE { <${ns}r> <${ns}name> ?name OPTIONAL { <${ns}r> <${ns}nope> ?missing } }`)).rows;
      assert.equal(rows.length, 1);
      assert.equal(rows[0].has('missing'), false);
    });

    it('answers ASK queries', async function () {
      await store.replaceGraphs([{ graph: graph('a'), quads: [triple('r', 'p', literal('x'))] }]);
      assert.deepEqual(await store.query(`ASK { <${ns}r> <${ns}p> "x" }`), { type: 'boolean', value: true });
      assert.deepEqual(await store.query(`ASK { <${ns}r> <${ns}p> "y" }`), { type: 'boolean', value: false });
    });

    it('answers CONSTRUCT queries with quads', async function () {
      await store.replaceGraphs([
        { graph: graph('a'), quads: [triple('r1', 'score', literal('1', namedNode(XSD + 'integer'))), triple('r2', 'label', literal('two', 'en'))] },
      ]);
      const result = await store.query(`CONSTRUCT { ?s <${ns}copied> ?o } WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "${ns}")) }`);
      assert.equal(result.type, 'quads');
      const got = (result as { quads: Quad[] }).quads.map(ntriple).sort();
      assert.deepEqual(got, [`<${ns}r1> <${ns}copied> "1"^^<${XSD}integer>`, `<${ns}r2> <${ns}copied> "two"@en`].sort());
    });

    it('runs SPARQL updates whose effect queries then see', async function () {
      const g = graph('u');
      await store.update(`INSERT DATA { GRAPH <${g}> { <${ns}r> <${ns}p> "inserted", "second" } }`);
      assert.deepEqual(values(await store.query(`SELECT ?o WHERE { <${ns}r> <${ns}p> ?o }`), 'o'), ['inserted', 'second']);
      await store.update(`DELETE DATA { GRAPH <${g}> { <${ns}r> <${ns}p> "second" } }`);
      assert.deepEqual(values(await store.query(`SELECT ?o WHERE { <${ns}r> <${ns}p> ?o }`), 'o'), ['inserted']);
      // An update's graph is an ordinary graph: replaceGraphs and deleteGraphs act on it.
      await store.deleteGraphs([g]);
      assert.deepEqual(await store.query(`ASK { <${ns}r> ?p ?o }`), { type: 'boolean', value: false });
    });

    it('rejects a malformed query with a rungraph error', async function () {
      await assert.rejects(store.query('SELECT ?x WHERE { ?x '), (e: unknown) => isRungraphError(e));
    });

    it('names its location without credentials', function () {
      assert.equal(typeof store.location, 'string');
      assert.ok(store.location.length > 0);
      assert.doesNotMatch(store.location, /\/\/[^/]*:[^/]*@/);
    });
  });
}
