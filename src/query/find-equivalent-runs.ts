/**
 * Reuse of prior results: given a planned run, find archived runs that are equivalent to it (same
 * implementation or algorithm, same dataset, same settings after canonicalisation, same seed) and near
 * ones that differ only in the seed or only in parameters the plan names in `vary`, with their results.
 */
import type { MappingSet } from '../mapping/mapping-set.js';
import { parseParamString } from '../model/param-value.js';
import type { Store } from '../store/store.js';
import { NS } from '../vocab/namespaces.js';
import { loadCatalogue } from './named-query.js';
import { runNamedQuery, type ParameterValues } from './run-query.js';
import { canonicalisePlan, canonicalSettings, normalise, parseRunPlan, type CanonicalPlan, type CanonicalSetting, type RunPlan } from './run-plan.js';

export interface Difference {
  parameter: string;
  planned?: string;
  actual?: string;
}

export interface RunMatch {
  run: string;
  id: string;
  implementation: string;
  /** equivalent; near because only the seed differs; near because only `vary` parameters (and maybe the seed) differ. */
  kind: 'equivalent' | 'seed' | 'parameters';
  /** native: same implementation, compared on native settings; canonical: compared on canonical values (another library, or a plan by algorithm). */
  via: 'native' | 'canonical';
  differences: Difference[];
  seed: { planned?: string; actual?: string };
  results: { split: string; value: number }[];
}

export interface ReuseReport {
  plan: CanonicalPlan;
  measure: string;
  equivalent: RunMatch[];
  near: RunMatch[];
}

type Row = Record<string, string>;
interface Candidate { id: string; implementation: string; via: RunMatch['via']; values: Record<string, unknown> }

/** Adds each run's settings; a run already collected (same implementation) keeps its native comparison. */
async function collect(runs: Map<string, Candidate>, settingRows: Row[], via: RunMatch['via']): Promise<void> {
  const fresh = new Set<string>();
  for (const r of settingRows) {
    if (runs.has(r.run) && !fresh.has(r.run)) continue;
    fresh.add(r.run);
    const entry = runs.get(r.run) ?? { id: r.id, implementation: r.implementation, via, values: {} };
    entry.values[r.parameter] = parseParamString(r.value).value;
    runs.set(r.run, entry);
  }
}

export async function findEquivalentRuns(store: Store, plan: RunPlan | unknown, mappings: MappingSet): Promise<ReuseReport> {
  const canonical = canonicalisePlan(parseRunPlan(plan), mappings);
  const catalogue = loadCatalogue();
  const byImplementation = canonical.implementation !== undefined;
  const runs = new Map<string, Candidate>();
  if (byImplementation) await collect(runs, await rows(store, catalogue.get('list-run-settings')!, { dataset: canonical.dataset, implementation: canonical.implementation! }), 'native');
  // Other implementations of the algorithm meet the plan on canonical values (declared relations applied).
  if (canonical.algorithm) await collect(runs, await rows(store, catalogue.get('list-run-settings')!, { dataset: canonical.dataset, algorithm: NS.rga + canonical.algorithm }), 'canonical');

  const measure = canonical.measure ?? 'rgm:Accuracy';
  const resultValues: ParameterValues = { dataset: canonical.dataset, measure };
  if (canonical.split) resultValues.split = canonical.split;
  const results = new Map<string, { split: string; value: number }[]>();
  for (const r of await rows(store, catalogue.get('list-run-results')!, resultValues)) {
    results.set(r.run, [...(results.get(r.run) ?? []), { split: r.split.replace(/^.*\//, ''), value: Number(r.value) }]);
  }

  const report: ReuseReport = { plan: canonical, measure, equivalent: [], near: [] };
  for (const [run, candidate] of runs) {
    const theirs = candidateSettings(candidate.implementation, candidate.values, mappings);
    const match = compare(canonical, theirs, candidate.via === 'native');
    if (!match) continue;
    const full: RunMatch = { run, id: candidate.id, implementation: candidate.implementation, via: candidate.via, ...match, results: results.get(run) ?? [] };
    (full.kind === 'equivalent' ? report.equivalent : report.near).push(full);
  }
  const order = (a: RunMatch, b: RunMatch) => a.kind.localeCompare(b.kind) || a.differences.length - b.differences.length || a.id.localeCompare(b.id);
  report.equivalent.sort(order);
  report.near.sort(order);
  return report;
}

/** A candidate's settings in the same canonical form as the plan's (it already has defaults filled in). */
function candidateSettings(implementation: string, values: Record<string, unknown>, mappings: MappingSet): CanonicalSetting[] {
  const resolved = mappings.resolveImplementation(implementation);
  if (resolved) return canonicalSettings(resolved, values, mappings);
  return Object.entries(values).map(([name, v]) => ({ name, value: normalise(v), isSeed: /^(random_?)?seed$|^random_state$/i.test(name), isDefault: false }));
}

function compare(plan: CanonicalPlan, theirs: CanonicalSetting[], byImplementation: boolean): Omit<RunMatch, 'run' | 'id' | 'implementation' | 'via' | 'results'> | undefined {
  // Natively, names and values must agree; canonically, the plan's canonical concepts must.
  const key = (s: CanonicalSetting) => (byImplementation ? s.name : s.canonical);
  const value = (s: CanonicalSetting) => (byImplementation ? s.value : s.canonicalValue);
  const mine = new Map(plan.settings.filter((s) => key(s) !== undefined).map((s) => [key(s)!, s]));
  const other = new Map(theirs.filter((s) => key(s) !== undefined).map((s) => [key(s)!, s]));
  const names = byImplementation ? new Set([...mine.keys(), ...other.keys()]) : new Set(mine.keys());
  const differences: Difference[] = [];
  const seed: RunMatch['seed'] = {};
  let seedDiffers = false;
  for (const name of [...names].sort()) {
    const a = mine.get(name);
    const b = other.get(name);
    if (a?.isSeed || b?.isSeed) {
      seed.planned = a && value(a);
      seed.actual = b && value(b);
      seedDiffers = seed.planned !== seed.actual;
      continue;
    }
    if ((a && value(a)) !== (b && value(b))) differences.push({ parameter: name, planned: a && value(a), actual: b && value(b) });
  }
  if (differences.length === 0) return { kind: seedDiffers ? 'seed' : 'equivalent', differences, seed };
  if (differences.every((d) => plan.vary.includes(d.parameter))) return { kind: 'parameters', differences, seed };
  return undefined;
}

async function rows(store: Store, query: Parameters<typeof runNamedQuery>[1], values: ParameterValues): Promise<Row[]> {
  const result = await runNamedQuery(store, query, values);
  if (result.type !== 'bindings') return [];
  return result.rows.map((r) => Object.fromEntries([...r].map(([k, v]) => [k, v.value])));
}
