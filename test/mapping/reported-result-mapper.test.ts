/**
 * A reported result maps to the Turtle below (decision 0006): a shape that shares no class and no
 * linking property with runs, that SHACL accepts, and whose shared entities each live in their own graph.
 */
import { strict as assert } from 'node:assert';
import { DataFactory, Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import type { Quad } from '@rdfjs/types';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { mapRun } from '../../src/mapping/run-mapper.js';
import { validateRunRecord, type RunRecord, type RunRecordInput } from '../../src/model/run-record.js';
import { validateGraph } from '../../src/validate/shacl.js';
import { mls, prov, rdf, rg } from '../../src/vocab/namespaces.js';

const mappings = loadMappings();

function record(input: RunRecordInput): RunRecord {
  const result = validateRunRecord(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.record;
}

const tabnet = (): RunRecordInput => ({
  source: { tracker: 'pwc', location: 'evaluation-tables.json', runId: 'abc123' },
  name: 'TabNet',
  datasets: [{ name: 'credit-g' }],
  reported: {
    task: 'Tabular Classification',
    publication: { title: 'TabNet', url: 'https://arxiv.org/abs/1908.07442v5', date: '2019-08-20', arxiv: '1908.07442' },
    values: { 'Top 1 Accuracy': { raw: '76.5%', value: 0.765 }, 'Odd Score': { raw: 'n/a' } },
    usesAdditionalData: false,
    codeLinks: ['https://github.com/dreamquark-ai/tabnet'],
  },
});

const EXPECTED = `
@prefix rg: <https://w3id.org/rungraph/ns#> . @prefix mls: <http://www.w3.org/ns/mls#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix schema: <http://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/rungraph/id/> . @prefix rgm: <https://w3id.org/rungraph/measure/> .

id:run\\/pwc\\/abc123 a rg:ReportedResult, prov:Entity ;
    dcterms:identifier "abc123" ; rg:tracker "pwc" ; rg:sourceLocation "evaluation-tables.json" ;
    rdfs:label "TabNet" ; rg:taskName "Tabular Classification" ; rg:usesAdditionalData false ;
    schema:codeRepository "https://github.com/dreamquark-ai/tabnet" ;
    dcterms:isReferencedBy id:publication\\/arxiv\\/1908.07442 ;
    rg:reportedOn <https://w3id.org/rungraph/id/dataset/by-name/HASH> ;
    rg:reportedValue <https://w3id.org/rungraph/id/run/pwc/abc123/value/Top%201%20Accuracy>,
                     <https://w3id.org/rungraph/id/run/pwc/abc123/value/Odd%20Score> .
<https://w3id.org/rungraph/id/run/pwc/abc123/value/Top%201%20Accuracy> a rg:ReportedValue ;
    mls:specifiedBy rgm:Accuracy ; dcterms:identifier "Top 1 Accuracy" ;
    rg:reportedText "76.5%" ; mls:hasValue "0.765"^^xsd:double .
<https://w3id.org/rungraph/id/run/pwc/abc123/value/Odd%20Score> a rg:ReportedValue ;
    mls:specifiedBy id:metric\\/Odd%20Score ; dcterms:identifier "Odd Score" ; rg:reportedText "n/a" .
id:metric\\/Odd%20Score a mls:EvaluationMeasure ; rdfs:label "Odd Score" .
id:publication\\/arxiv\\/1908.07442 a schema:ScholarlyArticle ;
    schema:name "TabNet" ; schema:url "https://arxiv.org/abs/1908.07442v5" ;
    schema:datePublished "2019-08-20"^^xsd:date ; dcterms:identifier "arXiv:1908.07442" .
<https://w3id.org/rungraph/id/dataset/by-name/HASH> a mls:Dataset, dcat:Dataset, schema:Dataset, prov:Entity ;
    rdfs:label "credit-g" .
`;

describe('the reported-result mapper', function () {
  it('produces a graph isomorphic to the expected Turtle', function () {
    const { graph, quads } = mapRun(record(tabnet()), mappings);
    assert.equal(graph, 'https://w3id.org/rungraph/id/run/pwc/abc123');
    // The dataset node is the one a run naming only "credit-g" gets: take its IRI from such a run.
    const run = mapRun(record({ source: { tracker: 'json', location: 'x', runId: 'r' }, datasets: [{ name: 'credit-g' }] }), mappings);
    const dataset = run.quads.find((q) => q.predicate.equals(mls.hasInput))!.object.value;
    const expected = new Parser().parse(EXPECTED.replaceAll('https://w3id.org/rungraph/id/dataset/by-name/HASH', dataset));
    const actual = quads.filter((q) => !q.predicate.equals(rg.mappingVersion));
    const key = (q: Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`;
    assert.ok(isomorphic(actual, expected), `missing: ${expected.filter((e) => !actual.some((a) => a.equals(e))).map(key).join('\n')}\nextra: ${actual.filter((a) => !expected.some((e) => e.equals(a))).map(key).join('\n')}`);
  });

  it('uses no class or linking property of runs', function () {
    const { quads } = mapRun(record(tabnet()), mappings);
    for (const term of [mls.Run, mls.ModelEvaluation, prov.Activity]) assert.ok(!quads.some((q) => q.predicate.equals(rdf.type) && q.object.equals(term)), term.value);
    for (const p of [mls.hasInput, mls.hasOutput, mls.executes, rg.runStatus, rg.onSplit, rg.aggregation]) assert.ok(!quads.some((q) => q.predicate.equals(p)), p.value);
  });

  it('puts the paper, the dataset and an unmapped measure in graphs of their own, every triple in one graph', function () {
    const { graphs } = mapRun(record(tabnet()), mappings);
    const names = graphs.map((g) => g.graph).sort();
    assert.deepEqual(names.map((n) => n.replace(/by-name\/[0-9a-f]+$/, 'by-name/…')), [
      'https://w3id.org/rungraph/id/dataset/by-name/…',
      'https://w3id.org/rungraph/id/metric/Odd%20Score',
      'https://w3id.org/rungraph/id/publication/arxiv/1908.07442',
      'https://w3id.org/rungraph/id/run/pwc/abc123',
    ]);
    for (const g of graphs.filter((g) => !g.graph.includes('/run/'))) assert.ok(g.quads.every((q) => q.subject.value === g.graph), g.graph);
  });

  it('conforms to the shapes, and a reported result that is also a run does not', async function () {
    const { quads } = mapRun(record(tabnet()), mappings);
    const report = await validateGraph(quads);
    assert.deepEqual(report.results.filter((r) => r.severity === 'violation'), []);
    const result = DataFactory.namedNode('https://w3id.org/rungraph/id/run/pwc/abc123');
    const asRun = await validateGraph([...quads, DataFactory.quad(result, rdf.type, mls.Run)]);
    assert.ok(asRun.results.some((r) => r.severity === 'violation' && r.focusNode === result.value && /not an mls:Run/.test(r.message)), JSON.stringify(asRun.results));
    const twoNumbers = await validateGraph([
      ...quads,
      DataFactory.quad(DataFactory.namedNode(`${result.value}/value/Top%201%20Accuracy`), mls.hasValue, DataFactory.literal('0.5', DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#double'))),
    ]);
    assert.ok(twoNumbers.results.some((r) => r.severity === 'violation' && /at most one number/.test(r.message)), JSON.stringify(twoNumbers.results));
  });
});
