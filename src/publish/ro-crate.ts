/**
 * ro-crate-metadata.json (RO-Crate 1.1) following the Process Run Crate profile, as the Workflow Run
 * Crate family models runs: each run a CreateAction whose instrument is the implementation (a
 * SoftwareApplication), whose object holds its datasets and hyperparameter values (PropertyValues linked by
 * exampleOfWork to the implementation's FormalParameters), and whose result holds its models and
 * evaluations. Datasets and models are data entities under the publication base, with their checksums.
 */
import type { Term } from '@rdfjs/types';
import { NS } from '../vocab/namespaces.js';
import type { ConceptSummary, EntitySummary, RunSummary, SoftwareSummary } from './summarize.js';

export const RO_CRATE_CONTEXT = 'https://w3id.org/ro/crate/1.1/context';
export const WORKFLOW_RUN_CONTEXT = 'https://w3id.org/ro/terms/workflow-run/context';
export const RO_CRATE_SPEC = 'https://w3id.org/ro/crate/1.1';
export const PROCESS_RUN_CRATE = 'https://w3id.org/ro/wfrun/process/0.5';
export const FORMAL_PARAMETER_PROFILE = 'https://bioschemas.org/profiles/FormalParameter/1.0-RELEASE';

type Entity = Record<string, unknown> & { '@id': string; '@type': string | string[] };
const ref = (id: string) => ({ '@id': id });

export function buildRoCrate(runs: RunSummary[], options: { title: string; datePublished: string; description?: string; license?: string }): { '@context': unknown; '@graph': Entity[] } {
  const entities = new Map<string, Entity>();
  const put = (e: Entity): void => {
    const existing = entities.get(e['@id']);
    entities.set(e['@id'], existing ? { ...e, ...existing } : e);
  };
  const dataEntities = new Set<string>();

  for (const run of runs) {
    const object: { '@id': string }[] = [];
    const result: { '@id': string }[] = [];
    for (const d of run.datasets) {
      put(dataEntity(d, 'Dataset'));
      dataEntities.add(d.iri);
      object.push(ref(d.iri));
    }
    for (const s of run.settings) {
      if (s.parameter) put({ '@id': s.parameter, '@type': 'FormalParameter', name: s.key, additionalType: additionalType(s.value), conformsTo: ref(FORMAL_PARAMETER_PROFILE) });
      put({ '@id': s.iri, '@type': 'PropertyValue', name: s.key, value: jsonValue(s.value), ...(s.parameter ? { exampleOfWork: ref(s.parameter) } : {}) });
      object.push(ref(s.iri));
    }
    for (const m of run.models) {
      put(dataEntity(m, 'File'));
      dataEntities.add(m.iri);
      result.push(ref(m.iri));
    }
    for (const e of run.evaluations) {
      if (e.measure) put(definedTerm(e.measure));
      put({
        '@id': e.iri,
        '@type': 'PropertyValue',
        name: `${e.key} (${e.aggregation})`,
        value: Number.isFinite(e.value) ? e.value : String(e.value),
        ...(e.measure ? { propertyID: e.measure.iri } : {}),
      });
      result.push(ref(e.iri));
      if (e.best) {
        // The best point is a property of the last evaluation in the graph; the crate lists it as a value of its own.
        const id = `${e.iri}#best`;
        put({ '@id': id, '@type': 'PropertyValue', name: `${e.key} (best)`, value: Number.isFinite(e.best.value) ? e.best.value : String(e.best.value), ...(e.measure ? { propertyID: e.measure.iri } : {}) });
        result.push(ref(id));
      }
    }
    const impl = run.implementation;
    if (impl) {
      if (impl.library) put(software(impl.library));
      if (impl.algorithm) put(definedTerm(impl.algorithm));
      const parameters = [...new Set(run.settings.map((s) => s.parameter).filter((p): p is string => p !== undefined))];
      put({
        '@id': impl.iri,
        '@type': 'SoftwareApplication',
        name: impl.id,
        ...(impl.library?.version ? { softwareVersion: impl.library.version } : {}),
        ...(impl.library ? { isPartOf: ref(impl.library.iri) } : {}),
        ...(impl.algorithm ? { about: ref(impl.algorithm.iri) } : {}),
        ...(parameters.length ? { input: parameters.map(ref) } : {}),
      });
    }
    for (const agent of run.agents) put({ '@id': agent.iri, '@type': 'Person', ...(agent.name ? { name: agent.name } : {}) });
    put({
      '@id': run.iri,
      '@type': 'CreateAction',
      name: run.label ?? `${run.tracker} run ${run.id}`,
      identifier: run.id,
      ...(impl ? { instrument: ref(impl.iri) } : {}),
      object,
      result,
      ...(run.startTime ? { startTime: run.startTime } : {}),
      ...(run.endTime ? { endTime: run.endTime } : {}),
      ...(run.actionStatus ? { actionStatus: ref(run.actionStatus) } : {}),
      ...(run.agents.length ? { agent: run.agents.map((a) => ref(a.iri)) } : {}),
    });
  }

  const graph: Entity[] = [
    { '@id': 'ro-crate-metadata.json', '@type': 'CreativeWork', conformsTo: ref(RO_CRATE_SPEC), about: ref('./') },
    {
      '@id': './',
      '@type': 'Dataset',
      name: options.title,
      description: options.description ?? `${runs.length} machine-learning run${runs.length === 1 ? '' : 's'} published by rungraph`,
      datePublished: options.datePublished,
      ...(options.license ? { license: ref(options.license) } : {}),
      conformsTo: ref(PROCESS_RUN_CRATE),
      hasPart: [...dataEntities].sort().map(ref),
      mentions: runs.map((r) => ref(r.iri)),
    },
    { '@id': PROCESS_RUN_CRATE, '@type': 'CreativeWork', name: 'Process Run Crate', version: '0.5' },
    ...[...entities.values()].sort((a, b) => a['@id'].localeCompare(b['@id'])),
  ];
  return { '@context': [RO_CRATE_CONTEXT, WORKFLOW_RUN_CONTEXT], '@graph': graph };
}

function dataEntity(e: EntitySummary, type: 'Dataset' | 'File'): Entity {
  const sha256 = e.checksums.find((c) => c.algorithm === 'sha256');
  return {
    '@id': e.iri,
    '@type': type,
    ...(e.name ? { name: e.name } : {}),
    ...(e.url ? { contentUrl: e.url } : {}),
    ...(sha256 ? { sha256: sha256.value } : {}),
    ...(e.checksums.length ? { identifier: e.checksums.map((c) => ({ '@type': 'PropertyValue', propertyID: c.algorithm, value: c.value })) } : {}),
  };
}

function definedTerm(c: ConceptSummary): Entity {
  return { '@id': c.iri, '@type': 'DefinedTerm', name: c.label, ...(c.wikidata.length ? { sameAs: c.wikidata.map(ref) } : {}) };
}

function software(s: SoftwareSummary): Entity {
  return { '@id': s.iri, '@type': 'SoftwareApplication', name: s.name, ...(s.version ? { softwareVersion: s.version } : {}), ...(s.wikidata.length ? { sameAs: s.wikidata.map(ref) } : {}) };
}

/** Bioschemas FormalParameter additionalType names the value's type. */
function additionalType(value: Term): string {
  const dt = value.termType === 'Literal' ? value.datatype.value : '';
  if (dt === `${NS.xsd}integer`) return 'Integer';
  if (dt === `${NS.xsd}double`) return 'Float';
  if (dt === `${NS.xsd}boolean`) return 'Boolean';
  if (dt === `${NS.rdf}JSON`) return 'DataStructure';
  return 'Text';
}

function jsonValue(value: Term): unknown {
  const dt = value.termType === 'Literal' ? value.datatype.value : '';
  if (dt === `${NS.xsd}integer` && Number.isSafeInteger(Number(value.value))) return Number(value.value);
  if (dt === `${NS.xsd}double` && Number.isFinite(Number(value.value))) return Number(value.value);
  if (dt === `${NS.xsd}boolean`) return value.value === 'true';
  return value.value;
}
