/**
 * SHACL validation of a whole archive, a batch of graphs at a time, so memory is bounded by the batch
 * however large the archive (reading it whole failed past a few thousand runs). The shapes hold for a
 * run's graph together with the graphs of the entities it mentions (ontology/shapes.ttl), so each batch
 * is validated with those: the graphs holding what its quads point to, followed two links deep
 * (run → setting → the implementation's hyperparameter; an evaluation → its measure's vocabulary graph),
 * other runs' graphs excepted (a parent run is another run, not one of the entities a run's shapes need).
 * A shared entity is validated with every batch that mentions it; its results are reported once.
 */
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { bindParameters } from '../query/bind-parameters.js';
import { graphNames, graphQuads } from '../store/read-graphs.js';
import type { Store } from '../store/store.js';
import { loadShapes, reportOf, shapeValidator, type ShaclReport, type ShaclResult } from './shacl.js';

export interface ArchiveValidation extends ShaclReport {
  /** Triples in the archive, each counted once. */
  triples: number;
}

export interface ValidateArchiveOptions {
  shapes?: Quad[];
  /** Graphs validated together (plus the graphs they mention). */
  graphsPerBatch?: number;
  /** Called after each batch with the graphs validated so far and in all. */
  onProgress?: (done: number, total: number) => void;
}

/** How many links from a batch's own quads the graphs it needs can be: what they mention, and what that mentions. */
const MENTION_DEPTH = 2;
/** IRIs or graphs per lookup query. */
const PER_QUERY = 200;

export async function validateArchive(store: Store, options: ValidateArchiveOptions = {}): Promise<ArchiveValidation> {
  const graphs = await graphNames(store);
  const perBatch = options.graphsPerBatch ?? 100;
  const validate = shapeValidator(options.shapes ?? loadShapes());
  const holders = new Map<string, string[]>();
  const runGraphs = await runGraphNames(store);
  const results = new Map<string, ShaclResult>();
  let triples = 0;
  for (let i = 0; i < graphs.length; i += perBatch) {
    const own = graphs.slice(i, i + perBatch);
    const ownQuads = await graphQuads(store, own);
    triples += ownQuads.length;
    const mentioned = await mentionedQuads(store, ownQuads, new Set([...own, ...runGraphs]), holders);
    for (const r of await validate([...ownQuads, ...mentioned])) results.set(JSON.stringify(r), r);
    options.onProgress?.(Math.min(i + perBatch, graphs.length), graphs.length);
  }
  return { ...reportOf([...results.values()]), triples };
}

/** The quads of the graphs that hold what `quads` point to, transitively, except graphs in `skip`. */
async function mentionedQuads(store: Store, quads: Quad[], skip: Set<string>, holders: Map<string, string[]>): Promise<Quad[]> {
  const found: Quad[] = [];
  let frontier = quads;
  for (let depth = 0; depth < MENTION_DEPTH && frontier.length > 0; depth++) {
    const mentioned = [...new Set(frontier.filter((q) => q.object.termType === 'NamedNode').map((q) => q.object.value))];
    await lookUpHolders(store, mentioned.filter((iri) => !holders.has(iri)), holders);
    const next = [...new Set(mentioned.flatMap((iri) => holders.get(iri)!))].filter((g) => !skip.has(g));
    for (const g of next) skip.add(g);
    frontier = [];
    for (let i = 0; i < next.length; i += PER_QUERY) frontier.push(...(await graphQuads(store, next.slice(i, i + PER_QUERY))));
    found.push(...frontier);
  }
  return found;
}

/** The graphs that are a run's own (named by the run's IRI, decision 0004). */
async function runGraphNames(store: Store): Promise<string[]> {
  const result = await store.query('SELECT ?g WHERE { GRAPH ?g { ?g a <http://www.w3.org/ns/mls#Run> } }');
  return result.type === 'bindings' ? result.rows.map((row) => row.get('g')!.value) : [];
}

/** Records, for each IRI, the graphs where it is a subject (none for a class or a concept held nowhere). */
async function lookUpHolders(store: Store, unknown: string[], holders: Map<string, string[]>): Promise<void> {
  for (let i = 0; i < unknown.length; i += PER_QUERY) {
    const chunk = unknown.slice(i, i + PER_QUERY);
    for (const iri of chunk) holders.set(iri, []);
    const sparql = bindParameters('SELECT DISTINCT ?x ?g WHERE { GRAPH ?g { ?x ?p ?o } }', new Map([['x', chunk.map((iri) => DataFactory.namedNode(iri))]]));
    const result = await store.query(sparql);
    if (result.type === 'bindings') for (const row of result.rows) holders.get(row.get('x')!.value)!.push(row.get('g')!.value);
  }
}
