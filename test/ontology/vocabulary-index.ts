/**
 * What the ontology declares and which concepts the mapping files define, read straight from the
 * files (not through the code under test), plus the rule deciding whether an IRI needs a declaration.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../support/shared.js';

export const RG = 'https://w3id.org/rungraph/ns#';
export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
export const OWL = 'http://www.w3.org/2002/07/owl#';
export const SCHEMES = {
  algorithms: 'https://w3id.org/rungraph/algorithm/',
  hyperparameters: 'https://w3id.org/rungraph/hyperparameter/',
  measures: 'https://w3id.org/rungraph/measure/',
} as const;

/** Instance data (minted IRIs, Wikidata items, urn: sentinels) and the core W3C languages need no declaration. */
const UNDECLARED_NAMESPACES = [
  'https://w3id.org/rungraph/id/',
  'urn:',
  'http://www.wikidata.org/entity/',
  RDF,
  RDFS,
  OWL,
  'http://www.w3.org/2001/XMLSchema#',
  'http://www.w3.org/ns/shacl#',
];

export const repoFile = (...segments: string[]): string => path.join(repoRoot, ...segments);

export function parseTurtleFile(...segments: string[]): Quad[] {
  return new Parser().parse(fs.readFileSync(repoFile(...segments), 'utf8'));
}

export const ontology = parseTurtleFile('ontology', 'rungraph.ttl');

/** Subjects the ontology gives a label: what "declared" means for the closure checks. */
export const declared = new Set(ontology.filter((q) => q.predicate.value === `${RDFS}label`).map((q) => q.subject.value));

export function objectsOf(subject: string, predicate: string): string[] {
  return ontology.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);
}

type Yaml = Record<string, unknown> & { concepts?: Record<string, Record<string, unknown>> };

export function yamlFiles(folder: string): { file: string; content: Yaml }[] {
  const dir = repoFile('mappings', folder);
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ file: `mappings/${folder}/${f}`, content: parseYaml(fs.readFileSync(path.join(dir, f), 'utf8')) as Yaml }));
}

/** Concept local names per scheme, from mappings/concepts/*.yaml. */
export function conceptNames(): Record<keyof typeof SCHEMES, Set<string>> {
  const names = { algorithms: new Set<string>(), hyperparameters: new Set<string>(), measures: new Set<string>() };
  for (const { content } of yamlFiles('concepts')) {
    const scheme = content.scheme as keyof typeof SCHEMES;
    for (const name of Object.keys(content.concepts ?? {})) names[scheme].add(name);
  }
  return names;
}

const concepts = conceptNames();
export const conceptIris = new Set(
  (Object.keys(SCHEMES) as (keyof typeof SCHEMES)[]).flatMap((s) => [...concepts[s]].map((n) => SCHEMES[s] + n)),
);

/** The IRIs among `iris` that name a vocabulary term neither the ontology nor the concept files declare. */
export function undeclared(iris: Iterable<string>): string[] {
  const missing = new Set<string>();
  for (const iri of iris) {
    if (declared.has(iri) || conceptIris.has(iri)) continue;
    if (UNDECLARED_NAMESPACES.some((ns) => iri.startsWith(ns))) continue;
    missing.add(iri);
  }
  return [...missing].sort();
}

/** Vocabulary IRIs a set of quads uses: predicates, classes, and IRI objects outside instance data. */
export function termsUsed(quads: Iterable<Quad>): Set<string> {
  const used = new Set<string>();
  for (const q of quads) {
    used.add(q.predicate.value);
    if (q.object.termType === 'NamedNode') used.add(q.object.value);
    if (q.object.termType === 'Literal') used.add(q.object.datatype.value);
  }
  return used;
}
