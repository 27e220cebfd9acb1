import { strict as assert } from 'node:assert';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { isomorphic as rdfIsomorphic } from 'rdf-isomorphic';
import { buildPublication, normaliseBase } from '../../src/publish/publish.js';
import { parseSelection, selectRuns } from '../../src/publish/select-runs.js';
import { validateGraph } from '../../src/validate/shacl.js';
import { NS } from '../../src/vocab/namespaces.js';
import { buildArchive, type TestArchive } from '../queries/query-archive.js';
import { settingsByKey, settingValue } from '../support/logged-values.js';
import { IRI_BASE, otherRun, sklearnRun } from './publish-data.js';

/** rdf-isomorphic is typed with n3's Quad; ours are RDF/JS quads. */
const isomorphic = (a: Quad[], b: Quad[]): boolean => rdfIsomorphic(a as never, b as never);
const WD = 'http://www.wikidata.org/entity/';
const has = (quads: Quad[], s: string | undefined, p: string, o: string | undefined): boolean =>
  quads.some((q) => (s === undefined || q.subject.value === s) && q.predicate.value === p && (o === undefined || q.object.value === o));

describe('rungraph publish', function () {
  this.timeout(30_000);
  let archive: TestArchive;
  before(async () => {
    archive = await buildArchive([sklearnRun('r1'), sklearnRun('r2', { parentRunId: 'outside' }), sklearnRun('outside', { experiment: { id: '9', name: 'other' } }), otherRun()]);
  });
  after(() => archive.dispose());

  const publish = (select: string, format: 'jsonld' | 'turtle' | 'ro-crate' = 'turtle', base: string | null = IRI_BASE) =>
    buildPublication(archive.store, { selection: parseSelection(select), format, base: base ?? undefined, mappings: archive.mappings, now: new Date('2026-02-01T00:00:00Z') });

  describe('selection', () => {
    it('selects an experiment by name or id, runs by tracker id or IRI, and runs a named query', async () => {
      const byName = await selectRuns(archive.store, parseSelection('experiment:credit'));
      assert.deepEqual(byName.map((r) => r.value), [`${NS.id}run/mlflow/r1`, `${NS.id}run/mlflow/r2`]);
      assert.deepEqual((await selectRuns(archive.store, parseSelection('experiment:1'))).map((r) => r.value), byName.map((r) => r.value));
      const byIds = await selectRuns(archive.store, parseSelection(`runs:x1, ${NS.id}run/mlflow/r1`));
      assert.deepEqual(byIds.map((r) => r.value), [`${NS.id}run/mlflow/r1`, `${NS.id}run/wandb/x1`]);
      const byQuery = await selectRuns(archive.store, { kind: 'query', name: 'list-runs', params: { tracker: 'wandb' } });
      assert.deepEqual(byQuery.map((r) => r.value), [`${NS.id}run/wandb/x1`]);
    });

    it('binds user text as terms: a quote-laden name matches nothing instead of changing the query', async () => {
      await assert.rejects(selectRuns(archive.store, parseSelection('experiment:credit" } UNION { ?exp ?p ?name } #')), /no runs in an experiment/);
      await assert.rejects(selectRuns(archive.store, parseSelection('runs:r1,nope')), /no run with id or IRI "nope"/);
      await assert.rejects(selectRuns(archive.store, parseSelection('runs:https://x/a>b')), /not an absolute IRI/);
      await assert.rejects(selectRuns(archive.store, parseSelection('query:count-runs-by-tracker')), /does not return \?run/);
      assert.throws(() => parseSelection('credit'), TypeError);
    });
  });

  describe('content', () => {
    it('holds the runs, implementation, algorithm, settings, evaluations, datasets and concepts, all under the base', async () => {
      const { quads, runs } = await publish('experiment:credit');
      assert.deepEqual(runs, [`${IRI_BASE}run/mlflow/r1`, `${IRI_BASE}run/mlflow/r2`]);
      for (const q of quads) for (const t of [q.subject, q.object]) assert.ok(!t.value.startsWith(NS.id), `not rebased: ${t.value}`);
      const run = `${IRI_BASE}run/mlflow/r1`;
      const impl = `${IRI_BASE}implementation/scikit-learn/1.5.2/sklearn.ensemble.RandomForestClassifier`;
      assert.ok(has(quads, run, `${NS.mls}executes`, impl));
      assert.ok(has(quads, impl, `${NS.mls}implements`, `${NS.rga}RandomForest`));
      assert.ok(has(quads, `${NS.rga}RandomForest`, `${NS.skos}exactMatch`, `${WD}Q245748`), 'algorithm concept linked to Wikidata');
      assert.ok(has(quads, `${IRI_BASE}software/scikit-learn/1.5.2`, `${NS.owl}sameAs`, `${WD}Q1026367`), 'library linked to Wikidata');
      assert.ok(has(quads, `${impl}#n_estimators`, `${NS.rg}canonicalHyperParameter`, `${NS.rgh}NumberOfEnsembleMembers`));
      assert.ok(has(quads, `${NS.rgh}NumberOfEnsembleMembers`, `${NS.skos}prefLabel`, undefined), 'hyperparameter concept defined');
      assert.ok(has(quads, `${NS.rgm}Accuracy`, `${NS.rg}optimizationDirection`, `${NS.rg}Maximize`), 'measure defined');
      assert.equal(settingValue(quads, run, 'n_estimators'), '300');
      assert.ok(has(quads, `${run}/eval/test_accuracy/last`, `${NS.mls}hasValue`, '7.5E-1'), 'doubles in the canonical form JSON-LD writes');
      assert.ok(has(quads, `${IRI_BASE}dataset/${'a'.repeat(64)}`, `${NS.rdfs}label`, 'credit-g'));
      assert.ok(has(quads, `${IRI_BASE}experiment/mlflow/1`, `${NS.dcterms}title`, 'credit'));
      // Nothing of the runs left out, and no import bookkeeping.
      assert.ok(!quads.some((q) => q.subject.value.includes('/run/mlflow/outside') || q.object.value.includes('/run/mlflow/outside')));
      assert.ok(!quads.some((q) => q.subject.value.includes('/run/wandb/')));
      for (const p of ['sourceRoot', 'contentDigest', 'sourceRecord']) assert.ok(!has(quads, undefined, `${NS.rg}${p}`, undefined), p);
      // Only the concepts used: LightGBM's gradient boosting belongs to the unselected run.
      assert.ok(!has(quads, `${NS.rga}GradientBoosting`, `${NS.skos}prefLabel`, undefined));
    });

    it('types the settings the archive leaves untyped, and names them by their hyperparameter in the RO-Crate', async () => {
      const stored = await archive.store.query(`ASK { GRAPH ?g { ?s a <${NS.mls}HyperParameterSetting> } }`);
      assert.deepEqual(stored, { type: 'boolean', value: false }, 'the archive holds thin settings (decision 0005)');
      const { quads, files } = await publish('experiment:credit', 'ro-crate');
      const run = `${IRI_BASE}run/mlflow/r1`;
      const byKey = settingsByKey(quads, run);
      const settings = [...byKey.values()];
      const logged = ['class_weight', 'max_depth', 'n_estimators'];
      // The three logged plus the defaults the mapper fills in (ccp_alpha and the like).
      assert.ok(logged.every((k) => byKey.has(k)) && settings.length > logged.length, [...byKey.keys()].join(' '));
      for (const s of settings) assert.ok(has(quads, s, `${NS.rdf}type`, `${NS.mls}HyperParameterSetting`), `${s} is typed`);
      const inputs = new Set(quads.filter((q) => q.predicate.value === `${NS.mls}hasInput`).map((q) => q.object.value));
      const typed = quads.filter((q) => q.object.value === `${NS.mls}HyperParameterSetting`).map((q) => q.subject.value);
      assert.ok(typed.every((s) => inputs.has(s) && s.includes('/setting/')), 'only settings are typed as settings');
      const crate = JSON.parse(files.get('ro-crate-metadata.json')!) as { '@graph': { '@id': string; name?: string }[] };
      const named = (id: string) => crate['@graph'].find((n) => n['@id'] === id)?.name;
      for (const [key, s] of byKey) assert.equal(named(s), key, `${s} is named by its hyperparameter`);
    });

    it('passes the SHACL shapes', async () => {
      const { quads } = await publish('experiment:credit');
      const report = await validateGraph(quads);
      assert.deepEqual(report.results.filter((r) => r.severity === 'violation'), []);
    });

    it('keeps the archive IRIs without --base and rejects a base that is not an http(s) IRI', async () => {
      const { quads } = await publish('runs:r1', 'turtle', null);
      assert.ok(has(quads, `${NS.id}run/mlflow/r1`, `${NS.dcterms}identifier`, 'r1'));
      assert.equal(normaliseBase('https://example.org/x'), 'https://example.org/x/');
      assert.throws(() => normaliseBase('ftp://example.org/'), TypeError);
      assert.throws(() => normaliseBase('https://example.org/a b/'), TypeError);
    });
  });

  describe('serialisations', () => {
    it('Turtle parses back to the published graph', async () => {
      const { quads, files } = await publish('experiment:credit', 'turtle');
      assert.ok(isomorphic(new Parser().parse(files.get('publication.ttl')!), quads));
    });

    it('JSON-LD is compacted with the rungraph context and expands back to the published graph', async () => {
      const { quads, files } = await publish('experiment:credit', 'jsonld');
      const doc = JSON.parse(files.get('publication.jsonld')!) as Record<string, unknown>;
      assert.equal(typeof doc['@context'], 'object', 'the context is inlined, so no network is needed');
      const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, { format: 'application/n-quads' })) as unknown as string;
      const back = new Parser({ format: 'N-Quads' }).parse(nquads);
      assert.equal(back.length, quads.length);
      assert.ok(isomorphic(back, quads), 'JSON-LD round trip is isomorphic');
    });

    it('writes an index.html beside each publication', async () => {
      for (const [format, file] of [['turtle', 'publication.ttl'], ['jsonld', 'publication.jsonld'], ['ro-crate', 'ro-crate-metadata.json']] as const) {
        const { files } = await publish('experiment:credit', format);
        assert.deepEqual([...files.keys()].sort(), [file, 'index.html'].sort());
        assert.match(files.get('index.html')!, new RegExp(`href="${file.replace('.', '\\.')}"`));
      }
    });
  });
});
