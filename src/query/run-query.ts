/**
 * Runs a named query or SPARQL text with parameters bound from their declared types and defaults.
 */
import type { Term } from '@rdfjs/types';
import { InputError } from '../errors.js';
import type { QueryResult, Store } from '../store/store.js';
import { bindParameters, parameterTerm } from './bind-parameters.js';
import type { NamedQuery } from './named-query.js';

export type ParameterValues = Record<string, string | number | boolean>;

export function prepareQuery(query: Pick<NamedQuery, 'sparql' | 'params' | 'name'>, values: ParameterValues = {}): string {
  const declared = new Map(query.params.map((p) => [p.name, p]));
  for (const name of Object.keys(values)) {
    if (!declared.has(name)) {
      throw new InputError(`query ${query.name} has no parameter "${name}"`, {
        context: { field: name },
        hint: declared.size > 0 ? `its parameters: ${[...declared.keys()].join(', ')}` : 'it takes no parameters',
      });
    }
  }
  const bindings = new Map<string, Term>();
  for (const p of query.params) {
    const value = values[p.name] ?? p.default;
    if (value === undefined) {
      if (p.required) throw new InputError(`query ${query.name} needs --param ${p.name}=…`, { context: { field: p.name } });
      continue;
    }
    bindings.set(p.name, parameterTerm(p, value));
  }
  return bindParameters(query.sparql, bindings);
}

export async function runNamedQuery(store: Store, query: NamedQuery, values: ParameterValues = {}): Promise<QueryResult> {
  return store.query(prepareQuery(query, values));
}
