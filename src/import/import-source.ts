/**
 * The import pipeline: importer → record validation → mapper → store, in batches, each batch one
 * atomic write. A bad run becomes an issue and is skipped; nothing already archived is touched
 * except the graphs of runs being re-imported, which are replaced whole.
 *
 * Imports are incremental: each run graph records a digest of the record and of the mappings that
 * normalised it, so an unchanged run is not written again; `prune` removes runs that the same source
 * no longer has (never runs that were merely unreadable this time).
 */
import * as path from 'node:path';
import { DataFactory } from 'n3';
import type { Issue } from '../errors.js';
import { detectImporter, importerById } from '../importers/registry.js';
import type { RunRecord } from '../model/run-record.js';
import type { MappingSet } from '../mapping/mapping-set.js';
import { mapRun } from '../mapping/run-mapper.js';
import { iris } from '../mapping/iris.js';
import { vocabularyGraph } from '../mapping/vocabulary-graph.js';
import { bindParameters } from '../query/bind-parameters.js';
import type { GraphContent, Store } from '../store/store.js';
import { rg, sparqlPrefixes } from '../vocab/namespaces.js';
import { removeUnusedValues } from './unused-values.js';
import { storedRecordLiteral } from './stored-record.js';
import { readSourceInline, readSourceInWorker } from './read-source.js';
import { recordDigest } from './record-digest.js';

export interface ImportSummary {
  tracker: string;
  /** Runs written: added plus updated. */
  imported: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
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
  /** Remove archived runs of this source that the source no longer holds. */
  prune?: boolean;
  /** Write every run even when unchanged. */
  force?: boolean;
  /** Called after each batch is durable. */
  onProgress?: (imported: number) => void;
  signal?: AbortSignal;
  /**
   * Read through symbolic links that lead outside the imported folder (each is still reported).
   * Off by default: such links are reported and what they hold is not imported.
   */
  followOutsideLinks?: boolean;
  /**
   * Read the source (files, validation, digests) in a worker thread, overlapping with mapping and
   * storing (the default). `false` reads in the calling thread: no thread start-up, for small sources.
   */
  readInWorker?: boolean;
}

export async function importSource(store: Store, location: string, options: ImportSourceOptions): Promise<ImportSummary> {
  const importer = options.tracker ? importerById(options.tracker) : await detectImporter(location, { followOutsideLinks: options.followOutsideLinks });
  const batchSize = options.batchSize ?? 200;
  const root = /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : path.resolve(location);
  const summary: ImportSummary = { tracker: importer.id, imported: 0, added: 0, updated: 0, unchanged: 0, removed: 0, skipped: 0, quads: 0, issues: [] };
  const known = await archivedDigests(store, importer.id, root);
  const seen = new Set<string>();
  const skippedRuns = new Set<string>();
  let anonymousErrors = 0;

  // Graphs by name: shared entity graphs mentioned by several runs of a batch are written once.
  let batch = new Map<string, GraphContent>();
  let runsInBatch = 0;
  const writtenEntities = new Set<string>();
  const flush = async (): Promise<void> => {
    if (batch.size === 0) return;
    const graphs = [...batch.values()];
    await store.replaceGraphs(graphs);
    for (const g of graphs) writtenEntities.add(g.graph); // run graphs too: never looked up as entities
    summary.imported += runsInBatch;
    summary.quads += graphs.reduce((n, g) => n + g.quads.length, 0);
    batch = new Map();
    runsInBatch = 0;
    options.onProgress?.(summary.imported);
  };

  store.bulkWrites?.(); // nothing is queried again before the end
  await store.replaceGraphs([vocabularyGraph(options.mappings)]);
  const request = {
    tracker: importer.id,
    location,
    followOutsideLinks: options.followOutsideLinks,
    mappingVersion: options.mappings.version,
    known: new Map([...known].map(([id, run]) => [id, run.digest])),
    force: options.force,
  };
  const events = options.readInWorker === false ? readSourceInline(request, options.signal) : readSourceInWorker(request, options.signal);
  for await (const event of events) {
    if (options.signal?.aborted) break; // the batches written so far stay; nothing read after the abort is
    if (event.kind === 'issue') {
      summary.issues.push(event.issue);
      if (event.issue.severity === 'error') {
        if (event.issue.run) skippedRuns.add(event.issue.run);
        else anonymousErrors++;
      }
      continue;
    }
    if (event.kind === 'invalid') {
      summary.issues.push(...event.issues);
      if (event.run) skippedRuns.add(event.run);
      else anonymousErrors++;
      continue;
    }
    if (event.kind === 'unchanged') {
      seen.add(event.runId);
      summary.unchanged++;
      continue;
    }
    const { record, digest } = event;
    seen.add(record.source.runId);
    if (known.has(record.source.runId)) summary.updated++;
    else summary.added++;
    const runGraph = iris.run(record.source.tracker, record.source.runId).value;
    for (const graph of archivedRunGraphs(record, options.mappings, root, digest)) {
      // A shared entity's graph is fixed by its identity (decision 0004): once per import is enough.
      if (graph.graph === runGraph || !writtenEntities.has(graph.graph)) batch.set(graph.graph, graph);
    }
    if (++runsInBatch >= batchSize) await flush();
  }
  await flush();
  // A run imported partially (with issues) still counts as imported.
  summary.skipped = [...skippedRuns].filter((r) => !seen.has(r)).length + anonymousErrors;

  if (options.prune) {
    if (anonymousErrors > 0) {
      summary.issues.push({
        code: 'prune_skipped',
        message: 'not pruning: some input could not be attributed to a run, so a missing run may only be unreadable',
        path: [],
        file: location,
        severity: 'warning',
      });
    } else {
      const graphs = [...known].filter(([id]) => !seen.has(id) && !skippedRuns.has(id)).map(([, run]) => run.graph);
      await store.deleteGraphs(graphs);
      summary.removed = graphs.length;
    }
  }
  // A run rewritten with other values, or removed, may leave settings and tags no run uses (decision 0007).
  if (summary.updated > 0 || summary.removed > 0) await removeUnusedValues(store);
  return summary;
}

/**
 * The graphs of one run as archived: the mapper's output plus what the archive keeps about the
 * import itself (content digest, source root, and the record for `remap`).
 */
export function archivedRunGraphs(record: RunRecord, mappings: MappingSet, root: string, digest = recordDigest(record, mappings.version)): GraphContent[] {
  const mapped = mapRun(record, mappings);
  const run = DataFactory.namedNode(mapped.graph);
  const runGraph = mapped.graphs.find((g) => g.graph === mapped.graph)!;
  runGraph.quads.push(
    DataFactory.quad(run, rg.contentDigest, DataFactory.literal(digest)),
    DataFactory.quad(run, rg.sourceRoot, DataFactory.literal(root)),
    DataFactory.quad(run, rg.sourceRecord, storedRecordLiteral(record)),
  );
  return mapped.graphs;
}

/** Runs this source imported before: native id → run graph and content digest. */
async function archivedDigests(store: Store, tracker: string, root: string): Promise<Map<string, { graph: string; digest: string }>> {
  const sparql = bindParameters(
    `${sparqlPrefixes(['rg', 'dcterms'])}
SELECT ?run ?id ?digest WHERE { ?run rg:tracker ?tracker ; rg:sourceRoot ?root ; dcterms:identifier ?id ; rg:contentDigest ?digest }`,
    new Map([
      ['tracker', DataFactory.literal(tracker)],
      ['root', DataFactory.literal(root)],
    ]),
  );
  const result = await store.query(sparql);
  const digests = new Map<string, { graph: string; digest: string }>();
  if (result.type === 'bindings') for (const row of result.rows) digests.set(row.get('id')!.value, { graph: row.get('run')!.value, digest: row.get('digest')!.value });
  return digests;
}
