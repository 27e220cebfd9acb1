/**
 * Run-scoped queries (`scope: runs` in a query's header) read only what their runs' graphs say: each
 * run's own graph, the graph of every entity it mentions (implementation, settings, datasets, code,
 * software; decisions 0004 and 0007), and the graphs those mention in turn (a setting's hyperparameter).
 * They are answered by fetching those graphs with one simple query and running the query itself on an
 * engine that holds nothing else. The answer is the same on every store, and a SPARQL server only has
 * to match graph patterns: Virtuoso 7.2 cannot compile diff-runs (docs/stores.md).
 */
import oxigraph from 'oxigraph';
import type { NamedNode } from '@rdfjs/types';
import { QueryError } from '../errors.js';
import { freeEngine, queryEngine } from '../store/embedded/engine-query.js';
import type { QueryResult } from '../store/store.js';
import { bindParameters } from './bind-parameters.js';

/** The runs' graphs, those of the entities their own nodes mention, and those these mention, as triples. */
const RUN_GRAPHS = `CONSTRUCT { ?s ?p ?o } WHERE {
  { GRAPH ?run { ?s ?p ?o } }
  UNION
  { GRAPH ?run { ?node ?link ?entity } FILTER(isIRI(?entity)) GRAPH ?entity { ?s ?p ?o } }
  UNION
  { GRAPH ?run { ?node ?link ?entity } FILTER(isIRI(?entity)) GRAPH ?entity { ?x ?y ?next } FILTER(isIRI(?next)) GRAPH ?next { ?s ?p ?o } }
}`;

/** Answers `sparql` (parameters already bound) from the graphs of `runs`, fetched through `select`. */
export async function answerFromRunGraphs(select: (sparql: string) => Promise<QueryResult>, runs: NamedNode[], sparql: string): Promise<QueryResult> {
  const engine = new oxigraph.Store();
  try {
    if (runs.length > 0) {
      const fetched = await select(bindParameters(RUN_GRAPHS, new Map([['run', runs]])));
      if (fetched.type !== 'quads') throw new QueryError('fetching the runs’ graphs did not return triples');
      for (const quad of fetched.quads) engine.add(quad as unknown as oxigraph.Quad);
    }
    try {
      return queryEngine(engine, sparql);
    } catch (e) {
      // As the archive reports them: the engine's first line, the engine's error as the cause.
      throw new QueryError((e instanceof Error ? e.message : String(e)).split('\n')[0], { cause: e });
    }
  } finally {
    freeEngine(engine);
  }
}
