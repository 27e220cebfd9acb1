/**
 * A run's settings and tags found the way a query finds them, whatever their IRIs (decisions 0005 and
 * 0007): settings are the run's inputs that have mls:specifiedBy, named by the key the run logged
 * (rg:loggedKey), else by the hyperparameter; tags are what rg:hasTag links to, named by rg:tagKey.
 */
import type { Quad } from '@rdfjs/types';
import { dcterms, mls, rdf, rg } from '../../src/vocab/namespaces.js';

export const objectsOf = (quads: Quad[], s: string, p: string): string[] => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);

/** Key → setting IRI, for `run` (default: the one mls:Run among the quads). */
export function settingsByKey(quads: Quad[], run?: string): Map<string, string> {
  const subject = run ?? quads.find((q) => q.predicate.equals(rdf.type) && q.object.equals(mls.Run))!.subject.value;
  const settings = objectsOf(quads, subject, mls.hasInput.value).filter((s) => objectsOf(quads, s, mls.specifiedBy.value).length > 0);
  return new Map(
    settings.map((s) => {
      const [hp] = objectsOf(quads, s, mls.specifiedBy.value);
      const [key] = [...objectsOf(quads, s, rg.loggedKey.value), ...objectsOf(quads, hp, dcterms.identifier.value)];
      return [key, s];
    }),
  );
}

/** The typed value (lexical form) of the setting `run` logged under `key`. */
export function settingValue(quads: Quad[], run: string, key: string): string | undefined {
  const setting = settingsByKey(quads, run).get(key);
  return setting === undefined ? undefined : objectsOf(quads, setting, mls.hasValue.value)[0];
}

/** The value of the tag `run` logged under `key`. */
export function tagValue(quads: Quad[], run: string, key: string): string | undefined {
  const tag = objectsOf(quads, run, rg.hasTag.value).find((t) => objectsOf(quads, t, rg.tagKey.value).includes(key));
  return tag === undefined ? undefined : objectsOf(quads, tag, rg.tagValue.value)[0];
}
