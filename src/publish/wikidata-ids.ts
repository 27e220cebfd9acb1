/**
 * The verified Wikidata id list (mappings/wikidata-verified.yaml): the only ids a publication may link
 * to, with the labels `wikidata check` compares against.
 */
import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { packagePath } from '../package-root.js';

export interface VerifiedId {
  label: string;
  confidence: string;
}

let cached: Map<string, VerifiedId> | undefined;

export function verifiedWikidataList(): Map<string, VerifiedId> {
  if (cached) return cached;
  const data = parseYaml(fs.readFileSync(packagePath('mappings', 'wikidata-verified.yaml'), 'utf8')) as { ids?: Record<string, VerifiedId> };
  cached = new Map(Object.entries(data.ids ?? {}));
  return cached;
}

export const verifiedWikidataIds = (): Set<string> => new Set(verifiedWikidataList().keys());
