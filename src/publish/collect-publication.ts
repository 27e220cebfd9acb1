/**
 * Gathers what a publication holds: the selected runs' graphs, the graphs of the shared entities they
 * mention (implementations, hyperparameters, datasets, code, software, experiments, measures), and the
 * concept definitions they use from the vocabulary graph. Graph names are bound as terms, never spliced.
 * Import bookkeeping (digests, the absolute import root) and links to runs outside the selection stay out.
 * Settings, untyped in the archive to keep runs small (decision 0005), are typed again here.
 */
import { DataFactory } from 'n3';
import type { NamedNode, Quad } from '@rdfjs/types';
import { iris } from '../mapping/iris.js';
import type { MappingSet } from '../mapping/mapping-set.js';
import type { Store } from '../store/store.js';
import { NS, mls, rdf, rg, schema, skos } from '../vocab/namespaces.js';
import { bindParameters } from '../query/bind-parameters.js';
import { verifiedWikidataIds } from './wikidata-ids.js';

const GRAPH_QUADS = 'SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }';
const OWL_SAME_AS = DataFactory.namedNode(`${NS.owl}sameAs`);
const RUN_PREFIX = `${NS.id}run/`;
const CONCEPT_BASES = [NS.rga, NS.rgh, NS.rgm];
/**
 * Archive bookkeeping: meaningful to the importer only. The root is an absolute local path, and the
 * stored source record repeats the run raw, unfiltered by the mapping.
 */
const INTERNAL = new Set([rg.contentDigest.value, rg.sourceRoot.value, `${NS.rg}sourceRecord`]);

export async function collectPublication(store: Store, runs: NamedNode[], mappings?: MappingSet): Promise<Quad[]> {
  const selected = new Set(runs.map((r) => r.value));
  const out: Quad[] = [];
  const seenGraphs = new Set<string>();
  const seenConcepts = new Set<string>();
  let graphs = runs.map((r) => r.value);
  let concepts: string[] = [];
  while (graphs.length > 0 || concepts.length > 0) {
    const found = [
      ...(graphs.length ? await quadsOf(store, bindParameters(GRAPH_QUADS, new Map([['g', graphs.map((g) => DataFactory.namedNode(g))]]))) : []),
      ...(concepts.length ? await quadsOf(store, bindParameters(GRAPH_QUADS.replace('?g', `<${iris.graph.vocabulary.value}>`), new Map([['s', concepts.map((c) => DataFactory.namedNode(c))]]))) : []),
    ];
    for (const g of graphs) seenGraphs.add(g);
    for (const c of concepts) seenConcepts.add(c);
    graphs = [];
    concepts = [];
    for (const q of found) {
      if (INTERNAL.has(q.predicate.value)) continue;
      // A parent run outside the selection is not published: do not point at it.
      if (q.object.value.startsWith(RUN_PREFIX) && !isInSelection(q.object.value, selected)) continue;
      out.push(q);
      for (const term of [q.subject, q.object]) {
        if (term.termType !== 'NamedNode') continue;
        const v = term.value;
        if (v.startsWith(NS.id) && !v.startsWith(RUN_PREFIX) && !seenGraphs.has(v)) {
          seenGraphs.add(v);
          graphs.push(v);
        }
        // Concepts the data uses, their broader concepts and schemes; not every concept a concept mentions.
        const followed = term === q.subject || !q.predicate.equals(rg.appliesToAlgorithm);
        const isConcept = CONCEPT_BASES.some((b) => v.startsWith(b)) || q.predicate.equals(skos.inScheme);
        if (followed && isConcept && !seenConcepts.has(v)) {
          seenConcepts.add(v);
          concepts.push(v);
        }
      }
    }
  }
  return [...dedupe(filterWikidata(out)), ...softwareLinks(out, mappings), ...settingTypes(out)];
}

/**
 * A run's input with an mls:specifiedBy is a hyperparameter setting: the archive leaves that implicit,
 * a publication read on its own says it (and redaction withholds settings as whole nodes by their type).
 */
function settingTypes(quads: Quad[]): Quad[] {
  const specified = new Set(quads.filter((q) => q.predicate.equals(mls.specifiedBy)).map((q) => q.subject.value));
  const settings = quads.filter((q) => q.predicate.equals(mls.hasInput) && q.object.termType === 'NamedNode' && specified.has(q.object.value));
  return dedupe(settings.map((q) => DataFactory.quad(q.object as NamedNode, rdf.type, mls.HyperParameterSetting)));
}

function isInSelection(iri: string, selected: Set<string>): boolean {
  for (const run of selected) if (iri === run || iri.startsWith(`${run}/`)) return true;
  return false;
}

async function quadsOf(store: Store, sparql: string): Promise<Quad[]> {
  const result = await store.query(sparql);
  if (result.type !== 'bindings') throw new TypeError('unexpected result form');
  return result.rows.map((r) => DataFactory.quad(r.get('s') as Quad['subject'], r.get('p') as Quad['predicate'], r.get('o') as Quad['object']));
}

/** Only ids on the verified list reach a publication, whatever an extra mapping directory says. */
function filterWikidata(quads: Quad[]): Quad[] {
  const allowed = verifiedWikidataIds();
  return quads.filter((q) => !(q.object.value.startsWith(NS.wd) && !allowed.has(q.object.value.slice(NS.wd.length))));
}

/** Software items are the same individuals as Wikidata's: owl:sameAs from the library mappings. */
function softwareLinks(quads: Quad[], mappings: MappingSet | undefined): Quad[] {
  if (!mappings) return [];
  const allowed = verifiedWikidataIds();
  const byPackage = new Map(mappings.libraries.filter((l) => l.wikidata && allowed.has(l.wikidata.id)).map((l) => [l.package.toLowerCase(), l.wikidata!.id]));
  const software = new Set(quads.filter((q) => q.predicate.equals(rdf.type) && q.object.equals(mls.Software)).map((q) => q.subject.value));
  const links: Quad[] = [];
  for (const q of quads) {
    if (!software.has(q.subject.value) || !q.predicate.equals(schema.name)) continue;
    const id = byPackage.get(q.object.value.toLowerCase());
    if (id) links.push(DataFactory.quad(q.subject, OWL_SAME_AS, DataFactory.namedNode(NS.wd + id)));
  }
  return dedupe(links);
}

function dedupe(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const o = q.object;
    const key = `${q.subject.value} ${q.predicate.value} ${o.termType} ${o.value} ${o.termType === 'Literal' ? `${o.datatype.value}@${o.language}` : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
