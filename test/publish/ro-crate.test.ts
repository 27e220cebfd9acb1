import { strict as assert } from 'node:assert';
import jsonld from 'jsonld';
import { buildPublication } from '../../src/publish/publish.js';
import { compileRules, type RedactionRules } from '../../src/publish/redaction-rules.js';
import { localDocumentLoader } from '../../src/publish/ro-crate-context.js';
import { PROCESS_RUN_CRATE, RO_CRATE_CONTEXT, RO_CRATE_SPEC, WORKFLOW_RUN_CONTEXT } from '../../src/publish/ro-crate.js';
import { parseSelection } from '../../src/publish/select-runs.js';
import { buildArchive, type TestArchive } from '../queries/query-archive.js';
import { IRI_BASE, otherRun, sklearnRun } from './publish-data.js';

type Entity = Record<string, unknown> & { '@id': string; '@type': string | string[] };
const ids = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (x as { '@id': string })['@id']);
const types = (e: Entity): string[] => (Array.isArray(e['@type']) ? e['@type'] : [e['@type']]);

describe('the RO-Crate publication', function () {
  this.timeout(30_000);
  let archive: TestArchive;
  let crate: { '@context': unknown; '@graph': Entity[] };
  let byId: Map<string, Entity>;
  before(async () => {
    archive = await buildArchive([sklearnRun('r1'), sklearnRun('r2'), otherRun()]);
    const publication = await buildPublication(archive.store, { selection: parseSelection('runs:r1,r2,x1'), format: 'ro-crate', base: IRI_BASE, mappings: archive.mappings, now: new Date('2026-02-01T00:00:00Z'), license: 'https://spdx.org/licenses/CC-BY-4.0' });
    crate = JSON.parse(publication.files.get('ro-crate-metadata.json')!) as typeof crate;
    byId = new Map(crate['@graph'].map((e) => [e['@id'], e]));
  });
  after(() => archive.dispose());

  it('is JSON-LD with the RO-Crate 1.1 context in which every term it uses is defined', async () => {
    assert.deepEqual(crate['@context'], [RO_CRATE_CONTEXT, WORKFLOW_RUN_CONTEXT]);
    // Relative ids resolve against an arcp base, as RO-Crate suggests for processing a crate.
    const base = 'arcp://uuid,5e5e5e5e-0000-4000-8000-000000000000/';
    const expanded = (await jsonld.expand(crate as jsonld.JsonLdDocument, { base, documentLoader: localDocumentLoader as never })) as Record<string, unknown>[];
    const expandedById = new Map(expanded.map((n) => [n['@id'] as string, n]));
    for (const entity of crate['@graph']) {
      // jsonld drops undefined terms silently: compare property counts to catch one.
      const node = expandedById.get(new URL(entity['@id'], base).href);
      assert.ok(node, `entity ${entity['@id']} lost`);
      assert.equal(Object.keys(node).filter((k) => !k.startsWith('@')).length, Object.keys(entity).filter((k) => !k.startsWith('@')).length, `a term of ${entity['@id']} is undefined`);
      for (const t of node['@type'] as string[]) assert.match(t, /^https?:\/\//, `type ${t} of ${entity['@id']} is not in the context`);
    }
    const nquads = (await jsonld.toRDF(crate as jsonld.JsonLdDocument, { format: 'application/n-quads', documentLoader: localDocumentLoader as never })) as unknown as string;
    assert.match(nquads, /<http:\/\/schema\.org\/CreateAction>/);
  });

  it('has the metadata descriptor and a root data entity that conforms to Process Run Crate and mentions every run', () => {
    const descriptor = byId.get('ro-crate-metadata.json')!;
    assert.equal(descriptor['@type'], 'CreativeWork');
    assert.deepEqual(ids(descriptor.conformsTo), [RO_CRATE_SPEC]);
    assert.deepEqual(ids(descriptor.about), ['./']);
    const root = byId.get('./')!;
    assert.ok(types(root).includes('Dataset'));
    for (const key of ['name', 'description', 'datePublished']) assert.equal(typeof root[key], 'string', key);
    assert.equal(root.datePublished, '2026-02-01T00:00:00.000Z');
    assert.deepEqual(ids(root.license), ['https://spdx.org/licenses/CC-BY-4.0']);
    assert.deepEqual(ids(root.conformsTo), [PROCESS_RUN_CRATE]);
    assert.ok(byId.has(PROCESS_RUN_CRATE));
    assert.deepEqual(ids(root.mentions).sort(), [`${IRI_BASE}run/mlflow/r1`, `${IRI_BASE}run/mlflow/r2`, `${IRI_BASE}run/wandb/x1`]);
  });

  it('describes each run as a CreateAction with instrument, object, result, times and status', () => {
    const action = byId.get(`${IRI_BASE}run/mlflow/r1`)!;
    assert.equal(action['@type'], 'CreateAction');
    assert.equal(Date.parse(action.startTime as string), Date.parse('2026-01-01T10:00:00.000Z'));
    assert.equal(Date.parse(action.endTime as string), Date.parse('2026-01-01T10:00:40.000Z'));
    assert.deepEqual(ids(action.actionStatus), ['http://schema.org/CompletedActionStatus']);
    assert.deepEqual(ids(byId.get(`${IRI_BASE}run/wandb/x1`)!.actionStatus), ['http://schema.org/FailedActionStatus']);
    const instrument = byId.get(ids(action.instrument)[0])!;
    assert.equal(instrument['@type'], 'SoftwareApplication');
    assert.equal(instrument.name, 'sklearn.ensemble.RandomForestClassifier');
    assert.equal(instrument.softwareVersion, '1.5.2');
    // Every reference to an entity of the publication resolves inside the crate.
    for (const id of [...ids(action.object), ...ids(action.result), ...ids(instrument.input)]) assert.ok(byId.has(id), `dangling ${id}`);
  });

  it('gives hyperparameter values as PropertyValues linked to the implementation\'s FormalParameters', () => {
    const action = byId.get(`${IRI_BASE}run/mlflow/r1`)!;
    const setting = ids(action.object).map((id) => byId.get(id)!).find((e) => e['@type'] === 'PropertyValue' && e.name === 'n_estimators')!;
    assert.equal(setting.value, 300);
    const parameter = byId.get(ids(setting.exampleOfWork)[0])!;
    assert.equal(parameter['@type'], 'FormalParameter');
    assert.equal(parameter.name, 'n_estimators');
    assert.equal(parameter.additionalType, 'Integer');
    const instrument = byId.get(ids(action.instrument)[0])!;
    assert.ok(ids(instrument.input).includes(parameter['@id']));
    const accuracy = ids(action.result).map((id) => byId.get(id)!).find((e) => e.name === 'test_accuracy (last)')!;
    assert.equal(accuracy.value, 0.75);
    // The best point is a property of that evaluation in the graph, and a value of its own in the crate.
    const best = ids(action.result).map((id) => byId.get(id)!).find((e) => e.name === 'test_accuracy (best)')!;
    assert.equal(best.value, 0.75);
    assert.equal(best['@id'], `${accuracy['@id']}#best`);
  });

  it('lists datasets as data entities with their checksums and models as results; algorithms link to Wikidata', () => {
    const dataset = byId.get(`${IRI_BASE}dataset/${'a'.repeat(64)}`)!;
    assert.equal(dataset['@type'], 'Dataset');
    assert.equal(dataset.sha256, 'a'.repeat(64));
    assert.ok(ids(byId.get('./')!.hasPart).includes(dataset['@id']));
    const model = byId.get(`${IRI_BASE}run/mlflow/r1/model/m-r1`)!;
    assert.equal(model['@type'], 'File');
    assert.ok(ids(byId.get(`${IRI_BASE}run/mlflow/r1`)!.result).includes(model['@id']));
    assert.deepEqual(ids(byId.get('https://w3id.org/rungraph/algorithm/RandomForest')!.sameAs), ['http://www.wikidata.org/entity/Q245748']);
  });
});

describe('index.html', function () {
  this.timeout(30_000);
  it('escapes every text, links Wikidata entities and compares the runs', async () => {
    const archive = await buildArchive([
      sklearnRun('r1', { name: '<script>alert(1)</script>', experiment: { id: '1', name: 'a "b" & <c>' } }),
      sklearnRun('r2', { params: { n_estimators: 50, max_depth: 12 }, experiment: { id: '1', name: 'a "b" & <c>' } }),
    ]);
    try {
      const { files } = await buildPublication(archive.store, { selection: parseSelection('experiment:1'), format: 'turtle', base: IRI_BASE, mappings: archive.mappings });
      const html = files.get('index.html')!;
      assert.ok(!html.includes('<script>alert'), 'markup from a run name is escaped');
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(html.includes('a &quot;b&quot; &amp; &lt;c&gt;'));
      assert.ok(!/<(?!\/?(html|head|meta|title|link|style|body|h1|h2|p|a|ul|li|table|thead|tbody|tr|th|td|code)\b)[a-z]/i.test(html.replace(/<!DOCTYPE html>/, '')), 'only the page\'s own elements');
      assert.match(html, /href="http:\/\/www\.wikidata\.org\/entity\/Q245748"/);
      assert.match(html, /href="http:\/\/www\.wikidata\.org\/entity\/Q1026367"/);
      // A comparison row per run, with the settings that differ from the defaults.
      assert.match(html, /<th>n_estimators<\/th>/);
      assert.match(html, /<td>300<\/td>/);
      assert.match(html, /<td>50<\/td>/);
      assert.match(html, /<th>test_accuracy \(last\)<\/th>/);
    } finally {
      await archive.dispose();
    }
  });
});

describe('the RO-Crate agent', function () {
  this.timeout(30_000);
  it('names who ran a run only when a rule allows user names', async () => {
    const archive = await buildArchive([sklearnRun('r1', { user: 'demo-user' })]);
    try {
      const crateOf = async (rules?: RedactionRules) => {
        const publication = await buildPublication(archive.store, { selection: parseSelection('runs:r1'), format: 'ro-crate', base: IRI_BASE, mappings: archive.mappings, rules });
        return publication.files.get('ro-crate-metadata.json')!;
      };
      const hidden = await crateOf();
      assert.ok(!hidden.includes('demo-user'));
      assert.equal((JSON.parse(hidden) as { '@graph': Entity[] })['@graph'].find((e) => e['@type'] === 'CreateAction')!.agent, undefined);
      const shown = JSON.parse(await crateOf(compileRules({ allow: [{ category: 'user-name' }] }, 'rules.yaml'))) as { '@graph': Entity[] };
      const action = shown['@graph'].find((e) => e['@type'] === 'CreateAction')!;
      const person = shown['@graph'].find((e) => e['@id'] === ids(action.agent)[0])!;
      assert.equal(person['@type'], 'Person');
      assert.equal(person.name, 'demo-user');
    } finally {
      await archive.dispose();
    }
  });
});
