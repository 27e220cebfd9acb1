/**
 * The archive as N-Quads, TriG, Turtle (the union of all graphs) or JSON-LD (compacted with
 * ontology/context.jsonld). Read through SPARQL, so it works on every store.
 */
import * as fs from 'node:fs';
import jsonld from 'jsonld';
import { DataFactory, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { packagePath } from '../package-root.js';
import type { Store } from '../store/store.js';
import { NS } from '../vocab/namespaces.js';

export const EXPORT_FORMATS = ['nquads', 'trig', 'turtle', 'jsonld'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export async function archiveQuads(store: Store, graph?: string): Promise<Quad[]> {
  const where = graph ? `GRAPH <${checkIri(graph)}> { ?s ?p ?o } BIND(<${graph}> AS ?g)` : 'GRAPH ?g { ?s ?p ?o }';
  const result = await store.query(`SELECT ?s ?p ?o ?g WHERE { ${where} }`);
  if (result.type !== 'bindings') throw new Error('unexpected result form');
  return result.rows.map((r) => DataFactory.quad(r.get('s') as Quad['subject'], r.get('p') as Quad['predicate'], r.get('o') as Quad['object'], r.get('g') as Quad['graph']));
}

export async function exportArchive(store: Store, format: ExportFormat, options: { graph?: string } = {}): Promise<string> {
  const quads = await archiveQuads(store, options.graph);
  const prefixes = Object.fromEntries(Object.entries(NS).filter(([p]) => p !== 'id'));
  switch (format) {
    case 'nquads':
      return new Writer({ format: 'N-Quads' }).quadsToString(quads);
    case 'trig':
      return write(new Writer({ format: 'TriG', prefixes }), quads);
    case 'turtle':
      return write(new Writer({ format: 'Turtle', prefixes }), dedupe(quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object))));
    case 'jsonld': {
      const context = JSON.parse(fs.readFileSync(packagePath('ontology', 'context.jsonld'), 'utf8')) as { '@context': object };
      const nquads = new Writer({ format: 'N-Quads' }).quadsToString(quads);
      const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
      return `${JSON.stringify(await jsonld.compact(expanded, context['@context'] as jsonld.ContextDefinition), null, 2)}\n`;
    }
  }
}

function write(writer: Writer, quads: Quad[]): Promise<string> {
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((error, result: string) => (error ? reject(error) : resolve(result))));
}

function dedupe(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const key = `${q.subject.value} ${q.predicate.value} ${q.object.termType}${q.object.value}${q.object.termType === 'Literal' ? q.object.datatype.value + q.object.language : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkIri(iri: string): string {
  if (/[\s<>"{}|^`\\]/.test(iri)) throw new TypeError(`not an IRI: ${JSON.stringify(iri)}`);
  return iri;
}
