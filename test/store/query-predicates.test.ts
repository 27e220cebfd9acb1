import { strict as assert } from 'node:assert';
import { queryPredicates } from '../../src/store/embedded/query-predicates.js';

const sorted = (sparql: string) => {
  const found = queryPredicates(sparql);
  return found && [...found].sort();
};

describe('the predicates a query can match (queryPredicates)', function () {
  it('collects the predicates of triple patterns, paths, EXISTS, MINUS, OPTIONAL and subqueries', function () {
    const sparql = `PREFIX : <urn:>
      SELECT ?s WHERE {
        ?s a :Run ; :p1 ?o .
        ?o :p2/^:p3|:p4+ ?x .
        OPTIONAL { ?s :p5 ?y }
        FILTER EXISTS { ?s :p6 ?z }
        MINUS { ?s :p7 ?w }
        { SELECT ?s WHERE { ?s :p8 ?v } }
        GRAPH ?g { ?s :p9 ?u }
      }`;
    assert.deepEqual(sorted(sparql), ['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `urn:p${i}`)]);
  });

  it('ignores a CONSTRUCT template, which matches nothing', function () {
    assert.deepEqual(sorted('CONSTRUCT { ?s ?p ?o } WHERE { ?s <urn:p> ?o }'), ['urn:p']);
  });

  it('asks for every quad when a pattern can match any predicate', function () {
    for (const sparql of [
      'SELECT * WHERE { ?s ?p ?o }',
      'SELECT * WHERE { ?s <urn:p> ?o . FILTER EXISTS { ?o ?q ?x } }',
      'SELECT * WHERE { ?s !<urn:p> ?o }',
      'DESCRIBE <urn:a>',
      'SELECT * WHERE { this is not SPARQL',
    ]) {
      assert.equal(queryPredicates(sparql), undefined, sparql);
    }
  });

  it('asks for every quad for a path that can be empty between two variables: it matches every node', function () {
    assert.equal(queryPredicates('SELECT * WHERE { ?s <urn:p>* ?o }'), undefined);
    assert.equal(queryPredicates('SELECT * WHERE { ?s <urn:p>? ?o }'), undefined);
    assert.equal(queryPredicates('SELECT * WHERE { ?s <urn:p>?/<urn:q>* ?o }'), undefined);
    assert.equal(queryPredicates('SELECT * WHERE { ?s <urn:p>|<urn:q>* ?o }'), undefined);
    // From a constant, or with an edge it must cross, the path needs its own predicates only.
    assert.deepEqual(sorted('SELECT * WHERE { <urn:a> <urn:p>* ?o }'), ['urn:p']);
    assert.deepEqual(sorted('SELECT * WHERE { ?s <urn:p>+ ?o }'), ['urn:p']);
    assert.deepEqual(sorted('SELECT * WHERE { ?s <urn:p>/<urn:q>* ?o }'), ['urn:p', 'urn:q']);
    // A pattern beside it that only a quad matches ties an end to the nodes of the quads loaded anyway.
    assert.deepEqual(sorted('SELECT * WHERE { ?s <urn:p>* ?o . ?o <urn:q> ?x }'), ['urn:p', 'urn:q']);
    assert.equal(queryPredicates('SELECT * WHERE { ?s <urn:p>* ?o . ?o <urn:q>* ?x }'), undefined);
    assert.equal(queryPredicates('SELECT * WHERE { ?s <urn:p>* ?o . ?x <urn:q> ?y }'), undefined);
    assert.equal(queryPredicates('SELECT * WHERE { ?s <urn:p>* ?o . OPTIONAL { ?o <urn:q> ?x } }'), undefined);
  });

  it('asks for every quad for a GRAPH pattern that no quad needs to match: it matches every graph', function () {
    assert.equal(queryPredicates('SELECT ?g WHERE { GRAPH ?g { } }'), undefined);
    assert.equal(queryPredicates('SELECT ?g WHERE { GRAPH ?g { OPTIONAL { ?s <urn:p> ?o } } }'), undefined);
    assert.equal(queryPredicates('SELECT ?g WHERE { GRAPH ?g { <urn:a> <urn:p>* ?o } }'), undefined);
    assert.deepEqual(sorted('SELECT ?g WHERE { GRAPH ?g { ?s <urn:p> ?o OPTIONAL { ?s <urn:q> ?x } } }'), ['urn:p', 'urn:q']);
  });

  it('leaves out the EXISTS of an optional parameter left unbound: `!BOUND(?v) || EXISTS { … }` is then always true', function () {
    const optional = (binding: string) => `SELECT * WHERE { ${binding} ?s <urn:p> ?o FILTER(!BOUND(?d) || ?o = 1 || EXISTS { ?s <urn:q> ?d }) }`;
    assert.deepEqual(sorted(optional('')), ['urn:p']);
    assert.deepEqual(sorted(optional('VALUES ?d { "x" }')), ['urn:p', 'urn:q'], 'the parameter given');
    assert.deepEqual(sorted(optional('BIND("x" AS ?d)')), ['urn:p', 'urn:q']);
    assert.deepEqual(sorted(`${optional('')} VALUES ?d { "x" }`), ['urn:p', 'urn:q'], 'VALUES after the query');
    assert.deepEqual(sorted(`SELECT * WHERE { { SELECT ?d WHERE { ?x <urn:r> ?y } VALUES ?d { "x" } } ?s <urn:p> ?o FILTER(!BOUND(?d) || EXISTS { ?s <urn:q> ?d }) }`), ['urn:p', 'urn:q', 'urn:r'], 'from a subquery');
    assert.deepEqual(sorted(optional('OPTIONAL { ?s <urn:r> ?d }')), ['urn:p', 'urn:q', 'urn:r']);
    // Inside an EXISTS, its own patterns bind: the filter there is not always true.
    assert.deepEqual(sorted('SELECT * WHERE { ?s <urn:p> ?o FILTER EXISTS { ?s <urn:q> ?v FILTER(!BOUND(?v) || EXISTS { ?v <urn:r> ?w }) } }'), ['urn:p', 'urn:q', 'urn:r']);
    assert.deepEqual(sorted('SELECT * WHERE { ?s <urn:p> ?o FILTER(BOUND(?d) || EXISTS { ?s <urn:q> ?d }) }'), ['urn:p', 'urn:q']);
  });

  it('needs no quad at all for a query without patterns', function () {
    assert.deepEqual(sorted('SELECT ?x WHERE { VALUES ?x { 1 2 } }'), []);
  });
});
