/**
 * Re-normalises an archive after the mappings changed: every run whose rg:mappingVersion differs
 * from the current mappings is rebuilt from its stored record and written again, in atomic batches.
 */
import { DataFactory } from 'n3';
import type { MappingSet } from '../mapping/mapping-set.js';
import { vocabularyGraph } from '../mapping/vocabulary-graph.js';
import { bindParameters } from '../query/bind-parameters.js';
import type { GraphContent, Store } from '../store/store.js';
import { sparqlPrefixes } from '../vocab/namespaces.js';
import { archivedRunGraphs } from './import-source.js';
import { removeUnusedValues } from './unused-values.js';
import { parseStoredRecord, storedMetrics } from './stored-record.js';

export interface RemapSummary {
  remapped: number;
  current: number;
  /** Runs archived before records were stored: re-import their source instead. */
  withoutRecord: number;
}

export async function remapArchive(
  store: Store,
  mappings: MappingSet,
  options: { batchSize?: number; force?: boolean; onProgress?: (done: number) => void } = {},
): Promise<RemapSummary> {
  const runs = await store.query(
    bindParameters(
      `${sparqlPrefixes(['rg', 'mls'])}
SELECT ?run ?record ?root (?version = ?current AS ?isCurrent) WHERE {
  ?run a mls:Run .
  OPTIONAL { ?run rg:mappingVersion ?version }
  OPTIONAL { ?run rg:sourceRecord ?record ; rg:sourceRoot ?root }
}`,
      new Map([['current', DataFactory.literal(mappings.version)]]),
    ),
  );
  const summary: RemapSummary = { remapped: 0, current: 0, withoutRecord: 0 };
  if (runs.type !== 'bindings') return summary;
  await store.replaceGraphs([vocabularyGraph(mappings)]);
  let batch = new Map<string, GraphContent>();
  let inBatch = 0;
  const flush = async () => {
    await store.replaceGraphs([...batch.values()]);
    summary.remapped += inBatch;
    batch = new Map();
    inBatch = 0;
    options.onProgress?.(summary.remapped);
  };
  for (const row of runs.rows) {
    if (row.get('isCurrent')?.value === 'true' && !options.force) {
      summary.current++;
      continue;
    }
    const stored = row.get('record');
    if (!stored) {
      summary.withoutRecord++;
      continue;
    }
    const run = row.get('run')!.value;
    const record = { ...parseStoredRecord(stored.value), metrics: await storedMetrics(store, run) };
    for (const graph of archivedRunGraphs(record, mappings, row.get('root')!.value)) batch.set(graph.graph, graph);
    if (++inBatch >= (options.batchSize ?? 200)) await flush();
  }
  if (inBatch > 0) await flush();
  // Runs rewritten under other mappings may no longer use a setting or tag they shared (decision 0007).
  if (summary.remapped > 0) await removeUnusedValues(store);
  return summary;
}
