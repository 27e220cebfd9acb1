/**
 * Which result form a query has (SELECT / ASK / CONSTRUCT / DESCRIBE), read by a real SPARQL parser so
 * comments and prefixes never confuse it. Syntax errors surface as QueryError with the parser's message.
 */
import sparqljs from 'sparqljs';
import { QueryError } from '../errors.js';

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';


export function queryForm(sparql: string): QueryForm {
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser().parse(sparql);
  } catch (e) {
    throw new QueryError(`SPARQL syntax error: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  if (parsed.type !== 'query') throw new QueryError('expected a query, got an update', { hint: 'use `rungraph update` for SPARQL Update' });
  return parsed.queryType;
}
