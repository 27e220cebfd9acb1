/**
 * Binds a list of RDF terms to one variable as a VALUES block, through the SPARQL parser and
 * generator like bindParameters: the terms are never spliced into query text.
 */
import sparqljs from 'sparqljs';
import type { Term } from '@rdfjs/types';

export function bindValues(sparql: string, variable: string, terms: Term[]): string {
  const parsed = new sparqljs.Parser().parse(sparql);
  if (parsed.type !== 'query' || !parsed.where) throw new TypeError('bindValues needs a query with a WHERE clause');
  const rows = terms.map((t) => ({ [`?${variable}`]: t }));
  parsed.where.unshift({ type: 'values', values: rows } as unknown as sparqljs.Pattern);
  return new sparqljs.Generator().stringify(parsed);
}
