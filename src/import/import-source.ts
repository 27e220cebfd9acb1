/**
 * The import pipeline: importer → record validation → mapper → store, in batches, each batch one
 * atomic write. A bad run becomes an issue and is skipped; nothing already archived is touched
 * except the graphs of runs being re-imported, which are replaced whole.
 *
 * Imports are incremental: each run graph records a digest of the record and of the mappings that
 * normalised it, so an unchanged run is not written again; `prune` removes runs that the same source
 * no longer has (never runs that were merely unreadable this time).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import type { Issue } from '../errors.js';
import { detectImporter, importerById } from '../importers/registry.js';
import { validateRunRecord, type RunRecord } from '../model/run-record.js';
import type { MappingSet } from '../mapping/mapping-set.js';
import { mapRun } from '../mapping/run-mapper.js';
import { iris } from '../mapping/iris.js';
import { vocabularyGraph } from '../mapping/vocabulary-graph.js';
import { bindParameters } from '../query/bind-parameters.js';
import type { GraphContent, Store } from '../store/store.js';
import { rg, sparqlPrefixes } from '../vocab/namespaces.js';
import { storedRecordLiteral } from './stored-record.js';

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

  await store.replaceGraphs([vocabularyGraph(options.mappings)]);
  for await (const item of importer.read(location, { signal: options.signal, followOutsideLinks: options.followOutsideLinks })) {
    if (item.kind === 'issue') {
      summary.issues.push(item.issue);
      if (item.issue.severity === 'error') {
        if (item.issue.run) skippedRuns.add(item.issue.run);
        else anonymousErrors++;
      }
      continue;
    }
    const checked = validateRunRecord(item.record);
    if (!checked.ok) {
      const run = item.record.source?.runId;
      for (const issue of checked.issues) summary.issues.push({ ...issue, file: item.file, run, message: `${issue.path.join('.')}: ${issue.message}` });
      if (run) skippedRuns.add(run);
      else anonymousErrors++;
      continue;
    }
    const record = checked.record;
    seen.add(record.source.runId);
    const digest = recordDigest(record, options.mappings.version);
    const previous = known.get(record.source.runId)?.digest;
    if (previous === digest && !options.force) {
      summary.unchanged++;
      continue;
    }
    if (previous === undefined) summary.added++;
    else summary.updated++;
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

/** Digest of the record as normalised by these mappings: equal digests mean an identical run graph. */
export function recordDigest(record: RunRecord, mappingVersion: string): string {
  // Canonical: keys sorted and points in step order, so a record rebuilt from the archive (remap)
  // digests the same as the record first imported. Points, most of a record, are hashed as lines of
  // text rather than through the key-sorting replacer, which cost more than mapping the run.
  const { metrics, ...rest } = record;
  const hash = createHash('sha256').update(mappingVersion).update('\u0000').update(canonicalJson(rest));
  for (const key of Object.keys(metrics).sort()) {
    const points = [...metrics[key]].sort((a, b) => a.step - b.step || (a.timestamp ?? 0) - (b.timestamp ?? 0));
    hash.update(`\u0000${JSON.stringify(key)}\n${points.map((p) => `${p.step} ${p.timestamp ?? '-'} ${p.value}`).join('\n')}`);
  }
  return hash.digest('hex');
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return v;
  });
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
