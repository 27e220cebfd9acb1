/**
 * Each run graph keeps the record it was made from (rg:sourceRecord), without the metric series,
 * which the graph already holds losslessly (rg:seriesData on the evaluation of a metric's latest
 * point, or that evaluation alone for a metric of a single point). `rungraph remap` rebuilds records
 * from these to re-normalise runs under new mappings, without the original tracker files.
 */
import { DataFactory } from 'n3';
import type { Literal } from '@rdfjs/types';
import type { MetricPoint, RunRecord } from '../model/run-record.js';
import { decodeSeries } from '../mapping/series-data.js';
import type { Store } from '../store/store.js';
import { rdf, sparqlPrefixes } from '../vocab/namespaces.js';

/** JSON cannot hold bigints or non-finite numbers: tag them. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.$bigint === 'string' && Object.keys(v).length === 1) return BigInt(v.$bigint);
    if (typeof v.$number === 'string' && Object.keys(v).length === 1) return Number(v.$number);
  }
  return value;
}

export function storedRecordLiteral(record: RunRecord): Literal {
  return DataFactory.literal(JSON.stringify({ ...record, metrics: {} }, replacer), rdf.JSON);
}

export function parseStoredRecord(json: string): RunRecord {
  return JSON.parse(json, reviver) as RunRecord;
}

/** The metric series of a run, read back from its graph. */
export async function storedMetrics(store: Store, run: string): Promise<Record<string, MetricPoint[]>> {
  const iri = `<${run}>`;
  const result = await store.query(`${sparqlPrefixes(['rg', 'mls', 'dcterms', 'prov'])}
SELECT ?key ?data ?value ?step ?time WHERE {
  ${iri} mls:hasOutput ?e .
  ?e dcterms:identifier ?key ; mls:hasValue ?value ; rg:step ?step .
  OPTIONAL { ?e rg:seriesData ?data }
  OPTIONAL { ?e prov:generatedAtTime ?time }
}`);
  const metrics: Record<string, MetricPoint[]> = {};
  if (result.type !== 'bindings') return metrics;
  for (const row of result.rows) {
    const key = row.get('key')!.value;
    const data = row.get('data');
    // Archives written before 0.3.0 hold a second evaluation (best) of such a metric: its series wins.
    if (metrics[key] && !data) continue;
    if (data) {
      metrics[key] = decodeSeries(data.value);
    } else {
      const time = row.get('time');
      metrics[key] = [{ step: Number(row.get('step')!.value), ...(time ? { timestamp: Date.parse(time.value) } : {}), value: xsdDouble(row.get('value')!.value) }];
    }
  }
  return metrics;
}

function xsdDouble(lexical: string): number {
  return lexical === 'INF' ? Infinity : lexical === '-INF' ? -Infinity : Number(lexical);
}
