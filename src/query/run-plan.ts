/**
 * A planned run, as `rungraph reuse` reads it (JSON or YAML), and its canonical form: aliases resolved
 * to the library's own parameter names, unlogged parameters filled with the mapping's defaults, and
 * canonical values computed through the mapping's declared value relations and sentinels.
 */
import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { checkYamlBudget } from '../yaml-budget.js';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { paramLiteral } from '../mapping/literals.js';
import type { HyperParameterMapping, MappingSet, ResolvedImplementation } from '../mapping/mapping-set.js';
import { paramFromValue, parseParamString } from '../model/param-value.js';

export const RunPlan = z
  .object({
    /** Class or function to train, any alias the mappings know (sklearn.ensemble.RandomForestClassifier). */
    implementation: z.string().min(1).optional(),
    /** Algorithm concept (RandomForest or rga:RandomForest) when any implementation will do. */
    algorithm: z.string().min(1).optional(),
    /** Library versions (PyPI name → version), to pick the mapping file that applies. */
    libraries: z.record(z.string(), z.string()).default({}),
    /** Native names (or aliases) with an implementation; canonical concept names with an algorithm. */
    hyperparameters: z.record(z.string(), z.unknown()).default({}),
    dataset: z.union([z.string().min(1), z.object({ digest: z.string().optional(), name: z.string().optional() })]),
    split: z.string().optional(),
    measure: z.string().optional(),
    /** Parameters a near run may differ in. */
    vary: z.array(z.string()).default([]),
  })
  .refine((p) => p.implementation || p.algorithm, { message: 'a plan names an implementation or an algorithm' })
  .refine((p) => typeof p.dataset === 'string' || p.dataset.digest || p.dataset.name, { message: 'dataset needs a digest or a name', path: ['dataset'] });

export type RunPlan = z.input<typeof RunPlan>;

/** One setting in canonical form: a normalised native value and, when mapped, the canonical concept's value. */
export interface CanonicalSetting {
  /** The library's own parameter name (aliases resolved). */
  name: string;
  value: string;
  canonical?: string;
  canonicalValue?: string;
  isSeed: boolean;
  isDefault: boolean;
}

export interface CanonicalPlan {
  implementation?: string;
  algorithm?: string;
  dataset: string;
  split?: string;
  measure?: string;
  vary: string[];
  settings: CanonicalSetting[];
}

export function readRunPlan(file: string): z.output<typeof RunPlan> {
  let data: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    checkYamlBudget(text);
    data = parseYaml(text);
  } catch (e) {
    throw new InputError(`${file}: not JSON or YAML: ${(e as Error).message.split('\n')[0]}`, { context: { file }, cause: e });
  }
  return parseRunPlan(data, file);
}

export function parseRunPlan(data: unknown, file = 'plan'): z.output<typeof RunPlan> {
  const parsed = RunPlan.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InputError(`${file}: ${first.path.join('.') || '(plan)'}: ${first.message}`, { context: { file, field: first.path.join('.') } });
  }
  return parsed.data;
}

const SEED = 'RandomSeed';
const SEED_NAMES = /^(random_?)?seed$|^random_state$/i;

export function canonicalisePlan(plan: z.output<typeof RunPlan>, mappings: MappingSet): CanonicalPlan {
  const dataset = typeof plan.dataset === 'string' ? plan.dataset : (plan.dataset.digest ?? plan.dataset.name)!;
  const base = { dataset, split: plan.split, measure: plan.measure, vary: plan.vary };
  if (plan.implementation) {
    const resolved = mappings.resolveImplementation(plan.implementation, plan.libraries);
    if (!resolved) {
      // Unknown to the mappings: compare the logged names as they are.
      const settings = Object.entries(plan.hyperparameters).map(([name, v]) => ({ name, value: normalise(v), isSeed: SEED_NAMES.test(name), isDefault: false }));
      return { ...base, implementation: plan.implementation, algorithm: plan.algorithm, settings };
    }
    return { ...base, implementation: resolved.id, algorithm: resolved.mapping.algorithm, settings: canonicalSettings(resolved, plan.hyperparameters, mappings) };
  }
  const algorithm = plan.algorithm!.replace(/^rga:/, '');
  if (!mappings.algorithms[algorithm]) throw new InputError(`unknown algorithm "${plan.algorithm}"`, { context: { field: 'algorithm' }, hint: 'use a concept name from mappings/concepts/algorithms.yaml' });
  const settings = Object.entries(plan.hyperparameters).map(([name, v]) => {
    const concept = name.replace(/^rgh:/, '');
    if (!mappings.hyperparameters[concept]) throw new InputError(`plan by algorithm: "${name}" is not a canonical hyperparameter concept`, { context: { field: `hyperparameters.${name}` } });
    return { name: concept, value: normalise(v), canonical: concept, canonicalValue: normalise(v), isSeed: concept === SEED, isDefault: false };
  });
  return { ...base, algorithm, settings };
}

/** The canonical form of native settings of a mapped implementation, defaults filled in. */
export function canonicalSettings(resolved: ResolvedImplementation, given: Record<string, unknown>, mappings: MappingSet): CanonicalSetting[] {
  const out = new Map<string, CanonicalSetting>();
  for (const [key, raw] of Object.entries(given)) {
    const mapped = mappings.resolveParameter(resolved.mapping, key);
    const name = mapped?.name ?? key;
    out.set(name, setting(name, raw, mapped?.mapping, false));
  }
  for (const [name, hp] of Object.entries(resolved.mapping.hyperparameters)) {
    if (!out.has(name) && hp.default !== undefined) out.set(name, setting(name, hp.default, hp, true));
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function setting(name: string, raw: unknown, hp: HyperParameterMapping | undefined, isDefault: boolean): CanonicalSetting {
  const value = normalise(raw);
  const canonical = hp?.canonical;
  return { name, value, canonical, canonicalValue: canonical ? canonicalValue(raw, hp!) : undefined, isSeed: canonical ? canonical === SEED : SEED_NAMES.test(name), isDefault };
}

/**
 * A value as the archive's literal would show it, numbers in one spelling (300 = 300.0). Text is typed
 * as trackers' logged strings are ("100" → 100, "None" → null), so a plan may copy logged params.
 */
export function normalise(raw: unknown): string {
  const text = paramLiteral(typeof raw === 'string' ? parseParamString(raw) : paramFromValue(raw)).value;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? String(Number(text)) : text;
}

/** Sentinels become their meaning (so sklearn None and LightGBM -1 are both "unlimited"); numbers go through the relation. */
function canonicalValue(raw: unknown, hp: HyperParameterMapping): string {
  for (const s of hp.sentinels) {
    if (s.value !== undefined && JSON.stringify(s.value) === JSON.stringify(raw ?? null)) return `(${s.means})`;
    if (s.atMost !== undefined && typeof raw === 'number' && raw <= s.atMost) return `(${s.means})`;
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (Number.isNaN(n)) return normalise(raw);
  const transform = hp.relation?.transform ?? 'identity';
  const value = { identity: n, inverse: 1 / n, negate: -n, log10: Math.log10(n), 'one-minus': 1 - n }[transform];
  return String(Number(value.toPrecision(12)));
}
