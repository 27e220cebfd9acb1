/**
 * The loaded mappings: concept schemes plus per-library files, shipped ones first and user
 * directories (`--mappings DIR`) after them, so users extend or override what ships.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import semver from 'semver';
import type { z } from 'zod';
import { InputError, type Issue } from '../errors.js';
import { packagePath, packageVersion } from '../package-root.js';
import {
  AlgorithmScheme, HyperParameterScheme, LibraryMapping, MeasureScheme,
  type HyperParameterMapping, type ImplementationMapping,
} from './mapping-schema.js';
import { readYamlFile } from './yaml-file.js';

type Concepts<S extends { concepts: Record<string, unknown> }> = S['concepts'];

export interface ResolvedImplementation {
  /** The canonical identifier (the mapping's key), whatever alias the run logged. */
  id: string;
  library: LibraryMapping;
  /** The library version the run reported, when it did. */
  libraryVersion?: string;
  mapping: ImplementationMapping;
}

export interface ResolvedParameter {
  /** The library's own (non-alias) name. */
  name: string;
  mapping: HyperParameterMapping;
}

export interface ResolvedMetric {
  measure: string;
  split?: 'TrainingSplit' | 'ValidationSplit' | 'TestSplit';
  /** When the key names a summary of the series (`best_val_acc`: Best), not its raw values. */
  aggregation?: 'Best' | 'Mean' | 'Min' | 'Max' | 'Last';
}

export class MappingSet {
  readonly algorithms: Concepts<AlgorithmScheme> = {};
  readonly hyperparameters: Concepts<HyperParameterScheme> = {};
  readonly measures: Concepts<MeasureScheme> = {};
  readonly splits: MeasureScheme['splits'] = {};
  readonly aggregations: MeasureScheme['aggregations'] = {};
  readonly libraries: LibraryMapping[] = [];
  /** Package version plus a digest of every mapping file read: recorded on each run it normalises. */
  readonly version: string;
  readonly files: string[];
  private readonly byImplementation = new Map<string, { id: string; library: LibraryMapping }[]>();
  private readonly measureByAlias = new Map<string, string>();

  private constructor(files: string[], digest: string) {
    this.files = files;
    this.version = `${packageVersion}+${digest}`;
  }

  /**
   * Loads the shipped mappings and then each extra directory. Returns the issues of files that
   * failed validation (those files are skipped); `loadMappings` throws on them instead.
   */
  static load(extraDirectories: string[] = [], options: { shipped?: boolean } = {}): { set: MappingSet; issues: Issue[] } {
    const directories = [...(options.shipped === false ? [] : [packagePath('mappings')]), ...extraDirectories];
    const files = directories.flatMap((d) => yamlFilesUnder(d));
    const hash = createHash('sha256');
    for (const f of files) hash.update(path.basename(f)).update(fs.readFileSync(f));
    const set = new MappingSet(files, hash.digest('hex').slice(0, 12));
    const issues: Issue[] = [];
    for (const file of files) issues.push(...set.add(file));
    set.index();
    return { set, issues };
  }

  private add(file: string): Issue[] {
    const head = fs.readFileSync(file, 'utf8');
    const kind = /^scheme:\s*(\w+)/m.exec(head)?.[1];
    // The allowed Wikidata id list is read by lint only.
    if (kind === 'wikidata') return [];
    if (kind === 'algorithms') return this.merge(file, AlgorithmScheme, (v) => Object.assign(this.algorithms, v.concepts));
    if (kind === 'hyperparameters') return this.merge(file, HyperParameterScheme, (v) => Object.assign(this.hyperparameters, v.concepts));
    if (kind === 'measures') {
      return this.merge(file, MeasureScheme, (v) => {
        Object.assign(this.measures, v.concepts);
        Object.assign(this.splits, v.splits);
        Object.assign(this.aggregations, v.aggregations);
      });
    }
    return this.merge(file, LibraryMapping, (v) => {
      // A user file describing the same library version replaces the shipped one.
      const same = this.libraries.findIndex((l) => l.library === v.library && l.describes === v.describes);
      if (same >= 0) this.libraries.splice(same, 1, v);
      else this.libraries.push(v);
    });
  }

  private merge<S extends z.ZodType>(file: string, schema: S, apply: (value: z.infer<S>) => void): Issue[] {
    const result = readYamlFile(file, schema);
    if (!result.ok) return result.issues;
    apply(result.value);
    return [];
  }

  private index(): void {
    for (const library of this.libraries) {
      for (const [id, impl] of Object.entries(library.implementations)) {
        for (const name of [id, ...impl.aliases]) {
          const list = this.byImplementation.get(name) ?? [];
          list.push({ id, library });
          this.byImplementation.set(name, list);
        }
      }
    }
    for (const [name, measure] of Object.entries(this.measures)) {
      for (const alias of [name, measure.label, ...measure.aliases]) this.measureByAlias.set(normaliseKey(alias), name);
    }
  }

  /**
   * Finds the implementation a run names (any alias), choosing the mapping file whose `appliesTo`
   * covers the run's library version, else the newest file.
   */
  resolveImplementation(name: string, libraries: Record<string, string> = {}): ResolvedImplementation | undefined {
    const candidates = this.byImplementation.get(name) ?? this.byImplementation.get(stripCallSuffix(name));
    if (!candidates || candidates.length === 0) return undefined;
    const versionOf = (l: LibraryMapping): string | undefined => libraries[l.package] ?? libraries[l.package.toLowerCase()];
    const covering = candidates.filter((c) => {
      const v = semver.coerce(versionOf(c.library) ?? '');
      return v !== null && semver.satisfies(v, c.library.appliesTo, { includePrerelease: true });
    });
    const pool = covering.length > 0 ? covering : candidates;
    const chosen = [...pool].sort((a, b) => compareVersions(b.library.describes, a.library.describes))[0];
    return { id: chosen.id, library: chosen.library, libraryVersion: versionOf(chosen.library), mapping: chosen.library.implementations[chosen.id] };
  }

  /** The hyperparameter a native key (or one of its aliases) names, for an implementation. */
  resolveParameter(impl: ImplementationMapping, key: string): ResolvedParameter | undefined {
    if (impl.hyperparameters[key]) return { name: key, mapping: impl.hyperparameters[key] };
    for (const [name, mapping] of Object.entries(impl.hyperparameters)) if (mapping.aliases.includes(key)) return { name, mapping };
    return undefined;
  }

  /** Measure and split of a metric key: `val_acc` → Accuracy on ValidationSplit. */
  resolveMetric(key: string): ResolvedMetric | undefined {
    const normalised = normaliseKey(key);
    const direct = this.resolveNormalisedMetric(normalised);
    if (direct) return direct;
    // Only then an aggregation affix: `max_error` stays MaxError, `max_val_accuracy` is Accuracy, Max.
    for (const rule of Object.values(this.aggregations)) {
      for (const prefix of rule.prefixes) {
        const found = normalised.startsWith(prefix) ? this.resolveNormalisedMetric(normalised.slice(prefix.length)) : undefined;
        if (found) return { ...found, aggregation: rule.aggregation };
      }
      for (const suffix of rule.suffixes) {
        const found = normalised.endsWith(suffix) ? this.resolveNormalisedMetric(normalised.slice(0, -suffix.length)) : undefined;
        if (found) return { ...found, aggregation: rule.aggregation };
      }
    }
    return undefined;
  }

  private resolveNormalisedMetric(normalised: string): ResolvedMetric | undefined {
    const whole = this.measureByAlias.get(normalised);
    for (const rule of Object.values(this.splits)) {
      for (const prefix of rule.prefixes) {
        const measure = normalised.startsWith(prefix) ? this.measureByAlias.get(normalised.slice(prefix.length)) : undefined;
        if (measure) return { measure, split: rule.split };
      }
      for (const suffix of rule.suffixes) {
        const measure = normalised.endsWith(suffix) ? this.measureByAlias.get(normalised.slice(0, -suffix.length)) : undefined;
        if (measure) return { measure, split: rule.split };
      }
    }
    return whole ? { measure: whole } : undefined;
  }
}

/** Loads the mappings and throws InputError listing every invalid file. */
export function loadMappings(extraDirectories: string[] = [], options: { shipped?: boolean } = {}): MappingSet {
  const { set, issues } = MappingSet.load(extraDirectories, options);
  if (issues.length > 0) {
    const lines = issues.map((i) => `${i.file}${i.line ? `:${i.line}` : ''}: ${i.message}`);
    throw new InputError(`invalid mapping files:\n  ${lines.join('\n  ')}`, { context: { file: issues[0].file }, hint: 'run `rungraph mappings lint`' });
  }
  return set;
}

function yamlFilesUnder(directory: string): string[] {
  if (!fs.existsSync(directory)) throw new InputError(`mapping directory ${directory} does not exist`, { context: { file: directory } });
  const out: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  // Concept schemes first, so library files can be checked against them.
  return out.sort((a, b) => Number(!a.includes(`${path.sep}concepts${path.sep}`)) - Number(!b.includes(`${path.sep}concepts${path.sep}`)));
}

function normaliseKey(key: string): string {
  return key.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** OpenML flow names carry the constructor call: `sklearn.svm.SVC(...)`. */
function stripCallSuffix(name: string): string {
  return name.replace(/\(.*\)$/s, '');
}

function compareVersions(a: string, b: string): number {
  const va = semver.coerce(a);
  const vb = semver.coerce(b);
  if (!va || !vb) return a.localeCompare(b);
  return semver.compare(va, vb);
}

export type { HyperParameterMapping, ImplementationMapping };
