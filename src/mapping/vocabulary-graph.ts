/**
 * The concept schemes of the loaded mappings as SKOS quads, stored in their own named graph and
 * rewritten on every import, so queries can reach labels, directions and Wikidata links.
 */
import { DataFactory } from 'n3';
import type { NamedNode, Quad, Quad_Object } from '@rdfjs/types';
import { mls, NS, rdf, rg, skos, dcterms } from '../vocab/namespaces.js';
import { stringLiteral } from './literals.js';
import type { MappingSet } from './mapping-set.js';
import { iris } from './iris.js';

const { namedNode, literal, quad } = DataFactory;

interface ConceptLike {
  label: string;
  definition?: string;
  altLabels: string[];
  broader?: string;
  wikidata?: { id: string };
  source?: string;
}

export function vocabularyGraph(mappings: MappingSet): { graph: string; quads: Quad[] } {
  const quads: Quad[] = [];
  const add = (s: NamedNode, p: NamedNode, o: Quad_Object | undefined): void => {
    if (o) quads.push(quad(s, p, o));
  };
  const scheme = (base: string, concepts: Record<string, ConceptLike>, types: NamedNode[], extra: (node: NamedNode, name: string) => void): void => {
    const schemeNode = namedNode(base.replace(/\/$/, ''));
    add(schemeNode, rdf.type, skos.ConceptScheme);
    for (const [name, concept] of Object.entries(concepts)) {
      const node = namedNode(base + name);
      for (const t of [skos.Concept, ...types]) add(node, rdf.type, t);
      add(node, skos.inScheme, schemeNode);
      add(node, skos.prefLabel, literal(concept.label, 'en'));
      add(node, skos.definition, concept.definition ? literal(concept.definition, 'en') : undefined);
      for (const alt of concept.altLabels) add(node, skos.altLabel, literal(alt, 'en'));
      add(node, skos.broader, concept.broader ? namedNode(base + concept.broader) : undefined);
      add(node, skos.exactMatch, concept.wikidata ? namedNode(NS.wd + concept.wikidata.id) : undefined);
      add(node, dcterms.source, concept.source ? stringLiteral(concept.source) : undefined);
      extra(node, name);
    }
  };
  scheme(NS.rga, mappings.algorithms, [mls.Algorithm], () => {});
  scheme(NS.rgh, mappings.hyperparameters, [], (node, name) => {
    for (const a of mappings.hyperparameters[name].appliesTo) add(node, rg.appliesToAlgorithm, namedNode(NS.rga + a));
  });
  scheme(NS.rgm, mappings.measures, [mls.EvaluationMeasure], (node, name) => {
    add(node, rg.optimizationDirection, mappings.measures[name].direction === 'maximize' ? rg.Maximize : rg.Minimize);
    for (const alias of mappings.measures[name].aliases) add(node, skos.notation, stringLiteral(alias));
  });
  return { graph: iris.graph.vocabulary.value, quads };
}
