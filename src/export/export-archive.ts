/**
 * The archive as N-Quads, TriG, Turtle (the union of all graphs) or JSON-LD (compacted with
 * ontology/context.jsonld). Read through SPARQL, so it works on every store. N-Quads, TriG and Turtle are
 * written a batch of graphs at a time: an archive of tens of thousands of runs is larger than one
 * JavaScript string can be.
 */
import * as fs from 'node:fs';
import jsonld from 'jsonld';
import { DataFactory, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { ArchiveCapacityError } from '../errors.js';
import { packagePath } from '../package-root.js';
import { graphNames, graphQuads, toQuads } from '../store/read-graphs.js';
import type { Store } from '../store/store.js';
import { NS } from '../vocab/namespaces.js';

export const EXPORT_FORMATS = ['nquads', 'trig', 'turtle', 'jsonld'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Graphs read per query while exporting. */
const GRAPHS_PER_QUERY = 100;
const PREFIXES = Object.fromEntries(Object.entries(NS).filter(([p]) => p !== 'id'));

/** Every quad of the archive, or of one graph, in memory: for archives that fit in one process's heap. */
export async function archiveQuads(store: Store, graph?: string): Promise<Quad[]> {
  if (graph !== undefined) return graphQuads(store, [checkIri(graph)]);
  const result = await store.query('SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }');
  return toQuads(result);
}

/**
 * The archive (or one graph) in `format`, a piece per batch of graphs, for a stream to consume at its own
 * pace. JSON-LD is one compacted document, so it is built whole, and refused with a hint when too large.
 */
export async function* archiveText(store: Store, format: ExportFormat, options: { graph?: string } = {}): AsyncGenerator<string> {
  if (format === 'jsonld') {
    yield await jsonLdDocument(store, options.graph);
    return;
  }
  const graphs = options.graph !== undefined ? [checkIri(options.graph)] : await graphNames(store);
  let pending: string[] = [];
  const sink = { write: (text: string) => void pending.push(text), end: (done?: () => void) => done?.() };
  const writer = format === 'nquads' ? new Writer(sink, { format: 'N-Quads' }) : new Writer(sink, { format: format === 'trig' ? 'TriG' : 'Turtle', prefixes: PREFIXES });
  const flush = () => {
    const text = pending.join('');
    pending = [];
    return text;
  };
  for (let i = 0; i < graphs.length; i += GRAPHS_PER_QUERY) {
    const quads = await graphQuads(store, graphs.slice(i, i + GRAPHS_PER_QUERY));
    // Turtle is the union: each triple is in one graph only (decision 0004), so nothing repeats.
    writer.addQuads(format === 'turtle' ? quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object)) : quads);
    yield flush();
  }
  writer.end();
  yield flush();
}

/** The archive (or one graph) in `format` as one string. */
export async function exportArchive(store: Store, format: ExportFormat, options: { graph?: string } = {}): Promise<string> {
  const parts: string[] = [];
  for await (const text of archiveText(store, format, options)) parts.push(text);
  return parts.join('');
}

async function jsonLdDocument(store: Store, graph: string | undefined): Promise<string> {
  try {
    const quads = await archiveQuads(store, graph);
    const context = JSON.parse(fs.readFileSync(packagePath('ontology', 'context.jsonld'), 'utf8')) as { '@context': object };
    const nquads = new Writer({ format: 'N-Quads' }).quadsToString(quads);
    const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
    return `${JSON.stringify(await jsonld.compact(expanded, context['@context'] as jsonld.ContextDefinition), null, 2)}\n`;
  } catch (e) {
    if (!/string longer than|invalid string length/i.test((e as Error).message)) throw e;
    throw new ArchiveCapacityError('the archive is too large for one JSON-LD document', {
      context: { file: store.location },
      hint: 'export it as --format nquads or trig, or one run with --graph IRI',
      cause: e,
    });
  }
}

function checkIri(iri: string): string {
  if (/[\s<>"{}|^`\\]/.test(iri)) throw new TypeError(`not an IRI: ${JSON.stringify(iri)}`);
  return iri;
}
