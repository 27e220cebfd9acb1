/**
 * Shared entities described the same way by every mapper that mentions them (runs and reported
 * results): their graphs are fixed by their identity (decision 0004), so two descriptions of one
 * dataset or measure must never differ.
 */
import { DataFactory } from 'n3';
import type { NamedNode } from '@rdfjs/types';
import type { DatasetInput, RunRecord } from '../model/run-record.js';
import { dcat, dcterms, mls, NS, prov, rdf, rdfs, rg, schema, spdx } from '../vocab/namespaces.js';
import { mapDatasetCharacteristics } from './dataset-characteristics.js';
import type { Add } from './graph-collector.js';
import { iris } from './iris.js';
import { stringLiteral, textLiteral } from './literals.js';
import type { MappingSet } from './mapping-set.js';

/**
 * Where a run or reported result came from and what it is called: its id in the tracker, the tracker,
 * the location read, the mapping-set version that normalised it, and its name.
 */
export function describeSource(node: NamedNode, record: RunRecord, mappings: MappingSet, add: Add): void {
  add(node, dcterms.identifier, stringLiteral(record.source.runId));
  add(node, rg.tracker, stringLiteral(record.source.tracker));
  add(node, rg.sourceLocation, textLiteral(record.source.location));
  add(node, rg.mappingVersion, stringLiteral(mappings.version));
  add(node, rdfs.label, textLiteral(record.name));
}

/** A dataset version: its types, name, source, content digest and characteristics. */
export function describeDataset(d: DatasetInput, add: Add): NamedNode {
  const dataset = iris.dataset(d.digest, d.name, d.source);
  for (const type of [mls.Dataset, dcat.Dataset, schema.Dataset, prov.Entity]) add(dataset, rdf.type, type);
  add(dataset, rdfs.label, textLiteral(d.name));
  add(dataset, dcterms.source, textLiteral(d.source));
  if (d.digest) {
    add(dataset, dcterms.identifier, stringLiteral(d.digest));
    const checksum = DataFactory.namedNode(`${dataset.value}/checksum`);
    add(dataset, spdx.checksum, checksum);
    add(checksum, rdf.type, spdx.Checksum);
    add(checksum, spdx.checksumValue, stringLiteral(d.digest));
  }
  mapDatasetCharacteristics(d, dataset, add);
  return dataset;
}

/** The measure a metric key names: the mapped concept, or a measure of that key's own, described here. */
export function measureOf(key: string, resolved: ReturnType<MappingSet['resolveMetric']>, add: Add): NamedNode {
  if (resolved) return DataFactory.namedNode(NS.rgm + resolved.measure);
  const measure = iris.metric(key);
  add(measure, rdf.type, mls.EvaluationMeasure);
  add(measure, rdfs.label, stringLiteral(key));
  return measure;
}
