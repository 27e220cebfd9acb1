/**
 * Namespaces and the typed terms the code uses. A misspelt term is a compile error, and the
 * vocabulary-closure test checks every `rg:` term here is declared in ontology/rungraph.ttl.
 */
import { DataFactory } from 'n3';
import type { NamedNode } from '@rdfjs/types';

export const NS = {
  rg: 'https://w3id.org/rungraph/ns#',
  rga: 'https://w3id.org/rungraph/algorithm/',
  rgh: 'https://w3id.org/rungraph/hyperparameter/',
  rgm: 'https://w3id.org/rungraph/measure/',
  id: 'https://w3id.org/rungraph/id/',
  mls: 'http://www.w3.org/ns/mls#',
  prov: 'http://www.w3.org/ns/prov#',
  dcterms: 'http://purl.org/dc/terms/',
  dcat: 'http://www.w3.org/ns/dcat#',
  schema: 'http://schema.org/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  cr: 'http://mlcommons.org/croissant/',
  spdx: 'http://spdx.org/rdf/terms#',
  wd: 'http://www.wikidata.org/entity/',
  sh: 'http://www.w3.org/ns/shacl#',
} as const;

export type Prefix = keyof typeof NS;

function terms<const L extends readonly string[]>(base: string, locals: L): { [K in L[number]]: NamedNode } {
  return Object.fromEntries(locals.map((l) => [l, DataFactory.namedNode(base + l)])) as unknown as { [K in L[number]]: NamedNode };
}

/** rungraph's own extension terms: only what no standard vocabulary has (vocabulary.md §5.2). */
export const rg = terms(NS.rg, [
  'canonicalHyperParameter', 'optimizationDirection', 'Maximize', 'Minimize', 'OptimizationDirection',
  'step', 'fold', 'onSplit', 'aggregation', 'Aggregation', 'Last', 'Best', 'Min', 'Max', 'Mean',
  'isDefault', 'defaultValue', 'appliesToAlgorithm', 'rawValue', 'loggedKey',
  'MetricSeries', 'hasSeries', 'seriesData', 'pointCount', 'bestValue', 'bestStep',
  'tracker', 'sourceLocation', 'mappingVersion', 'runStatus', 'RunStatus',
  'Running', 'Finished', 'Failed', 'Killed', 'UnknownStatus', 'deleted',
  'Tag', 'hasTag', 'tagKey', 'tagValue', 'datasetContext', 'usedSoftware', 'entryPoint',
  'ReportedResult', 'ReportedValue', 'reportedOn', 'reportedValue', 'reportedText', 'taskName', 'usesAdditionalData',
  'library', 'parentRun', 'canonicalValue', 'RegisteredModelVersion', 'registeredAs', 'stage', 'modelAlias', 'contentDigest', 'sourceRoot', 'sourceRecord', 'encodedNaN',
] as const);

export const mls = terms(NS.mls, [
  'Run', 'Implementation', 'Algorithm', 'HyperParameter', 'HyperParameterSetting', 'ModelEvaluation',
  'EvaluationMeasure', 'Experiment', 'Dataset', 'DatasetCharacteristic', 'Model', 'Software', 'Task',
  'hasQuality', 'executes', 'implements', 'hasHyperParameter', 'hasInput', 'hasOutput', 'specifiedBy', 'hasValue', 'hasPart', 'achieves', 'definedOn',
] as const);

export const prov = terms(NS.prov, [
  'Activity', 'Entity', 'Agent', 'Person', 'SoftwareAgent', 'Usage',
  'startedAtTime', 'endedAtTime', 'wasAssociatedWith', 'used', 'wasGeneratedBy', 'generatedAtTime',
  'qualifiedUsage', 'entity', 'hadRole', 'wasInformedBy',
] as const);

export const dcterms = terms(NS.dcterms, ['identifier', 'title', 'source', 'isVersionOf', 'hasVersion', 'created', 'isReferencedBy'] as const);
export const dcat = terms(NS.dcat, ['Dataset', 'version'] as const);
export const schema = terms(NS.schema, [
  'Dataset', 'SoftwareSourceCode', 'SoftwareApplication', 'MediaObject', 'actionStatus',
  'CompletedActionStatus', 'FailedActionStatus', 'ActiveActionStatus', 'PotentialActionStatus',
  'codeRepository', 'version', 'softwareVersion', 'name', 'contentSize', 'contentUrl', 'programmingLanguage',
  'encodingFormat', 'alternateName',
  'ScholarlyArticle', 'datePublished', 'url',
] as const);
export const skos = terms(NS.skos, [
  'Concept', 'ConceptScheme', 'inScheme', 'prefLabel', 'altLabel', 'definition', 'broader', 'exactMatch', 'closeMatch', 'notation',
] as const);
export const rdf = terms(NS.rdf, ['type', 'JSON'] as const);
export const rdfs = terms(NS.rdfs, ['label', 'comment', 'seeAlso'] as const);
export const xsd = terms(NS.xsd, ['integer', 'double', 'boolean', 'string', 'dateTime', 'long', 'date'] as const);
export const cr = terms(NS.cr, ['TrainingSplit', 'ValidationSplit', 'TestSplit'] as const);
export const spdx = terms(NS.spdx, ['checksum', 'checksumValue', 'algorithm', 'Checksum'] as const);

/** Prefix declarations for SPARQL text and Turtle output. */
export function sparqlPrefixes(prefixes: Prefix[] = Object.keys(NS) as Prefix[]): string {
  return prefixes.map((p) => `PREFIX ${p}: <${NS[p]}>`).join('\n');
}
