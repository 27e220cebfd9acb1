/**
 * `rungraph mappings lint`: checks mapping directories as a whole and returns every problem at once,
 * each with its file and line: schema errors, unknown keys, duplicate or conflicting aliases,
 * implementations claimed twice for overlapping versions, unknown concepts, defaults that contradict
 * their declared type, and Wikidata links outside the verified id list (mappings/wikidata-verified.yaml).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import semver from 'semver';
import { isMap, isSeq, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { Issue } from '../errors.js';
import { packagePath } from '../package-root.js';
import { AlgorithmScheme, HyperParameterScheme, LibraryMapping, MeasureScheme } from './mapping-schema.js';
import { lineOf, readYamlFile } from './yaml-file.js';

export interface LintOptions {
  /** Lint the shipped mappings/ too (default true), so user files can refer to shipped concepts. */
  shipped?: boolean;
  /** The allowed Wikidata id list; default mappings/wikidata-verified.yaml of the package. */
  wikidataList?: string;
}

const WikidataList = z.object({
  scheme: z.literal('wikidata'),
  ids: z.record(z.string().regex(/^Q\d+$/), z.object({ label: z.string(), confidence: z.enum(['verified', 'one-source']), note: z.string().optional() })),
});

type Location = { file: string; path: (string | number)[] };
type Kind = 'algorithms' | 'hyperparameters' | 'measures' | 'library' | 'wikidata';

/** One parsed file, kept with its YAML document so any path can be turned into a line. */
interface Parsed {
  file: string;
  kind: Kind;
  value: unknown;
  line: (p: (string | number)[]) => number | undefined;
}

/** Keys each level of a file may have: a misspelt key (`defualt`) is an error, not silently dropped. */
const KNOWN_KEYS = {
  top: { algorithms: ['scheme', 'concepts'], hyperparameters: ['scheme', 'concepts'], measures: ['scheme', 'splits', 'aggregations', 'concepts'], library: ['library', 'package', 'describes', 'appliesTo', 'wikidata', 'implementations'], wikidata: ['scheme', 'ids'] },
  concept: ['label', 'definition', 'altLabels', 'broader', 'wikidata', 'source', 'appliesTo', 'direction', 'aliases'],
  implementation: ['algorithm', 'aliases', 'hyperparameters', 'note'],
  hyperparameter: ['type', 'default', 'aliases', 'canonical', 'relation', 'sentinels', 'note'],
} as const;

export function lintMappings(directories: string[] = [], options: LintOptions = {}): Issue[] {
  const issues: Issue[] = [];
  const shipped = packagePath('mappings');
  const roots = [...new Set([...(options.shipped === false ? [] : [shipped]), ...directories].map((d) => path.resolve(d)))];
  const files: string[] = [];
  for (const root of roots) {
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
      issues.push(error('missing_directory', `mapping directory ${root} does not exist`, { file: root, path: [] }));
      continue;
    }
    files.push(...yamlFilesUnder(root));
  }
  const parsed: Parsed[] = [];
  for (const file of files) {
    const result = parseFile(file);
    issues.push(...result.issues);
    if (result.parsed) parsed.push(result.parsed);
  }
  const wikidataFile = options.wikidataList ?? path.join(shipped, 'wikidata-verified.yaml');
  const allowed = readYamlFile(wikidataFile, WikidataList);
  if (!allowed.ok) issues.push(...allowed.issues);
  issues.push(...checkConcepts(parsed, allowed.ok ? allowed.value.ids : undefined));
  return issues.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
}

/** Parsed files by path, reused while the file is unchanged (repeated lints re-read only user files). */
const parseCache = new Map<string, { stamp: string; result: { parsed?: Parsed; issues: Issue[] } }>();

function parseFile(file: string): { parsed?: Parsed; issues: Issue[] } {
  const stat = fs.statSync(file);
  const stamp = `${stat.mtimeMs}:${stat.size}`;
  const cached = parseCache.get(file);
  if (cached?.stamp === stamp) return cached.result;
  const result = parseUncached(file);
  parseCache.set(file, { stamp, result });
  return result;
}

function parseUncached(file: string): { parsed?: Parsed; issues: Issue[] } {
  const text = fs.readFileSync(file, 'utf8');
  const kindName = /^scheme:\s*(\w+)/m.exec(text)?.[1];
  const kind: Kind = kindName === undefined ? 'library' : (kindName as Kind);
  const schema = { algorithms: AlgorithmScheme, hyperparameters: HyperParameterScheme, measures: MeasureScheme, library: LibraryMapping, wikidata: WikidataList }[kind];
  if (!schema) return { issues: [error('unknown_scheme', `unknown scheme "${kindName}" (algorithms, hyperparameters, measures, wikidata, or a library file without scheme)`, { file, path: ['scheme'] }, 1)] };
  const result = readYamlFile(file, schema as z.ZodType);
  if (!result.ok) return { issues: result.issues };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const raw = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  const parsed: Parsed = { file, kind, value: result.value, line: (p) => keyLine(doc, lines, p) ?? lineOf(doc, lines, p) };
  return { parsed, issues: unknownKeys(parsed, raw) };
}

function unknownKeys(p: Parsed, raw: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const check = (node: unknown, allowed: readonly string[], at: (string | number)[]): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    for (const key of Object.keys(node)) {
      if (!allowed.includes(key)) issues.push(error('unknown_key', `${[...at, key].join('.')}: unknown key "${key}" (allowed: ${allowed.join(', ')})`, { file: p.file, path: [...at, key] }, p.line([...at, key])));
    }
  };
  check(raw, KNOWN_KEYS.top[p.kind], []);
  if (p.kind === 'library') {
    for (const [id, impl] of entries(raw.implementations)) {
      check(impl, KNOWN_KEYS.implementation, ['implementations', id]);
      for (const [name, hp] of entries((impl as Record<string, unknown>)?.hyperparameters)) check(hp, KNOWN_KEYS.hyperparameter, ['implementations', id, 'hyperparameters', name]);
    }
  } else if (p.kind !== 'wikidata') {
    for (const [name, concept] of entries(raw.concepts)) check(concept, KNOWN_KEYS.concept, ['concepts', name]);
  }
  return issues;
}

const entries = (v: unknown): [string, unknown][] => (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : []);

type WikidataIds = z.infer<typeof WikidataList>['ids'];
type Where = (string | number)[];

/** What the concept schemes define, gathered from every parsed file, plus the issue list being filled. */
interface Context {
  of: <K extends Kind>(kind: K) => Parsed[];
  names: Record<'algorithms' | 'hyperparameters' | 'measures', Set<string>>;
  /** Whether a canonical hyperparameter's appliesTo covers an algorithm or one of its broader concepts. */
  applicable: (canonical: string, algorithm: string) => boolean;
  appliesTo: Map<string, string[]>;
  allowedIds?: WikidataIds;
  report: (code: string, message: string, p: Parsed, where: Where, severity?: Issue['severity']) => void;
}

function checkConcepts(parsed: Parsed[], allowedIds: WikidataIds | undefined): Issue[] {
  const issues: Issue[] = [];
  const of = <K extends Kind>(kind: K) => parsed.filter((p) => p.kind === kind);
  const names = { algorithms: new Set<string>(), hyperparameters: new Set<string>(), measures: new Set<string>() };
  for (const kind of ['algorithms', 'hyperparameters', 'measures'] as const) {
    for (const p of of(kind)) for (const name of Object.keys((p.value as { concepts: object }).concepts)) names[kind].add(name);
  }
  const broaderOf = new Map<string, string | undefined>();
  const appliesTo = new Map<string, string[]>();
  for (const p of of('algorithms')) for (const [name, c] of Object.entries((p.value as AlgorithmScheme).concepts)) broaderOf.set(name, c.broader);
  for (const p of of('hyperparameters')) for (const [name, c] of Object.entries((p.value as HyperParameterScheme).concepts)) appliesTo.set(name, c.appliesTo);
  const applicable = (canonical: string, algorithm: string): boolean => {
    const allowed = appliesTo.get(canonical) ?? [];
    const seen = new Set<string>();
    for (let a: string | undefined = algorithm; a && !seen.has(a); a = broaderOf.get(a)) {
      if (allowed.includes(a)) return true;
      seen.add(a);
    }
    return allowed.length === 0;
  };
  const report: Context['report'] = (code, message, p, where, severity = 'error') =>
    void issues.push({ ...error(code, message, { file: p.file, path: where }, p.line(where)), severity });
  const context: Context = { of, names, applicable, appliesTo, allowedIds, report };
  checkSchemes(context);
  checkMetricKeys(context);
  checkLibraries(context);
  return issues;
}

function checkWikidata(context: Context, p: Parsed, link: { id: string; confidence: string } | undefined, where: Where): void {
  if (!link || !context.allowedIds) return;
  const entry = context.allowedIds[link.id];
  if (!entry) context.report('unverified_wikidata', `Wikidata id ${link.id} is not in the verified id list; leave the concept unlinked`, p, [...where, 'id']);
  else if (entry.confidence !== link.confidence) {
    context.report('wrong_wikidata_confidence', `Wikidata id ${link.id} (${entry.label}) has confidence ${entry.confidence} in the verified list, not ${link.confidence}`, p, [...where, 'confidence']);
  }
}

/** Concept schemes: broader and appliesTo must name concepts; Wikidata links must be allowed. */
function checkSchemes(context: Context): void {
  const { of, names, report } = context;
  for (const kind of ['algorithms', 'hyperparameters', 'measures'] as const) {
    for (const p of of(kind)) {
      const concepts = (p.value as { concepts: Record<string, { broader?: string; appliesTo?: string[]; wikidata?: { id: string; confidence: string } }> }).concepts;
      for (const [name, concept] of Object.entries(concepts)) {
        if (concept.broader && !names[kind].has(concept.broader)) report('unknown_concept', `${name}: broader concept ${concept.broader} is not in the ${kind} scheme`, p, ['concepts', name, 'broader']);
        (concept.appliesTo ?? []).forEach((a, i) => {
          if (!names.algorithms.has(a)) report('unknown_concept', `${name}: appliesTo ${a} is not an algorithm concept`, p, ['concepts', name, 'appliesTo', i]);
        });
        checkWikidata(context, p, concept.wikidata, ['concepts', name, 'wikidata']);
      }
    }
  }
}

/** Each normalised metric key (a measure's name, label or alias) may belong to one measure only. */
function checkMetricKeys({ of, report }: Context): void {
  const owners = new Map<string, { measure: string; p: Parsed; where: Where }>();
  for (const p of of('measures')) {
    for (const [name, measure] of Object.entries((p.value as MeasureScheme).concepts)) {
      const keys: [string, Where][] = [[name, ['concepts', name]], [measure.label, ['concepts', name, 'label']], ...measure.aliases.map((a, i): [string, Where] => [a, ['concepts', name, 'aliases', i]])];
      for (const [key, where] of keys) {
        const normalised = normaliseMetricKey(key);
        const owner = owners.get(normalised);
        if (!owner) owners.set(normalised, { measure: name, p, where });
        else if (owner.measure !== name) {
          report('conflicting_metric_alias', `metric key "${key}" is claimed by ${owner.measure} (${owner.p.file}:${owner.p.line(owner.where) ?? '?'}) and by ${name}`, p, where);
        }
      }
    }
  }
}

/** Library files: concepts exist and apply, aliases are unambiguous, implementations are not claimed twice. */
function checkLibraries(context: Context): void {
  const { of, names, applicable, appliesTo, report } = context;
  const claims = new Map<string, Claim[]>();
  const seenLibraries = new Map<string, Parsed>();
  for (const p of of('library')) {
    const lib = p.value as LibraryMapping;
    if (!semver.validRange(lib.appliesTo)) report('invalid_version_range', `appliesTo "${lib.appliesTo}" is not a version range`, p, ['appliesTo']);
    checkWikidata(context, p, lib.wikidata, ['wikidata']);
    const libraryKey = `${lib.library}\u0000${lib.describes}`;
    const earlier = seenLibraries.get(libraryKey);
    // The same library version in another root is a user override; in the same root it is a mistake.
    if (earlier && path.dirname(earlier.file) === path.dirname(p.file)) {
      report('duplicate_library_file', `${lib.library} ${lib.describes} is also described by ${earlier.file}; one file would silently replace the other`, p, ['describes']);
    }
    seenLibraries.set(libraryKey, p);
    for (const [id, impl] of Object.entries(lib.implementations)) {
      const base = ['implementations', id];
      if (!names.algorithms.has(impl.algorithm)) report('unknown_concept', `${id}: algorithm ${impl.algorithm} is not in the algorithms scheme`, p, [...base, 'algorithm']);
      [id, ...impl.aliases].forEach((name, i) => {
        const list = claims.get(name) ?? [];
        list.push({ id, p, lib, where: i === 0 ? base : [...base, 'aliases', i - 1] });
        claims.set(name, list);
      });
      checkParameters(context, p, id, impl.hyperparameters);
      for (const [name, hp] of Object.entries(impl.hyperparameters)) {
        if (hp.canonical && names.hyperparameters.has(hp.canonical) && names.algorithms.has(impl.algorithm) && !applicable(hp.canonical, impl.algorithm)) {
          report('canonical_not_applicable', `${id}.${name}: ${hp.canonical} is declared for ${appliesTo.get(hp.canonical)!.join(', ')}, not for ${impl.algorithm} or a broader algorithm; widen its appliesTo or pick another concept`, p, [...base, 'hyperparameters', name, 'canonical'], 'warning');
        }
      }
    }
  }
  for (const [name, list] of claims) checkClaims(context, name, list);
}

interface Claim {
  id: string;
  p: Parsed;
  lib: LibraryMapping;
  where: Where;
}

/** One implementation name may belong to one implementation, except across disjoint versions of a library. */
function checkClaims({ report }: Context, name: string, list: Claim[]): void {
  for (let i = 1; i < list.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [list[j], list[i]];
      if (a.p === b.p && a.id === b.id) {
        report('duplicate_alias', `${a.id}: name "${name}" is listed twice`, b.p, b.where);
      } else if (a.p === b.p || (a.lib.library === b.lib.library && a.lib.describes !== b.lib.describes && rangesOverlap(a.lib.appliesTo, b.lib.appliesTo))) {
        report('conflicting_implementation', `implementation name "${name}" is claimed by ${a.id} (${a.p.file}:${a.p.line(a.where) ?? '?'}, ${a.lib.appliesTo}) and ${b.id} (${b.lib.appliesTo}) for overlapping versions`, b.p, b.where);
      } else if (a.lib.library !== b.lib.library) {
        report('conflicting_implementation', `implementation name "${name}" is claimed by library ${a.lib.library} (${a.p.file}) and ${b.lib.library}`, b.p, b.where);
      }
    }
  }
}

/** Within one implementation: canonical concepts exist, aliases are unambiguous, defaults fit their type. */
function checkParameters({ names, report }: Context, p: Parsed, id: string, hyperparameters: LibraryMapping['implementations'][string]['hyperparameters']): void {
  const owner = new Map<string, string>();
  for (const name of Object.keys(hyperparameters)) owner.set(name, name);
  for (const [name, hp] of Object.entries(hyperparameters)) {
    const base = ['implementations', id, 'hyperparameters', name];
    const issue = (code: string, message: string, where: Where): void => report(code, `${id}.${name}: ${message}`, p, where);
    if (hp.canonical && !names.hyperparameters.has(hp.canonical)) issue('unknown_concept', `canonical ${hp.canonical} is not in the hyperparameters scheme`, [...base, 'canonical']);
    hp.aliases.forEach((alias, i) => {
      const other = owner.get(alias);
      if (other === name) issue('duplicate_alias', `alias "${alias}" repeats the name or another alias`, [...base, 'aliases', i]);
      else if (other) issue('conflicting_alias', `alias "${alias}" also names ${other}`, [...base, 'aliases', i]);
      else owner.set(alias, name);
    });
    if (!defaultMatchesType(hp.type, hp.default)) issue('default_type_mismatch', `default ${JSON.stringify(hp.default)} is not of type ${hp.type}`, [...base, 'default']);
    if (hp.relation && hp.relation.transform !== 'identity' && !hp.canonical) issue('relation_without_canonical', `a ${hp.relation.transform} relation needs a canonical concept`, [...base, 'relation']);
  }
}

/** null means "not set" (None) and fits every type; `any` takes anything. */
function defaultMatchesType(type: string, value: unknown): boolean {
  if (value === undefined || value === null || type === 'any') return true;
  switch (type) {
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'float': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    case 'string': return typeof value === 'string';
    case 'list': return Array.isArray(value);
    case 'object': return typeof value === 'object' && !Array.isArray(value);
    default: return true;
  }
}

function rangesOverlap(a: string, b: string): boolean {
  try {
    return semver.intersects(a, b, { includePrerelease: true });
  } catch {
    return false;
  }
}

/** The line of the key that names the path's last segment (so an implementation points at its name, not its body). */
function keyLine(doc: Document, lines: LineCounter, at: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  for (const [index, segment] of at.entries()) {
    const last = index === at.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return undefined;
      const key = pair.key as { range?: [number, number, number] };
      if (last) return key.range ? lines.linePos(key.range[0]).line : undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (last) return range ? lines.linePos(range[0]).line : undefined;
    } else return undefined;
  }
  return undefined;
}

/** The same normalisation the loader applies to metric keys. */
export function normaliseMetricKey(key: string): string {
  return key.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function yamlFilesUnder(directory: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

function error(code: string, message: string, loc: Location, line?: number): Issue {
  return { code, message, path: loc.path, file: loc.file, line, severity: 'error' };
}
