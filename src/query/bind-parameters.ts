/**
 * Binds parameter values as RDF terms: the query is parsed, a VALUES block is placed first in its
 * top-level WHERE (and, for engines that plan better so, a variable bound to one term is also written
 * into the triple patterns as that term), and the query is serialised again. Values are never spliced into query text, so
 * `"}; DROP ALL ; #` stays a string literal and an IRI holding `>` or a space is rejected.
 */
import { DataFactory } from 'n3';
import sparqljs from 'sparqljs';
import type { Term } from '@rdfjs/types';
import { InputError, QueryError } from '../errors.js';
import { NS, type Prefix, xsd } from '../vocab/namespaces.js';
import type { QueryParameter } from './named-query.js';

/** Characters that can never appear in an IRI reference (RFC 3987 / SPARQL IRIREF). */
const BAD_IRI = /[\s<>"{}|^`\\]/;

export function parameterTerm(parameter: Pick<QueryParameter, 'name' | 'type'>, value: string | number | boolean): Term {
  const text = String(value);
  const fail = (why: string): never => {
    throw new InputError(`parameter ${parameter.name}: ${why}`, { context: { field: parameter.name }, hint: `expected a value of type ${parameter.type}` });
  };
  switch (parameter.type) {
    case 'iri': {
      const expanded = expandPrefixed(text);
      if (!looksLikeIri(expanded)) fail(`"${text}" is not an absolute IRI or known prefixed name`);
      return DataFactory.namedNode(expanded);
    }
    case 'integer':
      if (!/^[+-]?\d+$/.test(text)) fail(`"${text}" is not an integer`);
      return DataFactory.literal(text, xsd.integer);
    case 'double':
      if (!/^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|NaN|INF|-INF)$/.test(text)) fail(`"${text}" is not a number`);
      return DataFactory.literal(text, xsd.double);
    case 'boolean':
      if (text !== 'true' && text !== 'false') fail(`"${text}" is not true or false`);
      return DataFactory.literal(text, xsd.boolean);
    case 'dateTime':
      if (Number.isNaN(Date.parse(text))) fail(`"${text}" is not a date-time`);
      return DataFactory.literal(text, xsd.dateTime);
    case 'run':
    case 'entity':
      // An IRI is the run (or entity) itself; anything else is a tracker run id, resolved against the archive.
      return looksLikeIri(text) ? DataFactory.namedNode(text) : DataFactory.literal(text);
    default:
      return DataFactory.literal(text);
  }
}

/** An absolute IRI that can be written in SPARQL (scheme, no forbidden characters). */
export function looksLikeIri(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) && !BAD_IRI.test(text);
}

function expandPrefixed(text: string): string {
  const match = /^([a-zA-Z]+):(.*)$/.exec(text);
  if (match && match[1] in NS && !match[2].startsWith('//')) return NS[match[1] as Prefix] + match[2];
  return text;
}

/**
 * Returns the query with each bound variable fixed to its term. The VALUES block goes first in the
 * top-level WHERE and in every subquery that mentions the variable: a subquery is evaluated on its
 * own, so a binding outside it would not constrain it.
 *
 * With `constants`, a variable bound to one term is written into the triple patterns too. Oxigraph (the
 * embedded archive) plans a pattern by its constants and joins a VALUES block afterwards: the benchmark's
 * reuse lookup took 140 ms with VALUES alone and 34 ms with constants at 10,000 runs. Virtuoso plans the
 * other way round (its parameter-effect curve: 60 ms with VALUES, 870 ms with constants), so it is an
 * option of the store (Store.prefersConstants), off by default.
 */
export function bindParameters(sparql: string, bindings: Map<string, Term | Term[]>, options: { constants?: boolean } = {}): string {
  if (bindings.size === 0) return sparql;
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser().parse(sparql);
  } catch (e) {
    throw new QueryError(`SPARQL syntax error: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  if (parsed.type !== 'query' || !parsed.where) throw new QueryError('parameters can only be bound in a query with a WHERE clause');
  bindIn(parsed, bindings, true, options.constants ?? false);
  inlineRegexPatterns(parsed, bindings);
  return new sparqljs.Generator().stringify(parsed);
}

/**
 * A pattern or flags argument of REGEX bound to one term is written in as that constant too: Oxigraph
 * compiles a regular expression held in a variable again for every row (7.5 s instead of 0.3 s over the
 * metric keys of 1,000 runs). The term goes in through the syntax tree, as the VALUES rows do.
 */
function inlineRegexPatterns(node: unknown, bindings: Map<string, Term | Term[]>): void {
  if (Array.isArray(node)) {
    for (const item of node) inlineRegexPatterns(item, bindings);
  } else if (node && typeof node === 'object') {
    const n = node as { type?: string; operator?: string; args?: unknown[] };
    if (n.type === 'operation' && n.operator === 'regex' && n.args) {
      n.args = n.args.map((arg, i) => {
        const bound = i > 0 && (arg as Term).termType === 'Variable' ? bindings.get((arg as Term).value) : undefined;
        return bound && !Array.isArray(bound) ? bound : arg;
      });
    }
    for (const value of Object.values(n)) inlineRegexPatterns(value, bindings);
  }
}

type QueryNode = { type: 'query'; where?: unknown[] };

/** A list binds the variable to each of its terms (one VALUES row per term). */
function bindIn(query: QueryNode, bindings: Map<string, Term | Term[]>, topLevel: boolean, constants: boolean): void {
  // Subqueries first, found anywhere below this query's WHERE.
  visitSubqueries(query.where, (sub) => bindIn(sub, bindings, false, constants));
  for (const [name, value] of [...bindings].reverse()) {
    if (!topLevel && !mentions(query.where, name)) continue;
    const terms = Array.isArray(value) ? value : [value];
    if (constants && terms.length === 1) inlineInPatterns(query.where, name, terms[0]);
    query.where!.unshift({ type: 'values', values: terms.map((term) => ({ [`?${name}`]: term })) });
  }
}

type Triple = { subject: Term; predicate: Term | { type: 'path' }; object: Term };
type Pattern = { type: string; patterns?: Pattern[]; triples?: Triple[]; expression?: unknown };

/**
 * Writes `term` for the variable in the triple patterns of this query level: its groups, UNION branches,
 * OPTIONALs, GRAPHs and (NOT) EXISTS filters, which all see the VALUES row, so the answers stay the same.
 * Not in MINUS (removing the shared variable would change what it removes), nor in subqueries (each
 * gets its own VALUES). A literal goes in the object position only, where SPARQL allows one.
 */
function inlineInPatterns(patterns: unknown[] | undefined, variable: string, term: Term): void {
  const replace = <T>(t: T, position: 'node' | 'object'): T =>
    (t as Term).termType === 'Variable' && (t as Term).value === variable && (position === 'object' || term.termType === 'NamedNode') ? (term as T) : t;
  for (const p of (patterns ?? []) as Pattern[]) {
    if (p.type === 'bgp') {
      // Not into a property path's triple: Oxigraph walks `?child rg:parentRun+ <run>` from every
      // subject (460 ms against 2 ms with the VALUES row at 10,000 runs).
      for (const t of (p.triples ?? []).filter((t) => !('type' in t.predicate))) {
        t.subject = replace(t.subject, 'node');
        t.predicate = replace(t.predicate, 'node');
        t.object = replace(t.object, 'object');
      }
    } else if (['group', 'union', 'optional', 'graph'].includes(p.type)) {
      inlineInPatterns(p.patterns, variable, term);
    } else if (p.type === 'filter') {
      forEachExists(p.expression, (group) => inlineInPatterns(group.patterns, variable, term));
    }
  }
}

function forEachExists(expression: unknown, visit: (group: Pattern) => void): void {
  const e = expression as { type?: string; operator?: string; args?: unknown[] } | undefined;
  if (e?.type !== 'operation' || !e.args) return;
  if (e.operator === 'exists' || e.operator === 'notexists') visit(e.args[0] as Pattern);
  else for (const arg of e.args) forEachExists(arg, visit);
}

function visitSubqueries(node: unknown, visit: (q: QueryNode) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) visitSubqueries(item, visit);
  } else if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (n.type === 'query' && Array.isArray(n.where)) {
      visit(n as QueryNode);
      return;
    }
    for (const value of Object.values(n)) visitSubqueries(value, visit);
  }
}

function mentions(node: unknown, variable: string): boolean {
  if (Array.isArray(node)) return node.some((item) => mentions(item, variable));
  if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (n.termType === 'Variable' && n.value === variable) return true;
    return Object.values(n).some((value) => mentions(value, variable));
  }
  return false;
}
