/** Dataset characteristics: read from MLflow's dataset profile, mapped as ML-Schema qualities of the digested dataset. */
import { strict as assert } from 'node:assert';
import { mlflowImporter } from '../../src/importers/mlflow/mlflow-importer.js';
import { datasetProfile } from '../../src/importers/mlflow/dataset-input.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { mapRun } from '../../src/mapping/run-mapper.js';
import { validateRunRecord, type RunRecord } from '../../src/model/run-record.js';
import { NS } from '../../src/vocab/namespaces.js';
import { drain } from '../support/drain-importer.js';
import { StoreBuilder } from '../importers/mlflow/store-builder.js';

const RUN = '0123456789abcdef0123456789abcdef';
const mls = (n: string) => `${NS.mls}${n}`;

function record(datasets: unknown[]): RunRecord {
  const result = validateRunRecord({ source: { tracker: 'json', location: 'x', runId: 'r1' }, datasets });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.record;
}

describe('dataset characteristics', function () {
  describe('MLflow dataset profile', function () {
    let store: StoreBuilder | undefined;
    afterEach(() => store?.remove());

    it('keeps the finite numbers of a JSON object and refuses anything else', function () {
      assert.deepEqual(datasetProfile('{"num_rows": 30, "num_elements": 120, "note": "x", "big": 1e999}'), { num_rows: 30, num_elements: 120 });
      assert.deepEqual(datasetProfile('{}'), {});
      assert.equal(datasetProfile('[1, 2]'), undefined);
      assert.equal(datasetProfile('{"num_rows": '), undefined);
    });

    it('reads a file store dataset’s profile as its characteristics, and warns about a profile that is not JSON', async function () {
      store = new StoreBuilder()
        .experiment('0', 'Default')
        .run('0', RUN)
        .file('0/datasets/d1/meta.yaml', `digest: 48848ef0\nname: iris\nprofile: '{"num_rows": 30, "num_elements": 120}'\nsource: '{}'\nsource_type: code\n`)
        .file('0/datasets/d2/meta.yaml', `digest: a3fbca02\nname: broken\nprofile: 'rows=30'\nsource: '{}'\nsource_type: code\n`)
        .file(`0/${RUN}/inputs/i1/meta.yaml`, 'destination_id: d1\ndestination_type: RUN\nsource_id: d1\nsource_type: DATASET\ntags: {}\n')
        .file(`0/${RUN}/inputs/i2/meta.yaml`, 'destination_id: d2\ndestination_type: RUN\nsource_id: d2\nsource_type: DATASET\ntags: {}\n');
      const { runs, issues } = await drain(mlflowImporter, store.root);
      assert.deepEqual(runs[0].datasets.map((d) => [d.name, d.characteristics]), [['iris', { num_rows: 30, num_elements: 120 }], ['broken', undefined]]);
      assert.deepEqual(issues.map((i) => [i.code, i.run, i.path]), [['invalid_field', RUN, ['datasets', 'profile']]]);
      assert.match(issues[0].message, /datasets\/d2\/meta\.yaml: profile is not a JSON object/);
    });
  });

  describe('mapping', function () {
    const mappings = loadMappings();

    it('gives a digested dataset one mls:DatasetCharacteristic per name, with an integer or double value', function () {
      const { quads } = mapRun(record([{ name: 'iris', digest: 'd1', characteristics: { num_rows: 30, ratio: 0.25 } }]), mappings);
      const dataset = `${NS.id}dataset/d1`;
      const qualities = quads.filter((q) => q.subject.value === dataset && q.predicate.value === mls('hasQuality')).map((q) => q.object.value).sort();
      assert.equal(qualities.length, 2);
      const about = (node: string) => Object.fromEntries(quads.filter((q) => q.subject.value === node).map((q) => [q.predicate.value.replace(/^.*[#/]/, ''), q.object]));
      const described = qualities.map((node) => about(node));
      assert.deepEqual(described.map((d) => [d.type.value, d.identifier.value, d.hasValue.value, d.hasValue.termType === 'Literal' ? d.hasValue.datatype.value.replace(/^.*#/, '') : '']).sort(),
        [[mls('DatasetCharacteristic'), 'num_rows', '30', 'integer'], [mls('DatasetCharacteristic'), 'ratio', '0.25', 'double']]);
    });

    it('records none for a dataset known only by name, whose data may differ between runs', function () {
      const { quads } = mapRun(record([{ name: 'iris', characteristics: { num_rows: 30 } }]), mappings);
      assert.deepEqual(quads.filter((q) => q.predicate.value === mls('hasQuality') || q.object.value === mls('DatasetCharacteristic')), []);
    });
  });
});
