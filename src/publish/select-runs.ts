/**
 * Resolves a publication's selection to run IRIs: `experiment:NAME` (title or id), `runs:ID,ID,…`
 * (tracker run ids or run IRIs) or `query:NAME` (a named query whose results have ?run). User values
 * reach SPARQL only as bound RDF terms.
 */
import { DataFactory } from 'n3';
import type { NamedNode } from '@rdfjs/types';
import { InputError } from '../errors.js';
import { parameterTerm } from '../query/bind-parameters.js';
import { resolveQuery } from '../query/named-query.js';
import { runNamedQuery, type ParameterValues } from '../query/run-query.js';
import type { Store } from '../store/store.js';
import { bindParameters } from '../query/bind-parameters.js';

export type Selection = { kind: 'experiment'; name: string } | { kind: 'runs'; ids: string[] } | { kind: 'query'; name: string; params?: ParameterValues };

export function parseSelection(text: string): Selection {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : '';
  const rest = text.slice(colon + 1).trim();
  if (kind === 'experiment' && rest) return { kind, name: rest };
  if (kind === 'runs' && rest) return { kind, ids: splitIds(rest) };
  if (kind === 'query' && rest) return { kind, name: rest };
  throw new TypeError(`unknown selection "${text}": use experiment:NAME, runs:ID,ID,… or query:NAME`);
}

/** Commas separate ids, except inside an IRI's query string where they are rare: split on ",". */
const splitIds = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);

const RUNS_OF_EXPERIMENT = `PREFIX mls: <http://www.w3.org/ns/mls#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?run WHERE {
  ?exp a mls:Experiment ; mls:hasPart ?run .
  ?run a mls:Run .
  { ?exp dcterms:title ?name } UNION { ?exp dcterms:identifier ?name }
}`;

const RUNS_BY_ID = `PREFIX mls: <http://www.w3.org/ns/mls#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?key ?run WHERE {
  { ?run dcterms:identifier ?key } UNION { ?key a mls:Run . BIND(?key AS ?run) }
  ?run a mls:Run .
}`;

export async function selectRuns(store: Store, selection: Selection): Promise<NamedNode[]> {
  switch (selection.kind) {
    case 'experiment': {
      const sparql = bindParameters(RUNS_OF_EXPERIMENT, new Map([['name', DataFactory.literal(selection.name)]]));
      const runs = await runColumn(store, sparql, 'run');
      if (runs.length === 0) throw new InputError(`no runs in an experiment named or numbered "${selection.name}"`, { context: { field: 'select' }, hint: 'rungraph query list-experiment-runs lists them' });
      return runs;
    }
    case 'runs': {
      const keys = selection.ids.map((id) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(id) ? parameterTerm({ name: 'run', type: 'iri' }, id) : DataFactory.literal(id)));
      const result = await store.query(bindParameters(RUNS_BY_ID, new Map([['key', keys]])));
      if (result.type !== 'bindings') throw new TypeError('unexpected result form');
      const found = new Map<string, NamedNode[]>();
      for (const row of result.rows) {
        const list = found.get(row.get('key')!.value) ?? [];
        list.push(row.get('run') as NamedNode);
        found.set(row.get('key')!.value, list);
      }
      const missing = selection.ids.filter((id) => !found.has(id));
      if (missing.length > 0) throw new InputError(`no run with id or IRI ${missing.map((m) => JSON.stringify(m)).join(', ')}`, { context: { field: 'select' }, hint: 'rungraph query list-runs lists them' });
      return dedupe([...found.values()].flat());
    }
    case 'query': {
      const query = resolveQuery(selection.name);
      if (!query) throw new InputError(`no named query "${selection.name}"`, { context: { field: 'select' }, hint: 'rungraph query --list shows the catalogue' });
      const result = await runNamedQuery(store, query, selection.params ?? {});
      if (result.type !== 'bindings' || !result.variables.includes('run')) {
        throw new InputError(`query ${query.name} does not return ?run`, { context: { field: 'select', file: query.file }, hint: 'use a query whose results have a ?run column, e.g. list-runs' });
      }
      return dedupe(result.rows.map((r) => r.get('run')).filter((t): t is NamedNode => t?.termType === 'NamedNode'));
    }
  }
}

async function runColumn(store: Store, sparql: string, variable: string): Promise<NamedNode[]> {
  const result = await store.query(sparql);
  if (result.type !== 'bindings') throw new TypeError('unexpected result form');
  return dedupe(result.rows.map((r) => r.get(variable)).filter((t): t is NamedNode => t?.termType === 'NamedNode'));
}

function dedupe(nodes: NamedNode[]): NamedNode[] {
  const seen = new Map<string, NamedNode>();
  for (const n of nodes) seen.set(n.value, n);
  return [...seen.values()].sort((a, b) => a.value.localeCompare(b.value));
}
