/**
 * `rungraph sync --from A --to B`: copies an archive's graphs to another store (embedded → server and back),
 * incrementally. A run graph is copied when its content digest (rg:contentDigest, written at import)
 * differs or is missing on the target; a graph without a digest (shared entities, vocabulary) when its
 * triples differ. Only rungraph's graphs are considered, so a server's own graphs are never touched.
 */
import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { GraphContent, Store } from './store.js';
import { iri } from './remote/sparql-text.js';

const CONTENT_DIGEST = 'https://w3id.org/rungraph/ns#contentDigest';

export interface SyncOptions {
  /** Only graphs whose IRI starts with this are synced (default: rungraph's namespace). */
  graphPrefix?: string;
  /** Graphs written per replaceGraphs call (default 50). */
  batchSize?: number;
  /** Also delete graphs of the target that the source does not hold. */
  prune?: boolean;
}

export interface SyncSummary {
  copied: number;
  unchanged: number;
  deleted: number;
}

export async function syncArchives(from: Store, to: Store, options: SyncOptions = {}): Promise<SyncSummary> {
  const prefix = options.graphPrefix ?? 'https://w3id.org/rungraph/';
  const batchSize = options.batchSize ?? 50;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const [source, target] = await Promise.all([graphDigests(from, prefix), graphDigests(to, prefix)]);
  const summary: SyncSummary = { copied: 0, unchanged: 0, deleted: 0 };
  let batch: GraphContent[] = [];
  const flush = async () => {
    if (batch.length > 0) await to.replaceGraphs(batch);
    summary.copied += batch.length;
    batch = [];
  };
  for (const [graph, digest] of source) {
    const quads = digest !== undefined && target.get(graph) === digest ? undefined : await graphQuads(from, graph);
    const same = quads === undefined || (digest === undefined && target.has(graph) && sameTriples(quads, await graphQuads(to, graph)));
    if (same) {
      summary.unchanged++;
      continue;
    }
    batch.push({ graph, quads: quads! });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  if (options.prune) {
    const gone = [...target.keys()].filter((g) => !source.has(g));
    for (let i = 0; i < gone.length; i += batchSize) await to.deleteGraphs(gone.slice(i, i + batchSize));
    summary.deleted = gone.length;
  }
  return summary;
}

/** Every graph under the prefix, with its content digest when it has one. */
async function graphDigests(store: Store, prefix: string): Promise<Map<string, string | undefined>> {
  const inPrefix = `FILTER(STRSTARTS(STR(?g), ${JSON.stringify(prefix)}))`;
  const graphs = await store.query(`SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } ${inPrefix} }`);
  const digests = await store.query(`SELECT ?g ?digest WHERE { GRAPH ?g { ?run <${CONTENT_DIGEST}> ?digest } ${inPrefix} }`);
  const result = new Map<string, string | undefined>();
  if (graphs.type === 'bindings') for (const row of graphs.rows) result.set(row.get('g')!.value, undefined);
  if (digests.type === 'bindings') for (const row of digests.rows) result.set(row.get('g')!.value, row.get('digest')!.value);
  return result;
}

async function graphQuads(store: Store, graph: string): Promise<Quad[]> {
  const result = await store.query(`CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ${iri(graph)} { ?s ?p ?o } }`);
  if (result.type !== 'quads') return [];
  return result.quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
}

/**
 * Triples compared as text: blank nodes only by position (labels differ between stores), and numbers,
 * booleans and times by value, since servers rewrite lexical forms (Virtuoso stores "1"^^xsd:double as "1.0").
 */
function sameTriples(a: Quad[], b: Quad[]): boolean {
  if (a.length !== b.length) return false;
  const lines = (qs: Quad[]) => qs.map((q) => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`).sort().join('\n');
  return lines(a) === lines(b);
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const NUMERIC = new Set(['integer', 'decimal', 'double', 'float', 'int', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'negativeInteger', 'nonPositiveInteger', 'unsignedInt', 'unsignedLong'].map((t) => XSD + t));

/** A term as text, with literals in a canonical form of their value. */
export function termKey(t: Term): string {
  if (t.termType === 'BlankNode') return '_:';
  if (t.termType !== 'Literal') return `<${t.value}>`;
  const datatype = t.datatype.value;
  let value = t.value;
  if (NUMERIC.has(datatype)) {
    const text = value.trim().toUpperCase();
    value = text === 'NAN' ? 'NaN' : text === 'INF' || text === '+INF' ? 'Infinity' : text === '-INF' ? '-Infinity' : String(Number(value));
  } else if (datatype === `${XSD}boolean`) value = value === '1' || value === 'true' ? 'true' : 'false';
  else if (datatype === `${XSD}dateTime` && !Number.isNaN(Date.parse(value))) value = new Date(value).toISOString();
  return `"${value}"@${t.language.toLowerCase()}^^${datatype}`;
}
