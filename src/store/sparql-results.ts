/**
 * SPARQL 1.1 Query Results JSON ⇄ RDF/JS terms, shared by every backend and the CLI's json output.
 */
import { DataFactory } from 'n3';
import type { Term } from '@rdfjs/types';
import type { Bindings, QueryResult } from './store.js';

export interface SparqlJsonTerm {
  type: 'uri' | 'literal' | 'bnode' | 'typed-literal';
  value: string;
  'xml:lang'?: string;
  datatype?: string;
}

export interface SparqlJsonResults {
  head: { vars?: string[] };
  results?: { bindings: Record<string, SparqlJsonTerm>[] };
  boolean?: boolean;
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

export function termFromJson(t: SparqlJsonTerm): Term {
  switch (t.type) {
    case 'uri':
      return DataFactory.namedNode(t.value);
    case 'bnode':
      return DataFactory.blankNode(t.value);
    default:
      if (t['xml:lang']) return DataFactory.literal(t.value, t['xml:lang']);
      return DataFactory.literal(t.value, t.datatype ? DataFactory.namedNode(t.datatype) : undefined);
  }
}

export function termToJson(t: Term): SparqlJsonTerm {
  switch (t.termType) {
    case 'NamedNode':
      return { type: 'uri', value: t.value };
    case 'BlankNode':
      return { type: 'bnode', value: t.value };
    case 'Literal':
      if (t.language) return { type: 'literal', value: t.value, 'xml:lang': t.language };
      if (t.datatype.value === XSD_STRING) return { type: 'literal', value: t.value };
      return { type: 'literal', value: t.value, datatype: t.datatype.value };
    default:
      throw new TypeError(`cannot serialise a ${t.termType} in SPARQL results`);
  }
}

export function resultFromJson(json: SparqlJsonResults): QueryResult {
  if (typeof json.boolean === 'boolean') return { type: 'boolean', value: json.boolean };
  const variables = json.head.vars ?? [];
  const rows: Bindings[] = (json.results?.bindings ?? []).map((b) => {
    const row: Bindings = new Map();
    for (const [name, term] of Object.entries(b)) row.set(name, termFromJson(term));
    return row;
  });
  return { type: 'bindings', variables, rows };
}

export function bindingsToJson(variables: string[], rows: Bindings[]): SparqlJsonResults {
  return {
    head: { vars: variables },
    results: {
      bindings: rows.map((row) => {
        const out: Record<string, SparqlJsonTerm> = {};
        for (const [name, term] of row) out[name] = termToJson(term);
        return out;
      }),
    },
  };
}
