/**
 * A reported result (a publication's leaderboard row) → quads. It is an rg:ReportedResult, never an
 * mls:Run, and its values are rg:ReportedValues, never mls:ModelEvaluations; it links to its dataset,
 * values and paper with properties runs do not use, so no query about executed runs can count it
 * (docs/decisions/0006-published-results.md). Values go through the same metric mappings as run
 * metrics (measure only: leaderboards seldom name a split); the text as published is kept beside the number.
 */
import { DataFactory } from 'n3';
import type { NamedNode, Quad, Quad_Object } from '@rdfjs/types';
import type { RunRecord } from '../model/run-record.js';
import type { Publication, ReportedResult } from '../model/reported-result.js';
import { dcat, dcterms, mls, NS, prov, rdf, rdfs, rg, schema, xsd } from '../vocab/namespaces.js';
import { iris } from './iris.js';
import { booleanLiteral, doubleLiteral, stringLiteral } from './literals.js';
import type { MappingSet } from './mapping-set.js';
import type { MappedRun } from './run-mapper.js';

const { literal, namedNode, quad } = DataFactory;

export function mapReportedResult(record: RunRecord, reported: ReportedResult, mappings: MappingSet): MappedRun {
  const result = iris.run(record.source.tracker, record.source.runId);
  const byGraph = new Map<string, Quad[]>([[result.value, []]]);
  // Each shared entity (paper, dataset, unmapped measure) has a graph of its own (decision 0004).
  const add = (graph: NamedNode, s: NamedNode, p: NamedNode, o: Quad_Object | undefined): void => {
    if (o === undefined) return;
    let list = byGraph.get(graph.value);
    if (!list) byGraph.set(graph.value, (list = []));
    list.push(quad(s, p, o));
  };
  const own = (s: NamedNode, p: NamedNode, o: Quad_Object | undefined) => add(result, s, p, o);
  const str = (s: string | undefined) => (s === undefined || s === '' ? undefined : stringLiteral(s));

  own(result, rdf.type, rg.ReportedResult);
  own(result, rdf.type, prov.Entity);
  own(result, dcterms.identifier, stringLiteral(record.source.runId));
  own(result, rg.tracker, stringLiteral(record.source.tracker));
  own(result, rg.sourceLocation, str(record.source.location));
  own(result, rg.mappingVersion, stringLiteral(mappings.version));
  own(result, rdfs.label, str(record.name));
  own(result, rg.taskName, str(reported.task));
  own(result, rg.usesAdditionalData, reported.usesAdditionalData === undefined ? undefined : booleanLiteral(reported.usesAdditionalData));
  for (const link of reported.codeLinks) own(result, schema.codeRepository, stringLiteral(link));

  const paper = publicationIri(reported.publication);
  if (paper) {
    own(result, dcterms.isReferencedBy, paper);
    const { title, url, date, arxiv, doi } = reported.publication;
    add(paper, paper, rdf.type, schema.ScholarlyArticle);
    add(paper, paper, schema.name, str(title));
    add(paper, paper, schema.url, str(url));
    add(paper, paper, schema.datePublished, date ? literal(date, xsd.date) : undefined);
    add(paper, paper, dcterms.identifier, arxiv ? stringLiteral(`arXiv:${arxiv}`) : undefined);
    add(paper, paper, dcterms.identifier, doi ? stringLiteral(`doi:${doi}`) : undefined);
  }

  for (const d of record.datasets) {
    const dataset = iris.dataset(d.digest, d.name, d.source);
    for (const type of [mls.Dataset, dcat.Dataset, schema.Dataset, prov.Entity]) add(dataset, dataset, rdf.type, type);
    add(dataset, dataset, rdfs.label, str(d.name));
    add(dataset, dataset, dcterms.source, str(d.source));
    own(result, rg.reportedOn, dataset);
  }

  for (const [metric, { raw, value }] of Object.entries(reported.values)) {
    const resolved = mappings.resolveMetric(metric);
    let measure: NamedNode;
    if (resolved) measure = namedNode(NS.rgm + resolved.measure);
    else {
      measure = iris.metric(metric);
      add(measure, measure, rdf.type, mls.EvaluationMeasure);
      add(measure, measure, rdfs.label, stringLiteral(metric));
    }
    const node = iris.inRun(result, 'value', metric);
    own(result, rg.reportedValue, node);
    own(node, rdf.type, rg.ReportedValue);
    own(node, mls.specifiedBy, measure);
    own(node, dcterms.identifier, stringLiteral(metric));
    own(node, rg.reportedText, stringLiteral(raw));
    // Not an mls:ModelEvaluation: queries about what runs produced start from evaluations too.
    own(node, mls.hasValue, value === undefined ? undefined : doubleLiteral(value));
  }

  const graphs = [...byGraph].map(([graph, quads]) => ({ graph, quads }));
  return { graph: result.value, quads: graphs.flatMap((g) => g.quads), graphs };
}

/** The paper by its arXiv id or DOI, else by URL, else by title; none without any of them. */
function publicationIri(p: Publication): NamedNode | undefined {
  if (p.arxiv) return iris.publication('arxiv', p.arxiv);
  if (p.doi) return iris.publication('doi', p.doi.toLowerCase());
  if (p.url) return iris.publication('url', p.url);
  if (p.title) return iris.publication('title', p.title);
  return undefined;
}
