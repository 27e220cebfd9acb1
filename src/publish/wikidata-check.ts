/**
 * `rungraph wikidata check`: asks a SPARQL endpoint (Wikidata's by default) for the labels of every
 * Wikidata id the mappings link to, and says which are confirmed, which carry another label (a wrong id,
 * or a label worth re-checking) and which the endpoint does not know. Ids are bound as terms.
 */
import { DataFactory } from 'n3';
import { StoreError } from '../errors.js';
import type { MappingSet } from '../mapping/mapping-set.js';
import { resultFromJson, type SparqlJsonResults } from '../store/sparql-results.js';
import { NS } from '../vocab/namespaces.js';
import { bindParameters } from '../query/bind-parameters.js';
import { verifiedWikidataList } from './wikidata-ids.js';

export const WIKIDATA_ENDPOINT = 'https://query.wikidata.org/sparql';

export interface WikidataLink {
  id: string;
  /** Our concepts or libraries linked to it. */
  linkedFrom: string[];
  /** Labels that would confirm it: ours and the verified list's. */
  expected: string[];
}

export interface LinkCheck extends WikidataLink {
  status: 'confirmed' | 'mismatch' | 'missing';
  /** Labels the endpoint gave. */
  labels: string[];
}

const LABELS = `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?item ?label WHERE {
  ?item rdfs:label|schema:name|skos:altLabel ?label .
  FILTER(LANG(?label) = "en" || LANG(?label) = "")
}`;

/** Every Wikidata link in the mappings: concepts (skos:exactMatch) and libraries (owl:sameAs). */
export function wikidataLinks(mappings: MappingSet): WikidataLink[] {
  const links = new Map<string, WikidataLink>();
  const add = (id: string, from: string, labels: string[]): void => {
    const link = links.get(id) ?? { id, linkedFrom: [], expected: [] };
    link.linkedFrom.push(from);
    link.expected.push(...labels);
    links.set(id, link);
  };
  const schemes = [
    [NS.rga, mappings.algorithms],
    [NS.rgh, mappings.hyperparameters],
    [NS.rgm, mappings.measures],
  ] as const;
  for (const [base, concepts] of schemes) {
    for (const [name, c] of Object.entries(concepts)) if (c.wikidata) add(c.wikidata.id, base + name, [c.label, ...c.altLabels]);
  }
  for (const library of mappings.libraries) if (library.wikidata) add(library.wikidata.id, `library ${library.library}`, [library.library, library.package]);
  const verified = verifiedWikidataList();
  for (const link of links.values()) {
    const label = verified.get(link.id)?.label;
    if (label) link.expected.push(label);
    link.expected = [...new Set(link.expected)];
  }
  return [...links.values()].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
}

export async function checkWikidataLinks(links: WikidataLink[], options: { endpoint?: string; timeoutMs?: number } = {}): Promise<LinkCheck[]> {
  const endpoint = options.endpoint ?? WIKIDATA_ENDPOINT;
  const labels = new Map<string, string[]>();
  // Batches keep each request well under the endpoint's URL and time limits.
  for (let i = 0; i < links.length; i += 50) {
    const batch = links.slice(i, i + 50);
    const sparql = bindParameters(LABELS, new Map([['item', batch.map((l) => DataFactory.namedNode(NS.wd + l.id))]]));
    for (const row of (await post(endpoint, sparql, options.timeoutMs ?? 30_000)).rows) {
      const id = row.get('item')!.value.slice(NS.wd.length);
      labels.set(id, [...(labels.get(id) ?? []), row.get('label')!.value]);
    }
  }
  return links.map((link) => {
    const found = labels.get(link.id) ?? [];
    const wanted = new Set(link.expected.map(normalise));
    const status = found.length === 0 ? 'missing' : found.some((l) => wanted.has(normalise(l))) ? 'confirmed' : 'mismatch';
    return { ...link, status, labels: [...new Set(found)].sort() };
  });
}

/** Case, punctuation and parenthetical notes ("XGBoost (algorithm and software)") do not count. */
const normalise = (label: string): string =>
  label
    .replace(/\([^)]*\)/g, ' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

async function post(endpoint: string, sparql: string, timeoutMs: number) {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json', 'user-agent': 'rungraph wikidata check' },
      body: new URLSearchParams({ query: sparql }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new StoreError(`cannot reach ${endpoint}: ${(e as Error).message}`, { context: { endpoint }, cause: e, hint: 'give a reachable SPARQL endpoint with --endpoint URL' });
  }
  if (!response.ok) throw new StoreError(`${endpoint} answered ${response.status} ${response.statusText}`, { context: { endpoint } });
  const result = resultFromJson((await response.json()) as SparqlJsonResults);
  if (result.type !== 'bindings') throw new StoreError(`${endpoint} did not answer with bindings`, { context: { endpoint } });
  return result;
}
