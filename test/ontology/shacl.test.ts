/** SHACL: what the mapper writes conforms to ontology/shapes.ttl, and hand-made bad graphs are caught. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFactory, Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { loadShapes, validateGraph, type ShaclReport } from '../../src/validate/shacl.js';
import { isInputError } from '../../src/errors.js';
import { mappedQuads, sampleInputs, vocabularyQuads } from './sample-records.js';
import { yamlFiles } from './vocabulary-index.js';

const ID = 'https://w3id.org/rungraph/id/';
const MLS = 'http://www.w3.org/ns/mls#';
const RG = 'https://w3id.org/rungraph/ns#';

const PREFIXES = `
@prefix rg: <${RG}> . @prefix mls: <${MLS}> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <${ID}> .
`;

/** A small valid run: every bad graph below differs from it in one place. */
const GOOD = `
id:run a mls:Run, prov:Activity ; dcterms:identifier "r1" ; rg:tracker "json" ; rg:runStatus rg:Finished ;
    prov:startedAtTime "2024-03-01T10:00:00Z"^^xsd:dateTime ;
    mls:executes id:impl ; mls:hasInput id:setting, id:data ; mls:hasOutput id:eval .
id:data a mls:Dataset .
id:impl a mls:Implementation ; mls:hasHyperParameter id:hp .
id:hp a mls:HyperParameter ; dcterms:identifier "n_estimators" ; rg:canonicalHyperParameter <https://w3id.org/rungraph/hyperparameter/NumberOfEnsembleMembers> .
id:setting mls:specifiedBy id:hp ; mls:hasValue 300 .
id:eval a mls:ModelEvaluation ; mls:specifiedBy <https://w3id.org/rungraph/measure/Accuracy> ; mls:hasValue "0.9"^^xsd:double ; rg:step 3 .
<https://w3id.org/rungraph/measure/Accuracy> a mls:EvaluationMeasure, skos:Concept ;
    skos:inScheme <https://w3id.org/rungraph/measure> ; rg:optimizationDirection rg:Maximize .
`;

const turtle = (text: string): Quad[] => new Parser().parse(PREFIXES + text);

/** The good graph with one substring replaced; fails loudly if the substring is not there. */
function variant(find: string, replace: string): Quad[] {
  assert.ok(GOOD.includes(find), `test bug: ${find} not in the base graph`);
  return turtle(GOOD.replace(find, replace));
}

const errors = (report: ShaclReport) => report.results.filter((r) => r.severity === 'violation');

async function assertViolation(quads: Quad[], focusNode: string, path: string | undefined, message: RegExp): Promise<void> {
  const report = await validateGraph(quads);
  assert.equal(report.conforms, false, 'the graph should not conform');
  const found = errors(report).filter((r) => r.focusNode === focusNode && r.path === path);
  assert.ok(found.some((r) => message.test(r.message)), `no violation on ${focusNode} ${path ?? ''} matching ${message}; got ${JSON.stringify(report.results)}`);
}

describe('SHACL validation', function () {
  describe('of mapper output', function () {
    for (const name of Object.keys(sampleInputs)) {
      it(`finds no violation in the graph of ${name}`, async function () {
        const report = await validateGraph([...mappedQuads(name), ...vocabularyQuads()]);
        assert.deepEqual(errors(report), []);
        assert.equal(report.conforms, true);
      });
    }

    it('warns about exactly the mapped hyperparameters that have no canonical concept in the library file', async function () {
      const implementation = 'sklearn.ensemble.RandomForestClassifier';
      const file = yamlFiles('libraries').find((f) => f.file.endsWith('scikit-learn.yaml'));
      const declaredHps = (file?.content.implementations as Record<string, { hyperparameters: Record<string, { canonical?: string }> }>)[implementation].hyperparameters;
      const withoutCanonical = Object.keys(declaredHps).filter((name) => !declaredHps[name].canonical);
      const withCanonical = Object.keys(declaredHps).filter((name) => declaredHps[name].canonical);
      assert.ok(withoutCanonical.length > 0 && withCanonical.length > 0, 'the library file no longer has both kinds');
      const report = await validateGraph(mappedQuads('a scikit-learn random forest logged by MLflow'));
      const warned = report.results
        .filter((r) => r.severity === 'warning' && r.path === `${RG}canonicalHyperParameter` && r.focusNode.includes(`/${implementation}#`))
        .map((r) => decodeURIComponent(r.focusNode.split('#')[1]));
      for (const name of withoutCanonical) assert.ok(warned.includes(name), `no warning for ${name}`);
      for (const name of withCanonical) assert.ok(!warned.includes(name), `warned about ${name}, which has a canonical concept`);
    });

    it('finds no violation in the concept-scheme graph', async function () {
      assert.deepEqual(errors(await validateGraph(vocabularyQuads())), []);
    });
  });

  describe('the report', function () {
    it('lists violations before warnings and infos, and is the same however the input is ordered', async function () {
      const quads = [...variant('mls:hasValue 300', 'mls:hasValue "300"'), ...turtle('id:hp2 a mls:HyperParameter ; dcterms:identifier "x" .')];
      const report = await validateGraph(quads);
      assert.deepEqual(report.results.map((r) => r.severity), ['violation', 'warning']);
      assert.deepEqual(await validateGraph([...quads].reverse()), report);
    });

    it('names the shapes file and line when custom shapes are not Turtle', function () {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-shapes-')), 'bad.ttl');
      fs.writeFileSync(file, '@prefix sh: <http://www.w3.org/ns/shacl#> .\n\n<a> sh:path ');
      assert.throws(() => loadShapes(file), (e: unknown) => isInputError(e) && e.context.file === file && e.context.line === 3);
      fs.rmSync(path.dirname(file), { recursive: true });
    });
  });

  describe('of hand-made graphs', function () {
    it('accepts the small valid run with no result at all', async function () {
      assert.deepEqual(await validateGraph(turtle(GOOD)), { conforms: true, results: [] });
    });

    it('reports a numeric value stored as an untyped string on the setting', async function () {
      await assertViolation(variant('mls:hasValue 300', 'mls:hasValue "300"'), `${ID}setting`, `${MLS}hasValue`, /untyped string/);
    });

    it('accepts a string value that is not a number', async function () {
      assert.deepEqual(errors(await validateGraph(variant('mls:hasValue 300', 'mls:hasValue "gini"'))), []);
    });

    it('reports a value of a datatype outside the allowed set', async function () {
      await assertViolation(variant('mls:hasValue 300', 'mls:hasValue "2024-01-01"^^xsd:date'), `${ID}setting`, `${MLS}hasValue`, /xsd:integer, xsd:double/);
    });

    it('reports a run that executes two implementations', async function () {
      const quads = variant('mls:executes id:impl', 'mls:executes id:impl, id:impl2 . id:impl2 a mls:Implementation . id:run a mls:Run');
      await assertViolation(quads, `${ID}run`, `${MLS}executes`, /exactly one implementation/);
    });

    it('reports a run that executes no implementation', async function () {
      await assertViolation(variant('mls:executes id:impl ;', ''), `${ID}run`, `${MLS}executes`, /exactly one implementation/);
    });

    it('reports a setting without a value', async function () {
      await assertViolation(variant('; mls:hasValue 300', ''), `${ID}setting`, undefined, /hyperparameter setting with an mls:specifiedBy and an mls:hasValue/);
    });

    it('reports an input that is neither a dataset nor a setting (settings are untyped, so it cannot be skipped)', async function () {
      await assertViolation(variant('id:data a mls:Dataset .', 'id:data rdfs:label "not typed" .'), `${ID}data`, undefined, /an mls:Dataset or a hyperparameter setting/);
    });

    it('still checks a setting typed mls:HyperParameterSetting, as publications write it', async function () {
      const typed = variant('id:setting mls:specifiedBy id:hp ; mls:hasValue 300 .', 'id:setting a mls:HyperParameterSetting ; mls:specifiedBy id:hp ; mls:hasValue "300" .');
      await assertViolation(typed, `${ID}setting`, `${MLS}hasValue`, /untyped string/);
    });

    it('reports a logged key that is not a single string', async function () {
      await assertViolation(variant('mls:hasValue 300 .', 'mls:hasValue 300 ; rg:loggedKey 7 .'), `${ID}setting`, `${RG}loggedKey`, /rg:loggedKey/);
    });

    it('reports a setting with two values', async function () {
      await assertViolation(variant('mls:hasValue 300', 'mls:hasValue 300, 301'), `${ID}setting`, `${MLS}hasValue`, /exactly one value/);
    });

    it('reports a setting whose hyperparameter is not an mls:HyperParameter', async function () {
      await assertViolation(variant('mls:specifiedBy id:hp', 'mls:specifiedBy id:nothing'), `${ID}setting`, `${MLS}specifiedBy`, /mls:HyperParameter/);
    });

    it('reports two start times and a start time that is not an xsd:dateTime', async function () {
      const two = variant('"2024-03-01T10:00:00Z"^^xsd:dateTime', '"2024-03-01T10:00:00Z"^^xsd:dateTime, "2024-03-01T11:00:00Z"^^xsd:dateTime');
      await assertViolation(two, `${ID}run`, 'http://www.w3.org/ns/prov#startedAtTime', /at most one start time/);
      await assertViolation(variant('"2024-03-01T10:00:00Z"^^xsd:dateTime', '"yesterday"'), `${ID}run`, 'http://www.w3.org/ns/prov#startedAtTime', /xsd:dateTime/);
    });

    it('reports an evaluation value that is not an xsd:double', async function () {
      await assertViolation(variant('"0.9"^^xsd:double', '"0.9"'), `${ID}eval`, `${MLS}hasValue`, /xsd:double/);
    });

    it('reports a step that is not an xsd:integer, and two steps', async function () {
      await assertViolation(variant('rg:step 3', 'rg:step 3.5'), `${ID}eval`, `${RG}step`, /xsd:integer/);
      await assertViolation(variant('rg:step 3', 'rg:step 3, 4'), `${ID}eval`, `${RG}step`, /at most one step/);
    });

    it('accepts a best point on an evaluation, and reports a best value without its step', async function () {
      assert.deepEqual(errors(await validateGraph(variant('rg:step 3 .', 'rg:step 3 ; rg:bestValue "0.95"^^xsd:double ; rg:bestStep 2 .'))), []);
      const report = await validateGraph(variant('rg:step 3 .', 'rg:step 3 ; rg:bestValue "0.95"^^xsd:double .'));
      assert.ok(errors(report).some((r) => r.focusNode === `${ID}eval`), JSON.stringify(report.results));
    });

    it('reports a measure of the rungraph scheme without an optimisation direction', async function () {
      const report = await validateGraph(variant('; rg:optimizationDirection rg:Maximize', ''));
      assert.ok(errors(report).some((r) => r.focusNode === 'https://w3id.org/rungraph/measure/Accuracy' && /optimizationDirection/.test(r.message)), JSON.stringify(report.results));
    });

    it('does not ask a measure outside the rungraph scheme for a direction', async function () {
      const quads = variant('skos:inScheme <https://w3id.org/rungraph/measure> ; rg:optimizationDirection rg:Maximize', 'skos:inScheme <https://example.org/other-scheme>');
      assert.deepEqual(errors(await validateGraph(quads)), []);
    });

    it('reports two canonical hyperparameters as a violation and none as a warning only', async function () {
      const two = variant('rg:canonicalHyperParameter <https://w3id.org/rungraph/hyperparameter/NumberOfEnsembleMembers>', 'rg:canonicalHyperParameter <https://w3id.org/rungraph/hyperparameter/NumberOfEnsembleMembers>, <https://w3id.org/rungraph/hyperparameter/LearningRate>');
      await assertViolation(two, `${ID}hp`, `${RG}canonicalHyperParameter`, /at most one canonical/);
      const none = await validateGraph(variant('; rg:canonicalHyperParameter <https://w3id.org/rungraph/hyperparameter/NumberOfEnsembleMembers>', ''));
      assert.equal(none.conforms, true);
      assert.deepEqual(none.results.map((r) => [r.focusNode, r.severity]), [[`${ID}hp`, 'warning']]);
    });

    it('notes a run without an input dataset at info severity only', async function () {
      const report = await validateGraph(variant('mls:hasInput id:setting, id:data', 'mls:hasInput id:setting'));
      assert.equal(report.conforms, true);
      assert.deepEqual(report.results.map((r) => [r.focusNode, r.severity]), [[`${ID}run`, 'info']]);
    });

    it('validates quads of several named graphs as one graph', async function () {
      const inGraph = (quads: Quad[], graph: string) => quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.namedNode(graph)));
      const split = [...inGraph(turtle(GOOD), `${ID}run`), ...inGraph(turtle('id:run mls:executes id:impl2 . id:impl2 a mls:Implementation .'), `${ID}graph/other`)];
      await assertViolation(split, `${ID}run`, `${MLS}executes`, /exactly one implementation/);
    });

    it('reports a status outside the allowed list', async function () {
      await assertViolation(variant('rg:runStatus rg:Finished', 'rg:runStatus rg:Done'), `${ID}run`, `${RG}runStatus`, /rg:runStatus/);
    });
  });
});
