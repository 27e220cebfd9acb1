/**
 * Run record → quads of one named graph (the run's IRI). The output is a pure function of the record
 * and the mappings: importing the same source twice yields an isomorphic archive.
 * Metric series are kept whole but compactly (docs/decisions/0003-metric-series.md).
 */
import { DataFactory } from 'n3';
import type { NamedNode } from '@rdfjs/types';
import type { MetricPoint, ParamValue, RunRecord, RunStatus } from '../model/run-record.js';
import { cr, dcterms, mls, NS, prov, rdf, rdfs, rg, schema, skos, spdx } from '../vocab/namespaces.js';
import { collectGraphs, type Add, type MappedRun } from './graph-collector.js';
import { describeDataset, describeSource, measureOf } from './shared-entities.js';
import { mapReportedResult } from './reported-result-mapper.js';
import { iris } from './iris.js';
import { encodeSeries } from './series-data.js';
import { booleanLiteral, dateTimeLiteral, defaultLiteral, doubleLiteral, integerLiteral, paramLiteral, stringLiteral, textLiteral } from './literals.js';
import type { HyperParameterMapping, MappingSet, ResolvedImplementation } from './mapping-set.js';

const { namedNode } = DataFactory;

export type { MappedRun };

const STATUS: Record<RunStatus, { status: NamedNode; action?: NamedNode }> = {
  running: { status: rg.Running, action: schema.ActiveActionStatus },
  finished: { status: rg.Finished, action: schema.CompletedActionStatus },
  failed: { status: rg.Failed, action: schema.FailedActionStatus },
  killed: { status: rg.Killed, action: schema.FailedActionStatus },
  unknown: { status: rg.UnknownStatus },
};

const SPLITS = { TrainingSplit: cr.TrainingSplit, ValidationSplit: cr.ValidationSplit, TestSplit: cr.TestSplit } as const;

export function mapRun(record: RunRecord, mappings: MappingSet): MappedRun {
  // A publication's result is not a run: it is mapped to a shape no run query matches (decision 0006).
  if (record.reported) return mapReportedResult(record, record.reported, mappings);
  const run = iris.run(record.source.tracker, record.source.runId);
  const { add, mapped } = collectGraphs(run);

  add(run, rdf.type, mls.Run);
  add(run, rdf.type, prov.Activity);
  describeSource(run, record, mappings, add);
  add(run, rg.runStatus, STATUS[record.status].status);
  add(run, schema.actionStatus, STATUS[record.status].action);
  add(run, prov.startedAtTime, record.startTime ? dateTimeLiteral(record.startTime) : undefined);
  add(run, prov.endedAtTime, record.endTime ? dateTimeLiteral(record.endTime) : undefined);
  if (record.deleted) add(run, rg.deleted, booleanLiteral(true));
  if (record.parentRunId) add(run, rg.parentRun, iris.run(record.source.tracker, record.parentRunId));

  if (record.experiment && (record.experiment.id || record.experiment.name)) {
    const experiment = iris.experiment(record.source.tracker, record.experiment.id ?? record.experiment.name!);
    add(experiment, rdf.type, mls.Experiment);
    add(experiment, mls.hasPart, run);
    add(experiment, dcterms.identifier, textLiteral(record.experiment.id));
    add(experiment, dcterms.title, textLiteral(record.experiment.name));
  }
  if (record.user) {
    const agent = iris.agent(record.source.tracker, record.user);
    add(run, prov.wasAssociatedWith, agent);
    add(agent, rdf.type, prov.Person);
    add(agent, rdfs.label, stringLiteral(record.user));
  }

  const libraries = record.environment?.libraries ?? {};
  const resolved = record.implementation ? mappings.resolveImplementation(record.implementation, libraries) : undefined;
  const implementation = mapImplementation(record, resolved, add);
  add(run, mls.executes, implementation);

  mapParams(record, run, implementation, resolved, mappings, add);
  mapMetrics(record, run, mappings, add);

  // A tag is shared by the runs that logged the same key and value, like a setting (decision 0007).
  for (const [key, value] of Object.entries(record.tags)) {
    const tag = iris.tag(key, value);
    add(run, rg.hasTag, tag);
    add(tag, rdf.type, rg.Tag);
    add(tag, rg.tagKey, stringLiteral(key));
    add(tag, rg.tagValue, stringLiteral(value));
  }

  record.datasets.forEach((d, index) => {
    const dataset = describeDataset(d, add);
    add(run, mls.hasInput, dataset);
    add(run, prov.used, dataset);
    const usage = iris.inRun(run, 'usage', String(index));
    add(run, prov.qualifiedUsage, usage);
    add(usage, rdf.type, prov.Usage);
    add(usage, prov.entity, dataset);
    add(usage, rg.datasetContext, textLiteral(d.context));
  });

  for (const artifact of record.artifacts) {
    const node = iris.inRun(run, 'artifact', artifact.path);
    add(node, rdf.type, prov.Entity);
    add(node, rdf.type, schema.MediaObject);
    add(node, schema.name, stringLiteral(artifact.path));
    add(node, schema.contentSize, artifact.size === undefined ? undefined : integerLiteral(artifact.size));
    add(node, prov.wasGeneratedBy, run);
  }

  if (record.code && (record.code.repository || record.code.commit || record.code.entryPoint)) {
    const code = iris.code(record.code.repository, record.code.commit, record.code.entryPoint);
    add(code, rdf.type, schema.SoftwareSourceCode);
    add(code, rdf.type, prov.Entity);
    add(code, schema.codeRepository, textLiteral(record.code.repository));
    add(code, schema.version, textLiteral(record.code.commit));
    add(code, rg.entryPoint, textLiteral(record.code.entryPoint));
    add(run, prov.used, code);
  }

  const language = record.environment?.language;
  const software = Object.entries(libraries).map(([name, version]) => ({ name, version }));
  if (language) software.push({ name: language.name, version: language.version ?? '' });
  for (const { name, version } of software) add(run, rg.usedSoftware, addSoftware(name, version || undefined, add));

  record.models.forEach((m, index) => {
    const model = iris.inRun(run, 'model', m.id ?? m.name ?? String(index));
    add(model, rdf.type, mls.Model);
    add(model, rdf.type, prov.Entity);
    add(model, prov.wasGeneratedBy, run);
    add(model, dcterms.identifier, textLiteral(m.id));
    add(model, rdfs.label, textLiteral(m.name));
    add(model, schema.contentUrl, textLiteral(m.uri));
    add(model, schema.encodingFormat, textLiteral(m.flavor));
    if (m.digest) {
      const checksum = iris.inRun(run, 'model', m.id ?? m.name ?? String(index), 'checksum');
      add(model, spdx.checksum, checksum);
      add(checksum, rdf.type, spdx.Checksum);
      add(checksum, spdx.checksumValue, stringLiteral(m.digest));
    }
    add(run, mls.hasOutput, model);
    for (const entry of m.registry) {
      const version = iris.inRun(run, 'model', m.id ?? m.name ?? String(index), 'registry', entry.name, entry.version);
      add(model, rg.registeredAs, version);
      add(version, rdf.type, rg.RegisteredModelVersion);
      add(version, schema.name, stringLiteral(entry.name));
      add(version, schema.version, stringLiteral(entry.version));
      add(version, rg.stage, textLiteral(entry.stage));
      for (const alias of entry.aliases) add(version, rg.modelAlias, stringLiteral(alias));
      if (entry.deleted) add(version, rg.deleted, booleanLiteral(true));
    }
  });

  return mapped();
}

/**
 * Which graph a triple belongs to: the run's when it is about the run or a node inside it (or points
 * at the run); otherwise the graph of the shared entity it describes. Membership links
 * (implementation → hyperparameter, library → implementation) live with the member, so an entity's
 * graph never depends on which run wrote it.
 */

/** A library or language at a version: the same triples whoever mentions it. */
function addSoftware(name: string, version: string | undefined, add: Add): NamedNode {
  const node = iris.software(name, version);
  add(node, rdf.type, mls.Software);
  add(node, rdf.type, schema.SoftwareApplication);
  add(node, schema.name, stringLiteral(name.toLowerCase()));
  add(node, schema.softwareVersion, version ? stringLiteral(version) : undefined);
  return node;
}

function mapImplementation(record: RunRecord, resolved: ResolvedImplementation | undefined, add: Add): NamedNode {
  if (!resolved) {
    const impl = iris.unmappedImplementation(record.source.tracker, record.implementation ?? 'unknown');
    add(impl, rdf.type, mls.Implementation);
    add(impl, dcterms.identifier, stringLiteral(record.implementation ?? 'unknown'));
    return impl;
  }
  const { library, libraryVersion, id, mapping } = resolved;
  const impl = iris.implementation(library.package, libraryVersion, id);
  add(impl, rdf.type, mls.Implementation);
  add(impl, dcterms.identifier, stringLiteral(id));
  add(impl, mls.implements, namedNode(NS.rga + mapping.algorithm));
  add(impl, dcterms.isVersionOf, iris.unversionedImplementation(library.package, id));
  const software = addSoftware(library.package, libraryVersion, add);
  add(software, mls.hasPart, impl);
  add(impl, rg.library, software);
  for (const [name, hp] of Object.entries(mapping.hyperparameters)) {
    const node = iris.hyperParameter(impl, name);
    add(impl, mls.hasHyperParameter, node);
    add(node, rdf.type, mls.HyperParameter);
    add(node, dcterms.identifier, stringLiteral(name));
    for (const alias of hp.aliases) add(node, skos.altLabel, stringLiteral(alias));
    add(node, rg.canonicalHyperParameter, hp.canonical ? namedNode(NS.rgh + hp.canonical) : undefined);
    add(node, rg.defaultValue, hp.default === undefined ? undefined : typedDefault(hp));
  }
  return impl;
}

function mapParams(record: RunRecord, run: NamedNode, impl: NamedNode, resolved: ResolvedImplementation | undefined, mappings: MappingSet, add: Add): void {
  const given = new Set<string>();
  for (const [key, value] of Object.entries(record.params)) {
    const mapped = resolved ? mappings.resolveParameter(resolved.mapping, key) : undefined;
    const hp = iris.hyperParameter(impl, mapped?.name ?? key);
    if (mapped) {
      given.add(mapped.name);
      // A concept set under another native name (rate_denominator for the learning rate) is not defaulted.
      if (mapped.mapping.canonical) given.add(`concept:${mapped.mapping.canonical}`);
    } else {
      add(impl, mls.hasHyperParameter, hp);
      add(hp, rdf.type, mls.HyperParameter);
      add(hp, dcterms.identifier, stringLiteral(key));
    }
    // A thin setting (decision 0005): its type follows from mls:hasInput + mls:specifiedBy, its name
    // is the hyperparameter's, and the logged key and text are written only where they say more.
    // It is shared by the runs that logged the same (decision 0007): the run's graph holds one link.
    const setting = iris.setting(impl, key, value);
    const typed = paramLiteral(value);
    add(run, mls.hasInput, setting);
    add(setting, mls.specifiedBy, hp);
    add(setting, mls.hasValue, typed);
    if (mapped && mapped.name !== key) add(setting, rg.loggedKey, stringLiteral(key));
    if (value.raw !== typed.value) add(setting, rg.rawValue, stringLiteral(value.raw));
    if (mapped?.mapping.default !== undefined) add(setting, rg.isDefault, booleanLiteral(sameValue(value, mapped.mapping.default)));
    if (mapped?.mapping.canonical) add(setting, rg.canonicalValue, canonicalValue(value, mapped.mapping));
  }
  if (!resolved) return;
  // Parameters the run did not log took the library default. Those with a canonical concept are
  // recorded as settings marked as defaults, so cross-library and reuse queries see them; the rest
  // stay answerable from the hyperparameter's rg:defaultValue without a setting per run (a library
  // such as LightGBM has a hundred parameters, which would multiply every run's size).
  for (const [name, hp] of Object.entries(resolved.mapping.hyperparameters)) {
    if (given.has(name) || hp.default === undefined || !hp.canonical || given.has(`concept:${hp.canonical}`)) continue;
    const setting = iris.setting(impl, name);
    add(run, mls.hasInput, setting);
    add(setting, mls.specifiedBy, iris.hyperParameter(impl, name));
    add(setting, mls.hasValue, typedDefault(hp));
    add(setting, rg.isDefault, booleanLiteral(true));
    if (hp.canonical) {
      const sentinel = sentinelMeaning(hp.default, hp);
      add(setting, rg.canonicalValue, sentinel ? stringLiteral(sentinel) : typeof hp.default === 'number' ? transformed(hp.default, hp) : undefined);
    }
  }
}

function typedDefault(hp: HyperParameterMapping) {
  return hp.type === 'float' && typeof hp.default === 'number' ? doubleLiteral(hp.default) : defaultLiteral(hp.default);
}

function sameValue(value: ParamValue, fallback: unknown): boolean {
  if (typeof fallback === 'number' && (value.type === 'integer' || value.type === 'float')) return Number(value.value) === fallback;
  return JSON.stringify(value.value) === JSON.stringify(fallback);
}

function canonicalValue(value: ParamValue, hp: HyperParameterMapping) {
  const sentinel = sentinelMeaning(value.value, hp);
  if (sentinel) return stringLiteral(sentinel);
  if (value.type === 'integer' || value.type === 'float') return transformed(Number(value.value), hp);
  return paramLiteral(value);
}

/**
 * A value the library gives a special meaning (LightGBM max_depth -1, scikit-learn None: "unlimited")
 * is compared by that meaning, so equivalent settings of different libraries get the same canonical value.
 */
function sentinelMeaning(value: unknown, hp: HyperParameterMapping): string | undefined {
  const plain = typeof value === 'bigint' ? Number(value) : value;
  for (const s of hp.sentinels) {
    if (s.value !== undefined && JSON.stringify(s.value) === JSON.stringify(plain ?? null)) return s.means;
    if (s.atMost !== undefined && typeof plain === 'number' && plain <= s.atMost) return s.means;
  }
  return undefined;
}

/** Applies the mapping's declared value relation (native → canonical). */
function transformed(native: number, hp: HyperParameterMapping) {
  const transform = hp.relation?.transform ?? 'identity';
  const value = { identity: native, inverse: 1 / native, negate: -native, log10: Math.log10(native), 'one-minus': 1 - native }[transform];
  return transform === 'identity' && Number.isInteger(native) && hp.type !== 'float' ? integerLiteral(native) : doubleLiteral(value);
}

function mapMetrics(record: RunRecord, run: NamedNode, mappings: MappingSet, add: Add): void {
  for (const [key, points] of Object.entries(record.metrics)) {
    if (points.length === 0) continue;
    const resolved = mappings.resolveMetric(key);
    const measure = measureOf(key, resolved, add);
    const direction = resolved ? mappings.measures[resolved.measure].direction : undefined;
    const ordered = [...points].sort((a, b) => a.step - b.step || (a.timestamp ?? 0) - (b.timestamp ?? 0));
    const last = ordered[ordered.length - 1];
    // The key itself names a summary (`best_val_accuracy`): its latest value is that summary.
    const named = resolved?.aggregation && resolved.aggregation !== 'Last' ? rg[resolved.aggregation] : undefined;
    const evaluation = iris.inRun(run, 'eval', key, named ? named.value.slice(NS.rg.length).toLowerCase() : 'last');
    add(run, mls.hasOutput, evaluation);
    add(evaluation, rdf.type, mls.ModelEvaluation);
    add(evaluation, mls.specifiedBy, measure);
    add(evaluation, mls.hasValue, doubleLiteral(last.value));
    add(evaluation, dcterms.identifier, stringLiteral(key));
    add(evaluation, rg.step, integerLiteral(last.step));
    add(evaluation, rg.onSplit, resolved?.split ? SPLITS[resolved.split] : undefined);
    add(evaluation, rg.aggregation, named ?? rg.Last);
    add(evaluation, prov.generatedAtTime, last.timestamp === undefined ? undefined : dateTimeLiteral(new Date(last.timestamp).toISOString()));
    // The best point is two properties of the one evaluation per metric, not a node of its own
    // (decision 0003, revised in 0.3.0): that node cost about seven quads per metric.
    const best = !named && direction ? bestPoint(ordered, direction) : undefined;
    if (best) {
      add(evaluation, rg.bestValue, doubleLiteral(best.value));
      add(evaluation, rg.bestStep, integerLiteral(best.step));
    }
    // The whole history rides on the same evaluation (decision 0003): a node of its own would cost
    // four more quads per metric, in every run.
    if (ordered.length > 1) {
      add(evaluation, rg.pointCount, integerLiteral(ordered.length));
      add(evaluation, rg.seriesData, DataFactory.literal(encodeSeries(ordered), rdf.JSON));
    }
  }
}

function bestPoint(points: MetricPoint[], direction: 'maximize' | 'minimize'): MetricPoint | undefined {
  let best: MetricPoint | undefined;
  for (const p of points) {
    if (Number.isNaN(p.value)) continue;
    if (!best || (direction === 'maximize' ? p.value > best.value : p.value < best.value)) best = p;
  }
  return best;
}
