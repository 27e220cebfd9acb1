/**
 * The predicates a SPARQL query's patterns can match. A read-only archive loads only the quads with those
 * predicates for a query (decision 0002, "Loading for one query"): at 10,000 runs a comparison needs about
 * half of them, a reuse lookup a third.
 *
 * Why that leaves every answer unchanged: a triple pattern whose predicate is an IRI, or a property path
 * built from IRIs, matches only quads with those predicates, so any dataset that holds all of them (and
 * perhaps more) gives the same solutions. Three things match other quads too, and for them the whole
 * archive is needed (undefined): a variable predicate or a negated property set; a path that can be of
 * length zero between two variables (it matches every node of the graph), unless a pattern beside it ties
 * one of them to the quads loaded anyway; and a GRAPH pattern with no
 * pattern that needs a quad (it matches every graph). DESCRIBE describes whatever it finds, and a query
 * the parser cannot read is left for the engine to judge on the whole archive.
 */
import sparqljs from 'sparqljs';

type Path = sparqljs.PropertyPath | sparqljs.IriTerm;
type Predicate = sparqljs.Triple['predicate'];
type Node = Record<string, unknown>;

/** The predicate IRIs the query can match, or undefined when its answer may depend on any quad. */
export function queryPredicates(sparql: string): Set<string> | undefined {
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser().parse(sparql);
  } catch {
    return undefined;
  }
  if (parsed.type !== 'query' || parsed.queryType === 'DESCRIBE') return undefined;
  const predicates = new Set<string>();
  const bindable = new Set<string>();
  variablesOutsideFilters(parsed, bindable);
  return collect(parsed, predicates, bindable) ? predicates : undefined;
}

/**
 * Adds the predicates of every pattern under `node`; false when one of them can match any quad.
 * `bindable`: the variables a pattern, VALUES or BIND may bind (see alwaysTrue).
 */
function collect(node: unknown, predicates: Set<string>, bindable: ReadonlySet<string>): boolean {
  if (Array.isArray(node)) return node.every((item) => collect(item, predicates, bindable));
  if (!node || typeof node !== 'object') return true;
  const n = node as Node;
  if (n.type === 'bgp') {
    const triples = (n as unknown as sparqljs.BgpPattern).triples;
    return triples.every((t) => collectTriple(t, triples, predicates));
  }
  if ('subject' in n && 'predicate' in n && 'object' in n) return collectTriple(n as unknown as sparqljs.Triple, [], predicates);
  if (n.type === 'graph' && !needsQuad((n as unknown as sparqljs.GraphPattern).patterns)) return false;
  // An optional parameter left out: `FILTER(!BOUND(?dataset) || EXISTS { … })` never evaluates its EXISTS.
  if (n.type === 'filter' && alwaysTrue((n as unknown as sparqljs.FilterPattern).expression, bindable)) return true;
  if (n.type === 'operation' && (n.operator === 'exists' || n.operator === 'notexists')) {
    // Inside EXISTS, its own patterns bind variables too.
    const inside = new Set(bindable);
    variablesOutsideFilters(n.args, inside);
    return collect(n.args, predicates, inside);
  }
  for (const [key, value] of Object.entries(n)) {
    // A CONSTRUCT template only shapes the output: `{ ?s ?p ?o }` there matches nothing.
    if (key === 'template') continue;
    if (typeof value === 'object' && !collect(value, predicates, bindable)) return false;
  }
  return true;
}

/**
 * Adds to `found` the variables under `node` outside FILTERs: those a solution may bind (a pattern,
 * VALUES, BIND, a subquery). A filter binds nothing, nor does the pattern of an EXISTS in it, outside it.
 */
function variablesOutsideFilters(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) variablesOutsideFilters(item, found);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.termType === 'Variable') {
    found.add(n.value as string);
    return;
  }
  if (n.type === 'filter') return;
  // VALUES rows (a pattern, or the clause after a query) name their variables as keys: `{ '?d': term }`.
  if ((n.type === 'values' || n.type === 'query') && Array.isArray(n.values)) {
    for (const row of n.values as Record<string, unknown>[]) for (const key of Object.keys(row)) found.add(key.replace(/^[?$]/, ''));
  }
  for (const value of Object.values(n)) if (typeof value === 'object') variablesOutsideFilters(value, found);
}

/** A filter expression true for every solution: `!BOUND(?v) || …` where nothing can bind ?v. */
function alwaysTrue(expression: sparqljs.Expression, bindable: ReadonlySet<string>): boolean {
  const e = expression as sparqljs.OperationExpression;
  if (e.type !== 'operation') return false;
  if (e.operator === '||') return e.args.some((arg) => alwaysTrue(arg as sparqljs.Expression, bindable));
  if (e.operator !== '!') return false;
  const inner = e.args[0] as sparqljs.OperationExpression;
  const variable = inner?.type === 'operation' && inner.operator === 'bound' ? (inner.args[0] as sparqljs.VariableTerm) : undefined;
  return variable?.termType === 'Variable' && !bindable.has(variable.value);
}

/** Adds `triple`'s predicates; `siblings` are the triple patterns of its basic graph pattern. */
function collectTriple(triple: sparqljs.Triple, siblings: sparqljs.Triple[], predicates: Set<string>): boolean {
  const predicate = triple.predicate;
  if (!isPath(predicate) && predicate.termType === 'Variable') return false;
  if (isPath(predicate) && canBeEmpty(predicate) && !isConstant(triple.subject) && !isConstant(triple.object) && !anchored(triple, siblings)) return false;
  return collectPath(predicate as Path, predicates);
}

/**
 * Whether an end of a path that can be empty is also the subject or object of a pattern beside it that
 * only a quad matches: the pair of a node with itself then survives the join only for nodes of quads the
 * query loads anyway (`?start rg:parentRun* ?run . ?run dcterms:identifier ?id`).
 */
function anchored(triple: sparqljs.Triple, siblings: sparqljs.Triple[]): boolean {
  const ends = [triple.subject, triple.object].filter((t) => t.termType === 'Variable' || t.termType === 'BlankNode');
  return siblings.some((other) => {
    if (other === triple || (isPath(other.predicate) && canBeEmpty(other.predicate))) return false;
    return ends.some((end) => [other.subject, other.object].some((t) => t.termType === end.termType && t.value === end.value));
  });
}

function collectPath(path: Path, predicates: Set<string>): boolean {
  if (!isPath(path)) {
    predicates.add(path.value);
    return true;
  }
  if (path.pathType === '!') return false;
  return path.items.every((item) => collectPath(item, predicates));
}

/** Whether the path matches a node to itself with no edge at all (`p*`, `p?`, and sequences or alternatives of such). */
function canBeEmpty(path: Path): boolean {
  if (!isPath(path)) return false;
  switch (path.pathType) {
    case '*':
    case '?':
      return true;
    case '/':
      return path.items.every(canBeEmpty);
    case '|':
      return path.items.some(canBeEmpty);
    case '^':
    case '+':
      return canBeEmpty(path.items[0]);
    default:
      return false;
  }
}

/** Whether a group (a GRAPH pattern's body) holds a triple pattern that only a quad can match. */
function needsQuad(patterns: sparqljs.Pattern[]): boolean {
  return patterns.some((p) => p.type === 'bgp' && p.triples.some((t) => !isPath(t.predicate) || !canBeEmpty(t.predicate)));
}

function isPath(term: Predicate | Path): term is sparqljs.PropertyPath {
  return (term as sparqljs.PropertyPath).type === 'path';
}

function isConstant(term: sparqljs.Triple['subject'] | sparqljs.Triple['object']): boolean {
  return term.termType === 'NamedNode' || term.termType === 'Literal';
}
