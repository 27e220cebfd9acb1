/**
 * QuickStatements v1 lines for the one kind of statement Wikidata accepts from a publication: an
 * existing software item uses (P2283) an algorithm, when the library's implementation of it was used by
 * the published runs, referenced by URL (S854) with the retrieval date (S813). Never an item for a run,
 * never a new item: both ends must already be linked, verified Wikidata ids.
 */
import { Store } from 'n3';
import type { Quad } from '@rdfjs/types';
import { NS, mls, rdf, rg, skos } from '../vocab/namespaces.js';
import { verifiedWikidataIds } from './wikidata-ids.js';

const USES = 'P2283';
const REFERENCE_URL = 'S854';
const RETRIEVED = 'S813';

export function quickStatements(quads: Quad[], options: { referenceUrl?: string; retrieved: Date }): string[] {
  const url = options.referenceUrl;
  if (!url || !/^https?:\/\/[^\s"<>\\^`{|}]+$/.test(url)) {
    throw new TypeError(`QuickStatements need a reference URL (an http(s) URL, --reference-url or --base), got ${JSON.stringify(url ?? '')}`);
  }
  const day = `+${options.retrieved.toISOString().slice(0, 10)}T00:00:00Z/11`;
  const store = new Store(quads);
  const allowed = verifiedWikidataIds();
  const wikidata = (iri: string, predicate: string): string[] =>
    store
      .getObjects(iri, predicate, null)
      .map((t) => t.value)
      .filter((v) => v.startsWith(NS.wd))
      .map((v) => v.slice(NS.wd.length))
      .filter((id) => /^Q\d+$/.test(id) && allowed.has(id));
  const lines = new Set<string>();
  for (const impl of store.getSubjects(rdf.type.value, mls.Implementation.value, null)) {
    const libraries = store.getObjects(impl, rg.library.value, null).flatMap((l) => wikidata(l.value, `${NS.owl}sameAs`));
    const algorithms = store.getObjects(impl, mls.implements.value, null).flatMap((a) => wikidata(a.value, skos.exactMatch.value));
    for (const library of libraries) {
      for (const algorithm of algorithms) {
        // XGBoost's id names both the library and the algorithm: "uses itself" says nothing.
        if (library !== algorithm) lines.add([library, USES, algorithm, REFERENCE_URL, `"${url}"`, RETRIEVED, day].join('\t'));
      }
    }
  }
  return [...lines].sort();
}
