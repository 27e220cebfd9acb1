/**
 * Runs a named query or SPARQL text with parameters bound from their declared types and defaults.
 */
import { DataFactory } from 'n3';
import type { NamedNode, Term } from '@rdfjs/types';
import { InputError } from '../errors.js';
import type { QueryResult, Store } from '../store/store.js';
import { sparqlPrefixes } from '../vocab/namespaces.js';
import { bindParameters, parameterTerm } from './bind-parameters.js';
import { resolvesRunIds, type NamedQuery } from './named-query.js';
import { answerFromRunGraphs } from './run-graphs.js';

export type ParameterValues = Record<string, string | number | boolean>;
/** The runs each `run` or `entity` parameter names, by parameter. */
export type ResolvedRuns = Map<string, NamedNode[]>;

type QueryShape = Pick<NamedQuery, 'sparql' | 'params' | 'name'> & Partial<Pick<NamedQuery, 'scope'>>;

/**
 * The query with its parameters bound. A `run` parameter given as a tracker run id needs `runs` from
 * resolveRunParameters (it names IRIs only the archive knows); given as an IRI it needs nothing.
 */
export function prepareQuery(query: QueryShape, values: ParameterValues = {}, runs: ResolvedRuns = new Map(), options: BindOptions = {}): string {
  return bindParameters(query.sparql, parameterBindings(query, values, runs), options);
}

/** `constants`: write parameters into the patterns as well (for a store that prefersConstants). */
export type BindOptions = { constants?: boolean };

/** Each given or defaulted parameter's term, or for a run given by tracker id the runs it names. */
function parameterBindings(query: QueryShape, values: ParameterValues, runs: ResolvedRuns): Map<string, Term | Term[]> {
  const declared = new Map(query.params.map((p) => [p.name, p]));
  for (const name of Object.keys(values)) {
    if (!declared.has(name)) {
      throw new InputError(`query ${query.name} has no parameter "${name}"`, {
        context: { field: name },
        hint: declared.size > 0 ? `its parameters: ${[...declared.keys()].join(', ')}` : 'it takes no parameters',
      });
    }
  }
  const bindings = new Map<string, Term | Term[]>();
  for (const p of query.params) {
    const value = values[p.name] ?? p.default;
    if (value === undefined) {
      if (p.required) throw new InputError(`query ${query.name} needs --param ${p.name}=…`, { context: { field: p.name } });
      continue;
    }
    const term = parameterTerm(p, value);
    if (resolvesRunIds(p.type) && term.termType !== 'NamedNode') {
      const found = runs.get(p.name);
      if (!found) throw new TypeError(`query ${query.name}: run parameter ${p.name} was given a run id; resolve it with resolveRunParameters first`);
      bindings.set(p.name, found);
    } else bindings.set(p.name, term);
  }
  return bindings;
}

const RUNS_WITH_ID = `${sparqlPrefixes(['mls', 'dcterms'])}
SELECT DISTINCT ?run WHERE { ?run dcterms:identifier ?id ; a mls:Run }`;

/**
 * Looks up the runs that `run` parameters given as tracker run ids name (one index lookup each; ids are
 * unique within a tracker, so two trackers may share one). `select` runs SPARQL on the archive, a server
 * or a federation.
 */
export async function resolveRunParameters(select: (sparql: string) => Promise<QueryResult>, query: QueryShape, values: ParameterValues): Promise<ResolvedRuns> {
  const runs: ResolvedRuns = new Map();
  for (const p of query.params) {
    const value = values[p.name] ?? p.default;
    if (!resolvesRunIds(p.type) || value === undefined || parameterTerm(p, value).termType === 'NamedNode') continue;
    const result = await select(bindParameters(RUNS_WITH_ID, new Map([['id', DataFactory.literal(String(value))]])));
    runs.set(p.name, result.type === 'bindings' ? result.rows.map((r) => r.get('run')).filter((t): t is NamedNode => t?.termType === 'NamedNode') : []);
  }
  return runs;
}

/**
 * Answers a query through `select` (the archive, a server or a federation): run ids first, then the query,
 * or for a run-scoped query the runs' graphs and then the query on them.
 */
export async function answerQuery(select: (sparql: string) => Promise<QueryResult>, query: QueryShape, values: ParameterValues = {}, options: BindOptions = {}): Promise<QueryResult> {
  const bindings = parameterBindings(query, values, await resolveRunParameters(select, query, values));
  const sparql = bindParameters(query.sparql, bindings, options);
  if (query.scope !== 'runs') return select(sparql);
  // The runs the `run` parameters name, as bound: given as IRIs or resolved from tracker run ids.
  const runs = query.params.filter((p) => p.type === 'run').flatMap((p) => bindings.get(p.name) ?? []);
  return answerFromRunGraphs(select, runs as NamedNode[], sparql);
}

export async function runNamedQuery(store: Store, query: NamedQuery, values: ParameterValues = {}): Promise<QueryResult> {
  return answerQuery((sparql) => store.query(sparql), query, values, { constants: store.prefersConstants });
}
