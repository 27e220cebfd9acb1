/** Every ontology file parses, every rg: term is fully described, and the JSON-LD context expands as meant. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { NS, rg } from '../../src/vocab/namespaces.js';
import { declared, objectsOf, ontology, OWL, parseTurtleFile, RDF, RDFS, repoFile, RG } from './vocabulary-index.js';

const rgTerms = [...new Set(ontology.filter((q) => q.subject.value.startsWith(RG)).map((q) => q.subject.value))];
const context = JSON.parse(fs.readFileSync(repoFile('ontology', 'context.jsonld'), 'utf8')) as { '@context': Record<string, unknown> };

describe('ontology files', function () {
  it('rungraph.ttl and shapes.ttl parse as Turtle', function () {
    assert.ok(parseTurtleFile('ontology', 'rungraph.ttl').length > 100);
    assert.ok(parseTurtleFile('ontology', 'shapes.ttl').length > 50);
  });

  it('the Turtle parser used here rejects a broken file, so the parse check can fail', function () {
    assert.throws(() => new Parser().parse('<a> <b> "unterminated .'), /Unexpected|unterminated|line 1/i);
  });

  it('has an owl:Ontology header with a version', function () {
    const headers = ontology.filter((q) => q.predicate.value === `${RDF}type` && q.object.value === `${OWL}Ontology`);
    assert.equal(headers.length, 1);
    const header = headers[0].subject.value;
    assert.equal(header, 'https://w3id.org/rungraph/ns');
    assert.match(objectsOf(header, `${OWL}versionInfo`)[0] ?? '', /^\d+\.\d+\.\d+$/);
    assert.equal(objectsOf(header, `${OWL}versionIRI`).length, 1);
  });

  it('gives every term it mentions as a subject a label and a comment', function () {
    const subjects = new Set(ontology.filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value));
    const lacking = [...subjects].filter((s) => objectsOf(s, `${RDFS}label`).length === 0 || objectsOf(s, `${RDFS}comment`).length === 0);
    assert.deepEqual(lacking, []);
  });

  it('types every rg: term as a class, property, individual or datatype, and gives properties a domain or range', function () {
    const kinds = [...['Class', 'ObjectProperty', 'DatatypeProperty', 'NamedIndividual'].map((k) => OWL + k), `${RDFS}Datatype`];
    for (const term of rgTerms) {
      const types = objectsOf(term, `${RDF}type`);
      assert.ok(types.some((t) => kinds.includes(t)), `${term} has no OWL kind`);
      if (types.some((t) => t.endsWith('Property'))) {
        assert.ok(objectsOf(term, `${RDFS}domain`).length + objectsOf(term, `${RDFS}range`).length > 0, `${term} has neither domain nor range`);
      }
    }
  });

  it('types the enumerated individuals with their class', function () {
    const members = { OptimizationDirection: ['Maximize', 'Minimize'], Aggregation: ['Last', 'Best', 'Min', 'Max', 'Mean'], RunStatus: ['Running', 'Finished', 'Failed', 'Killed', 'UnknownStatus'] };
    for (const [cls, individuals] of Object.entries(members)) {
      for (const i of individuals) assert.ok(objectsOf(RG + i, `${RDF}type`).includes(RG + cls), `rg:${i} is not an rg:${cls}`);
    }
  });

  it('co-types ML-Schema runs, datasets, models and evaluations with PROV-O', function () {
    const sub = (c: string) => objectsOf(NS.mls + c, `${RDFS}subClassOf`);
    assert.ok(sub('Run').includes(`${NS.prov}Activity`));
    for (const c of ['Dataset', 'Model', 'ModelEvaluation']) assert.ok(sub(c).includes(`${NS.prov}Entity`), `mls:${c}`);
    assert.ok(sub('Dataset').includes(`${NS.dcat}Dataset`) && sub('Dataset').includes(`${NS.schema}Dataset`));
  });
});

describe('JSON-LD context', function () {
  it('expands a run document to the intended IRIs and typed values', async function () {
    const doc = {
      '@context': context['@context'],
      id: 'https://w3id.org/rungraph/id/run/json/1',
      type: ['Run', 'Activity'],
      executes: 'https://w3id.org/rungraph/id/implementation/x',
      runStatus: 'Finished',
      startedAtTime: '2024-03-01T10:00:00Z',
      hasOutput: {
        id: 'https://w3id.org/rungraph/id/run/json/1/eval/acc/last',
        type: 'ModelEvaluation',
        specifiedBy: 'rgm:Accuracy',
        step: 3,
        aggregation: 'Last',
        onSplit: 'TestSplit',
        hasValue: { '@value': '0.9', '@type': 'xsd:double' },
        seriesData: { step: [0], value: [0.5] },
        pointCount: 1,
      },
    };
    const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, { format: 'application/n-quads' })) as unknown as string;
    const quads = new Parser({ format: 'N-Quads' }).parse(nquads);
    const find = (p: string) => quads.filter((q) => q.predicate.value === p).map((q) => q.object);
    const run = 'https://w3id.org/rungraph/id/run/json/1';
    assert.deepEqual(quads.filter((q) => q.subject.value === run && q.predicate.value === `${RDF}type`).map((q) => q.object.value).sort(), [`${NS.mls}Run`, `${NS.prov}Activity`]);
    assert.equal(find(`${NS.mls}executes`)[0].termType, 'NamedNode');
    assert.equal(find(`${RG}runStatus`)[0].value, `${RG}Finished`);
    const started = find(`${NS.prov}startedAtTime`)[0];
    assert.equal(started.termType === 'Literal' && started.datatype.value, `${NS.xsd}dateTime`);
    assert.equal(find(`${NS.mls}specifiedBy`)[0].value, `${NS.rgm}Accuracy`);
    const step = find(`${RG}step`)[0];
    assert.ok(step.termType === 'Literal' && step.value === '3' && step.datatype.value === `${NS.xsd}integer`);
    assert.equal(find(`${RG}aggregation`)[0].value, `${RG}Last`);
    assert.equal(find(`${RG}onSplit`)[0].value, `${NS.cr}TestSplit`);
    const value = find(`${NS.mls}hasValue`)[0];
    assert.ok(value.termType === 'Literal' && value.datatype.value === `${NS.xsd}double`);
    const series = find(`${RG}seriesData`)[0];
    assert.ok(series.termType === 'Literal' && series.datatype.value === `${NS.rdf}JSON` && (JSON.parse(series.value) as { value: number[] }).value[0] === 0.5);
  });

  it('has a term for every rg: term, so exported JSON-LD never falls back to full rg: IRIs', function () {
    const ids = new Set(Object.values(context['@context']).map((d) => (typeof d === 'string' ? d : (d as { '@id': string })['@id'])));
    assert.deepEqual(Object.keys(rg).filter((local) => !ids.has(`rg:${local}`)), []);
  });

  it('defines only terms the ontology declares', function () {
    const prefixes = Object.fromEntries(Object.entries(context['@context']).filter(([, v]) => typeof v === 'string' && /^https?:/.test(v)));
    const expand = (curie: string): string => {
      const [prefix, local] = curie.split(':');
      return prefixes[prefix] !== undefined ? (prefixes[prefix] as string) + local : curie;
    };
    const missing: string[] = [];
    for (const [term, definition] of Object.entries(context['@context'])) {
      if (term.startsWith('@') || term in prefixes) continue;
      const id = typeof definition === 'string' ? definition : (definition as { '@id': string })['@id'];
      if (id.startsWith('@')) continue;
      const iri = expand(id);
      if (!declared.has(iri) && !iri.startsWith(NS.rdfs)) missing.push(`${term} → ${iri}`);
    }
    assert.deepEqual(missing, []);
  });
});
