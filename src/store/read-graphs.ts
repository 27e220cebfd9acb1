/**
 * Reading the archive a set of graphs at a time, through SPARQL, so it works on every store and never
 * holds more than one batch: a whole archive of tens of thousands of runs is larger than one JavaScript
 * string (or one SPARQL result) can be.
 */
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { bindParameters } from '../query/bind-parameters.js';
import type { QueryResult, Store } from './store.js';

/** Every named graph of the archive, in IRI order. */
export async function graphNames(store: Store): Promise<string[]> {
  const result = await store.query('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g');
  return result.type === 'bindings' ? result.rows.map((row) => row.get('g')!.value) : [];
}

/** The quads of these graphs, each with its graph. */
export async function graphQuads(store: Store, graphs: string[]): Promise<Quad[]> {
  if (graphs.length === 0) return [];
  const sparql = bindParameters('SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }', new Map([['g', graphs.map((g) => DataFactory.namedNode(g))]]));
  return toQuads(await store.query(sparql));
}

export function toQuads(result: QueryResult): Quad[] {
  if (result.type !== 'bindings') throw new Error('unexpected result form');
  return result.rows.map((r) => DataFactory.quad(r.get('s') as Quad['subject'], r.get('p') as Quad['predicate'], r.get('o') as Quad['object'], r.get('g') as Quad['graph']));
}
