/**
 * The import pipeline: importer → record validation → mapper → store, in batches, each batch one
 * atomic write. A bad run becomes an issue and is skipped; nothing already archived is touched
 * except the graphs of runs being re-imported, which are replaced whole.
 */
import type { Issue } from '../errors.js';
import { detectImporter, importerById } from '../importers/registry.js';
import { validateRunRecord } from '../model/run-record.js';
import type { MappingSet } from '../mapping/mapping-set.js';
import { mapRun } from '../mapping/run-mapper.js';
import { vocabularyGraph } from '../mapping/vocabulary-graph.js';
import type { GraphContent, Store } from '../store/store.js';

export interface ImportSummary {
  tracker: string;
  imported: number;
  skipped: number;
  quads: number;
  issues: Issue[];
}

export interface ImportSourceOptions {
  /** Importer id; detected from the source when absent. */
  tracker?: string;
  mappings: MappingSet;
  /** Runs per atomic write. */
  batchSize?: number;
  /** Called after each batch is durable. */
  onProgress?: (imported: number) => void;
  signal?: AbortSignal;
}

export async function importSource(store: Store, location: string, options: ImportSourceOptions): Promise<ImportSummary> {
  const importer = options.tracker ? importerById(options.tracker) : await detectImporter(location);
  const batchSize = options.batchSize ?? 200;
  const summary: ImportSummary = { tracker: importer.id, imported: 0, skipped: 0, quads: 0, issues: [] };
  const skippedRuns = new Set<string>();
  const importedRuns = new Set<string>();
  // Graphs by name: shared entity graphs mentioned by several runs of a batch are written once.
  let batch = new Map<string, GraphContent>();
  let runsInBatch = 0;
  const flush = async (): Promise<void> => {
    if (batch.size === 0) return;
    const graphs = [...batch.values()];
    await store.replaceGraphs(graphs);
    summary.imported += runsInBatch;
    summary.quads += graphs.reduce((n, g) => n + g.quads.length, 0);
    batch = new Map();
    runsInBatch = 0;
    options.onProgress?.(summary.imported);
  };

  await store.replaceGraphs([vocabularyGraph(options.mappings)]);
  for await (const item of importer.read(location, { signal: options.signal })) {
    if (item.kind === 'issue') {
      summary.issues.push(item.issue);
      // Error issues that name a run mean that run was not imported; count each run once.
      if (item.issue.severity === 'error') skippedRuns.add(item.issue.run ?? `${item.issue.file}:${item.issue.line ?? ''}:${summary.issues.length}`);
      continue;
    }
    const checked = validateRunRecord(item.record);
    if (!checked.ok) {
      const run = item.record.source?.runId;
      for (const issue of checked.issues) summary.issues.push({ ...issue, file: item.file, run, message: `${issue.path.join('.')}: ${issue.message}` });
      skippedRuns.add(run ?? `${item.file}:${summary.issues.length}`);
      continue;
    }
    importedRuns.add(checked.record.source.runId);
    for (const graph of mapRun(checked.record, options.mappings).graphs) batch.set(graph.graph, graph);
    if (++runsInBatch >= batchSize) await flush();
  }
  await flush();
  // A run imported partially (with issues) still counts as imported.
  summary.skipped = [...skippedRuns].filter((r) => !importedRuns.has(r)).length;
  return summary;
}
