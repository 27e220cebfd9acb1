/**
 * rungraph's programmatic API. The CLI is a thin layer over these functions.
 */
export * from './errors.js';
export * from './model/index.js';
export type { Importer, ImportItem, Detection, ImportOptions } from './importers/importer.js';
export { importers, importerById, detectImporter } from './importers/registry.js';
export { importSource, type ImportSummary, type ImportSourceOptions } from './import/import-source.js';
export { recordDigest } from './import/record-digest.js';
export { MappingSet, loadMappings, type ResolvedImplementation, type ResolvedMetric } from './mapping/mapping-set.js';
export { lintMappings, type LintOptions } from './mapping/lint.js';
export { mappingCoverage, type MappingCoverage, type UnmappedHyperParameter, type UnmappedMetric } from './mapping/coverage.js';
export { mapRun, type MappedRun } from './mapping/run-mapper.js';
export { vocabularyGraph } from './mapping/vocabulary-graph.js';
export { iris } from './mapping/iris.js';
export { decodeSeries, encodeSeries, type SeriesData } from './mapping/series-data.js';
export type { Store, GraphContent, QueryResult, Bindings, OpenOptions } from './store/store.js';
export { EmbeddedStore, DEFAULT_MAX_QUADS, type EmbeddedOptions } from './store/embedded/embedded-store.js';
export { openStore, type OpenStoreOptions } from './store/open-store.js';
export { loadCatalogue, resolveQuery, parseNamedQuery, type NamedQuery, type QueryParameter } from './query/named-query.js';
export { answerQuery, prepareQuery, resolveRunParameters, runNamedQuery, type ParameterValues, type ResolvedRuns } from './query/run-query.js';
export { bindParameters, parameterTerm } from './query/bind-parameters.js';
export { archiveStats, type ArchiveStats } from './query/archive-stats.js';
export { exportArchive, archiveQuads, EXPORT_FORMATS, type ExportFormat } from './export/export-archive.js';
export { NS, sparqlPrefixes } from './vocab/namespaces.js';
export { validateGraph, loadShapes, type ShaclReport, type ShaclResult } from './validate/shacl.js';
export { validateArchive, type ArchiveValidation, type ValidateArchiveOptions } from './validate/validate-archive.js';
export { remapArchive, type RemapSummary } from './import/remap.js';
export { findEquivalentRuns } from './query/find-equivalent-runs.js';
export { compareSeedGroups } from './query/compare-seed-groups.js';
export { summarize, welchTest, type Summary, type WelchTest } from './query/seed-statistics.js';
export { federatedQuery, type FederatedOptions } from './query/federated-query.js';
export { syncArchives, type SyncOptions, type SyncSummary } from './store/sync-archives.js';
export { serveArchive, type ServeOptions, type ServedArchive } from './store/serve/serve-archive.js';
export { buildPublication, writePublication, preparePublication } from './publish/publish.js';
export { redactQuads } from './publish/redact.js';
