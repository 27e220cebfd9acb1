/**
 * A reported result (a publication's leaderboard row) → quads. It is an rg:ReportedResult, never an
 * mls:Run, and its values are rg:ReportedValues, never mls:ModelEvaluations; it links to its dataset,
 * values and paper with properties runs do not use, so no query about executed runs can count it
 * (docs/decisions/0006-published-results.md). Values go through the same metric mappings as run
 * metrics (measure only: leaderboards seldom name a split); the text as published is kept beside the number.
 */
import { DataFactory } from 'n3';
import type { NamedNode } from '@rdfjs/types';
import type { RunRecord } from '../model/run-record.js';
import type { Publication, ReportedResult } from '../model/reported-result.js';
import { dcterms, mls, prov, rdf, rg, schema, xsd } from '../vocab/namespaces.js';
import { iris } from './iris.js';
import { booleanLiteral, doubleLiteral, stringLiteral, textLiteral } from './literals.js';
import type { MappingSet } from './mapping-set.js';
import { collectGraphs, type MappedRun } from './graph-collector.js';
import { describeDataset, describeSource, measureOf } from './shared-entities.js';

const { literal } = DataFactory;

export function mapReportedResult(record: RunRecord, reported: ReportedResult, mappings: MappingSet): MappedRun {
  const result = iris.run(record.source.tracker, record.source.runId);
  // The paper, datasets and unmapped measures land in graphs of their own (decision 0004).
  const { add, mapped } = collectGraphs(result);

  add(result, rdf.type, rg.ReportedResult);
  add(result, rdf.type, prov.Entity);
  describeSource(result, record, mappings, add);
  add(result, rg.taskName, textLiteral(reported.task));
  add(result, rg.usesAdditionalData, reported.usesAdditionalData === undefined ? undefined : booleanLiteral(reported.usesAdditionalData));
  for (const link of reported.codeLinks) add(result, schema.codeRepository, stringLiteral(link));

  const paper = publicationIri(reported.publication);
  if (paper) {
    add(result, dcterms.isReferencedBy, paper);
    const { title, url, date, arxiv, doi } = reported.publication;
    add(paper, rdf.type, schema.ScholarlyArticle);
    add(paper, schema.name, textLiteral(title));
    add(paper, schema.url, textLiteral(url));
    add(paper, schema.datePublished, date ? literal(date, xsd.date) : undefined);
    add(paper, dcterms.identifier, arxiv ? stringLiteral(`arXiv:${arxiv}`) : undefined);
    add(paper, dcterms.identifier, doi ? stringLiteral(`doi:${doi}`) : undefined);
  }

  for (const d of record.datasets) add(result, rg.reportedOn, describeDataset(d, add));

  for (const [metric, { raw, value }] of Object.entries(reported.values)) {
    const measure = measureOf(metric, mappings.resolveMetric(metric), add);
    const node = iris.inRun(result, 'value', metric);
    add(result, rg.reportedValue, node);
    add(node, rdf.type, rg.ReportedValue);
    add(node, mls.specifiedBy, measure);
    add(node, dcterms.identifier, stringLiteral(metric));
    add(node, rg.reportedText, stringLiteral(raw));
    // Not an mls:ModelEvaluation: queries about what runs produced start from evaluations too.
    add(node, mls.hasValue, value === undefined ? undefined : doubleLiteral(value));
  }

  return mapped();
}

/** The paper by its arXiv id or DOI, else by URL, else by title; none without any of them. */
function publicationIri(p: Publication): NamedNode | undefined {
  if (p.arxiv) return iris.publication('arxiv', p.arxiv);
  if (p.doi) return iris.publication('doi', p.doi.toLowerCase());
  if (p.url) return iris.publication('url', p.url);
  if (p.title) return iris.publication('title', p.title);
  return undefined;
}
