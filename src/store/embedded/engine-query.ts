/**
 * A query on an Oxigraph engine, its answer in the store interface's form: the archive's own engine, or
 * a throwaway one holding only what a query needs (run-scoped queries, src/query/run-graphs.ts).
 */
import oxigraph from 'oxigraph';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import type { QueryResult } from '../store.js';
import { resultFromJson, type SparqlJsonResults } from '../sparql-results.js';
import { queryForm } from '../query-form.js';

/** SELECT, ASK, CONSTRUCT or DESCRIBE over the union of the engine's graphs. Engine errors are thrown as they are. */
export function queryEngine(engine: oxigraph.Store, sparql: string): QueryResult {
  const form = queryForm(sparql);
  if (form === 'SELECT' || form === 'ASK') {
    const json = engine.query(sparql, { use_default_graph_as_union: true, results_format: 'application/sparql-results+json' }) as string;
    return resultFromJson(JSON.parse(json) as SparqlJsonResults);
  }
  const quads = engine.query(sparql, { use_default_graph_as_union: true }) as oxigraph.Quad[];
  return { type: 'quads', quads: quads.map((q) => DataFactory.fromQuad(q as unknown as Parameters<typeof DataFactory.fromQuad>[0]) as Quad) };
}

/** Releases the engine's WASM memory now rather than when the collector gets to it (the typings omit free). */
export function freeEngine(engine: oxigraph.Store): void {
  (engine as unknown as { free?: () => void }).free?.();
}
