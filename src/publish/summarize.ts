/**
 * A publication's runs read back from its quads as plain objects: what index.html and the RO-Crate
 * describe. Reading the published (redacted, rebased) quads means neither can show what was withheld.
 */
import { Store } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { NS, dcterms, mls, prov, rdf, rdfs, rg, schema, skos, spdx } from '../vocab/namespaces.js';

export interface ConceptSummary {
  iri: string;
  label: string;
  /** Wikidata entity IRIs (skos:exactMatch or owl:sameAs). */
  wikidata: string[];
}

export interface SettingSummary {
  iri: string;
  key: string;
  value: Term;
  isDefault: boolean;
  /** The native hyperparameter (FormalParameter in the RO-Crate). */
  parameter?: string;
}

export interface EvaluationSummary {
  iri: string;
  key: string;
  value: number;
  aggregation: 'last' | 'best' | 'other';
  measure?: ConceptSummary;
  step?: number;
  /** The best point of the metric's history, carried by its last evaluation (rg:bestValue, rg:bestStep). */
  best?: { value: number; step?: number };
}

export interface EntitySummary {
  iri: string;
  name?: string;
  /** Checksum values with their algorithm when known (`md5`, `sha256`), else `digest`. */
  checksums: { algorithm: string; value: string }[];
  url?: string;
}

export interface SoftwareSummary {
  iri: string;
  name: string;
  version?: string;
  wikidata: string[];
}

export interface RunSummary {
  iri: string;
  id: string;
  tracker: string;
  label?: string;
  status?: string;
  actionStatus?: string;
  startTime?: string;
  endTime?: string;
  experiment?: string;
  implementation?: { iri: string; id: string; library?: SoftwareSummary; algorithm?: ConceptSummary };
  settings: SettingSummary[];
  evaluations: EvaluationSummary[];
  datasets: EntitySummary[];
  models: EntitySummary[];
  software: SoftwareSummary[];
  /** Who ran it: present only when a rule allowed publishing user names. */
  agents: { iri: string; name?: string }[];
}

const OWL_SAME_AS = `${NS.owl}sameAs`;

export function summarizeRuns(quads: Quad[]): RunSummary[] {
  const store = new Store(quads);
  const one = (s: Term, p: { value: string }): Term | undefined => store.getObjects(s, p.value, null)[0];
  const all = (s: Term, p: { value: string }): Term[] => store.getObjects(s, p.value, null);
  const text = (s: Term, p: { value: string }): string | undefined => one(s, p)?.value;
  const isA = (s: Term, t: { value: string }): boolean => store.countQuads(s, rdf.type.value, t.value, null) > 0;
  const wikidata = (s: Term): string[] =>
    [...all(s, skos.exactMatch), ...store.getObjects(s, OWL_SAME_AS, null)].map((t) => t.value).filter((v) => v.startsWith(NS.wd)).sort();
  const concept = (t: Term | undefined): ConceptSummary | undefined =>
    t && { iri: t.value, label: text(t, skos.prefLabel) ?? text(t, rdfs.label) ?? t.value.replace(/^.*[/#]/, ''), wikidata: wikidata(t) };
  const software = (t: Term): SoftwareSummary => ({ iri: t.value, name: text(t, schema.name) ?? t.value, version: text(t, schema.softwareVersion), wikidata: wikidata(t) });
  const entity = (t: Term): EntitySummary => ({
    iri: t.value,
    name: text(t, rdfs.label) ?? text(t, schema.name) ?? text(t, dcterms.identifier),
    checksums: all(t, spdx.checksum).flatMap((c) => all(c, spdx.checksumValue).map((v) => ({ algorithm: checksumAlgorithm(v.value), value: v.value }))),
    url: text(t, schema.contentUrl),
  });

  return store
    .getSubjects(rdf.type.value, mls.Run.value, null)
    .sort((a, b) => a.value.localeCompare(b.value))
    .map((run): RunSummary => {
      const impl = one(run, mls.executes);
      const library = impl && one(impl, rg.library);
      const inputs = all(run, mls.hasInput);
      const outputs = all(run, mls.hasOutput);
      return {
        iri: run.value,
        id: text(run, dcterms.identifier) ?? run.value,
        tracker: text(run, rg.tracker) ?? '',
        label: text(run, rdfs.label),
        status: one(run, rg.runStatus)?.value.replace(/^.*#/, ''),
        actionStatus: text(run, schema.actionStatus),
        startTime: text(run, prov.startedAtTime),
        endTime: text(run, prov.endedAtTime),
        experiment: store.getSubjects(mls.hasPart.value, run, null).map((e) => text(e, dcterms.title) ?? text(e, dcterms.identifier)).find(Boolean),
        implementation: impl && {
          iri: impl.value,
          id: text(impl, dcterms.identifier) ?? impl.value,
          library: library && software(library),
          algorithm: concept(one(impl, mls.implements)),
        },
        settings: inputs
          .filter((i) => isA(i, mls.HyperParameterSetting))
          .map((s) => {
            const parameter = one(s, mls.specifiedBy);
            // Named by its hyperparameter, or by the alias it was logged under (decision 0005); an
            // archive made before 0.3.0 named the setting itself.
            const key = text(s, rg.loggedKey) ?? text(s, dcterms.identifier) ?? (parameter && text(parameter, dcterms.identifier)) ?? '';
            return { iri: s.value, key, value: one(s, mls.hasValue)!, isDefault: text(s, rg.isDefault) === 'true', parameter: parameter?.value };
          })
          .filter((s) => s.value !== undefined)
          .sort((a, b) => a.key.localeCompare(b.key)),
        evaluations: outputs
          .filter((o) => isA(o, mls.ModelEvaluation))
          .map((e) => {
            const aggregations = all(e, rg.aggregation).map((a) => a.value);
            const step = text(e, rg.step);
            const bestValue = text(e, rg.bestValue);
            const bestStep = text(e, rg.bestStep);
            return {
              iri: e.value,
              key: text(e, dcterms.identifier) ?? '',
              value: Number(text(e, mls.hasValue)),
              aggregation: aggregations.includes(rg.Last.value) ? ('last' as const) : aggregations.includes(rg.Best.value) ? ('best' as const) : ('other' as const),
              measure: concept(one(e, mls.specifiedBy)),
              step: step === undefined ? undefined : Number(step),
              best: bestValue === undefined ? undefined : { value: Number(bestValue), step: bestStep === undefined ? undefined : Number(bestStep) },
            };
          })
          .sort((a, b) => a.key.localeCompare(b.key) || a.aggregation.localeCompare(b.aggregation)),
        datasets: inputs.filter((i) => isA(i, mls.Dataset)).map(entity),
        models: outputs.filter((o) => isA(o, mls.Model)).map(entity),
        software: all(run, rg.usedSoftware).map(software).sort((a, b) => a.name.localeCompare(b.name)),
        agents: all(run, prov.wasAssociatedWith).map((a) => ({ iri: a.value, name: text(a, rdfs.label) })),
      };
    });
}

function checksumAlgorithm(value: string): string {
  if (/^[0-9a-f]{64}$/i.test(value)) return 'sha256';
  if (/^[0-9a-f]{32}$/i.test(value)) return 'md5';
  if (/^[0-9a-f]{40}$/i.test(value)) return 'sha1';
  return 'digest';
}
