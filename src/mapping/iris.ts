/**
 * Deterministic IRIs: the same run from the same tracker always gets the same IRI, so re-importing
 * replaces its graph instead of duplicating it. Path segments are percent-encoded, never hashed, so
 * IRIs stay readable; only free-text keys that could be long (dataset names without a digest) are hashed.
 */
import { createHash } from 'node:crypto';
import { DataFactory } from 'n3';
import type { NamedNode } from '@rdfjs/types';
import { NS } from '../vocab/namespaces.js';

const seg = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const iri = (...segments: string[]): NamedNode => DataFactory.namedNode(NS.id + segments.map(seg).join('/'));
const shortHash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

export const iris = {
  run: (tracker: string, runId: string) => iri('run', tracker, runId),
  /** Nodes that belong to one run (settings, evaluations, series…) hang below the run's IRI. */
  inRun: (run: NamedNode, ...segments: string[]) => DataFactory.namedNode(`${run.value}/${segments.map(seg).join('/')}`),
  experiment: (tracker: string, id: string) => iri('experiment', tracker, id),
  agent: (tracker: string, user: string) => iri('agent', tracker, user),
  dataset: (digest: string | undefined, name: string | undefined, source: string | undefined) =>
    digest ? iri('dataset', digest) : iri('dataset', 'by-name', shortHash(`${name ?? ''}\u0000${source ?? ''}`)),
  code: (repository: string | undefined, commit: string | undefined, entryPoint: string | undefined) =>
    iri('code', shortHash(`${repository ?? ''}\u0000${commit ?? ''}\u0000${entryPoint ?? ''}`)),
  software: (name: string, version: string | undefined) => iri('software', name.toLowerCase(), version ?? 'unversioned'),
  implementation: (library: string, version: string | undefined, id: string) => iri('implementation', library.toLowerCase(), version ?? 'unversioned', id),
  unversionedImplementation: (library: string, id: string) => iri('implementation', library.toLowerCase(), id),
  /**
   * A hyperparameter setting, shared by every run of the implementation that logged the same key with
   * the same text and type (decision 0007); a library default the run did not log is `…/default`. The
   * value is hashed, never spelled out: a logged secret must not become part of a name.
   */
  setting: (implementation: NamedNode, key: string, value?: { type: string; raw: string }) =>
    DataFactory.namedNode(`${implementation.value}/setting/${seg(key)}/${value === undefined ? 'default' : shortHash(`${value.type}\u0000${value.raw}`)}`),
  /** A tag, shared by every run that logged the same key and value (decision 0007); the value is hashed. */
  tag: (key: string, value: string) => DataFactory.namedNode(`${NS.id}tag/${seg(key)}/${shortHash(value)}`),
  /** Parameters of an implementation nobody mapped: one native HP per tracker and key. */
  hyperParameter: (implementation: NamedNode, name: string) => DataFactory.namedNode(`${implementation.value}#${seg(name)}`),
  unmappedImplementation: (tracker: string, name: string) => iri('implementation', 'unmapped', tracker, name),
  metric: (key: string) => iri('metric', key),
  /** A paper by arXiv id or DOI (readable), or by a digest of its URL or title. */
  publication: (kind: 'arxiv' | 'doi' | 'url' | 'title', key: string) =>
    kind === 'arxiv' || kind === 'doi' ? iri('publication', kind, key) : iri('publication', kind, shortHash(key)),
  graph: {
    /** Concept schemes and mapping-derived definitions, rewritten whenever mappings change. */
    vocabulary: DataFactory.namedNode(`${NS.id}graph/vocabulary`),
  },
};
