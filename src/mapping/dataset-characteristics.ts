/**
 * Dataset characteristics (meta-features such as MLflow's `num_rows`) as ML-Schema qualities of the
 * dataset version: `dataset mls:hasQuality q`, `q a mls:DatasetCharacteristic`, the tracker's name in
 * `dcterms:identifier` and the number in `mls:hasValue`. Answers P16 together with the run results.
 */
import type { NamedNode } from '@rdfjs/types';
import type { DatasetInput } from '../model/run-record.js';
import { dcterms, mls, rdf } from '../vocab/namespaces.js';
import type { Add } from './graph-collector.js';
import { iris } from './iris.js';
import { doubleLiteral, integerLiteral, stringLiteral } from './literals.js';

/**
 * Only a dataset with a content digest gets characteristics: they describe that exact content, while
 * a dataset known by name alone may be different data in another run.
 */
export function mapDatasetCharacteristics(input: DatasetInput, dataset: NamedNode, add: Add): void {
  if (!input.digest || !input.characteristics) return;
  for (const [name, value] of Object.entries(input.characteristics).sort(([a], [b]) => a.localeCompare(b))) {
    // Below the dataset's IRI, as the run's own nodes hang below the run's.
    const quality = iris.inRun(dataset, 'characteristic', name);
    add(dataset, mls.hasQuality, quality);
    add(quality, rdf.type, mls.DatasetCharacteristic);
    add(quality, dcterms.identifier, stringLiteral(name));
    add(quality, mls.hasValue, Number.isSafeInteger(value) ? integerLiteral(value) : doubleLiteral(value));
  }
}
