/**
 * Seed-aware comparison: runs on one dataset that differ only in their random seed form a group; each
 * group gets n, mean ± sd, a 95% CI and its best value, and two groups get a Welch t-test telling whether
 * their difference exceeds the seed-to-seed noise. Groups that used different dataset versions or
 * splits are flagged, since their numbers are not comparable. Only finished runs count: a failed, killed or
 * still running run's last value is not a result, so such runs are left out and listed with their status.
 */
import { InputError } from '../errors.js';
import type { MappingSet } from '../mapping/mapping-set.js';
import type { Store } from '../store/store.js';
import { parseParamString } from '../model/param-value.js';
import { NS, rg } from '../vocab/namespaces.js';
import { canonicalSettings, normalise, type CanonicalSetting } from './run-plan.js';
import { loadCatalogue } from './named-query.js';
import { runNamedQuery, type ParameterValues } from './run-query.js';
import { summarize, welchTest, type Summary, type WelchTest } from './seed-statistics.js';

export const GROUP_BY = ['algorithm', 'implementation', 'library'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface CompareOptions {
  /** Dataset name or content digest. */
  dataset: string;
  /** Measure concept IRI or prefixed name (rgm:Accuracy). */
  measure: string;
  split?: string;
  by?: GroupBy;
}

/** A run left out of a group's statistics because it did not finish. */
export interface LeftOutRun {
  id: string;
  /** `failed`, `killed`, `running` or `unknown`. */
  status: string;
}

/** A group of runs none of which finished: it has no statistics, only the runs left out. */
export interface UnfinishedGroup {
  label: string;
  split: string;
  settings: string[];
  leftOut: LeftOutRun[];
}

export interface SeedGroup extends Summary {
  /** What the group is (an algorithm, implementation or library@version) plus its split. */
  label: string;
  split: string;
  /** The non-seed settings every run in the group shares, `name=value`, sorted. */
  settings: string[];
  best: number;
  bestRun: string;
  runs: string[];
  digests: string[];
  /** Runs with the same label, split and settings that did not finish, so are not in n, mean or best. */
  leftOut: LeftOutRun[];
}

export interface Comparison {
  measure: string;
  direction: 'maximize' | 'minimize' | undefined;
  groups: SeedGroup[];
  /** Groups in which no run finished. */
  unfinished: UnfinishedGroup[];
  /** Present when there are exactly two groups with at least two runs each. */
  test?: WelchTest & { a: string; b: string; exceedsNoise: boolean };
  warnings: string[];
}

/** Parameters that are seeds when no mapping says so (unmapped implementations). */
const SEED_NAMES = /^(random_?)?seed$|^random_state$/i;

interface ResultRow { run: string; id: string; split: string; value: number; digest: string; algorithm?: string; implementation: string; library?: string; libraryVersion?: string }

export async function compareSeedGroups(store: Store, options: CompareOptions, mappings: MappingSet): Promise<Comparison> {
  const by = options.by ?? 'implementation';
  if (!GROUP_BY.includes(by)) throw new RangeError(`--by must be one of ${GROUP_BY.join(', ')}`);
  const catalogue = loadCatalogue();
  const values: ParameterValues = { dataset: options.dataset, measure: options.measure };
  if (options.split) values.split = options.split;
  const results = await rows(store, catalogue.get('list-run-results')!, values);
  if (results.length === 0) {
    throw new InputError(`no run on dataset "${options.dataset}" has a value of ${options.measure}${options.split ? ` on ${options.split}` : ''}`, {
      context: { field: 'dataset' },
      hint: 'rungraph query find-comparable-results lists the dataset, measure and split combinations in the archive',
    });
  }
  const statuses = new Map((await rows(store, catalogue.get('list-runs-by-status')!, {})).map((r) => [r.run, statusName(r.status)]));
  const settingRows = await rows(store, catalogue.get('list-run-settings')!, { dataset: options.dataset });
  const logged = new Map<string, { implementation: string; values: Record<string, unknown> }>();
  for (const s of settingRows) {
    const entry = logged.get(s.run) ?? { implementation: s.implementation, values: {} };
    entry.values[s.parameter] = parseParamString(s.value).value;
    logged.set(s.run, entry);
  }
  // Canonical form (aliases resolved, every mapped default filled in), so a run that logged a default
  // and one that did not still fall in the same group.
  const signature = new Map<string, string[]>();
  for (const [run, { implementation, values }] of logged) {
    const resolved = mappings.resolveImplementation(implementation);
    const settings: CanonicalSetting[] = resolved
      ? canonicalSettings(resolved, values, mappings)
      : Object.entries(values).map(([name, v]) => ({ name, value: normalise(v), isSeed: SEED_NAMES.test(name), isDefault: false }));
    signature.set(run, settings
      .filter((s) => !s.isSeed && (by !== 'algorithm' || s.canonical))
      // By algorithm, runs of different libraries meet on canonical values; native-only settings are ignored.
      .map((s) => (by === 'algorithm' ? `${s.canonical}=${s.canonicalValue}` : `${s.name}=${s.value}`)));
  }

  const groups = new Map<string, { label: string; split: string; settings: string[]; rows: ResultRow[]; leftOut: LeftOutRun[] }>();
  for (const r of results as unknown as ResultRow[]) {
    const label = by === 'algorithm' ? localName(r.algorithm) ?? r.implementation
      : by === 'library' ? `${r.library ?? '?'}@${r.libraryVersion ?? '?'} ${r.implementation}` : r.implementation;
    const shared = [...new Set(signature.get(r.run) ?? [])].sort();
    const key = JSON.stringify([label, r.split, shared]);
    const group = groups.get(key) ?? { label, split: r.split, settings: shared, rows: [], leftOut: [] };
    const status = statuses.get(r.run) ?? 'unknown';
    if (status === 'finished') group.rows.push({ ...r, value: Number(r.value) });
    else group.leftOut.push({ id: r.id, status });
    groups.set(key, group);
  }

  const measureName = localName(expand(options.measure));
  const direction = measureName ? mappings.measures[measureName]?.direction : undefined;
  const better = (a: number, b: number) => (direction === 'minimize' ? a < b : a > b);
  const byId = (a: LeftOutRun, b: LeftOutRun) => a.id.localeCompare(b.id);
  const unfinished: UnfinishedGroup[] = [...groups.values()].filter((g) => g.rows.length === 0)
    .map((g) => ({ label: g.label, split: localName(g.split) ?? g.split, settings: g.settings, leftOut: g.leftOut.sort(byId) }));
  const summaries: SeedGroup[] = [...groups.values()].filter((g) => g.rows.length > 0).map((g) => {
    const best = g.rows.reduce((x, y) => (better(y.value, x.value) ? y : x));
    return {
      ...summarize(g.rows.map((r) => r.value)),
      label: g.label,
      split: localName(g.split) ?? g.split,
      settings: g.settings,
      best: best.value,
      bestRun: best.id,
      runs: g.rows.map((r) => r.id).sort(),
      digests: [...new Set(g.rows.map((r) => r.digest))].sort(),
      leftOut: g.leftOut.sort(byId),
    };
  });
  summaries.sort((a, b) => (better(a.mean, b.mean) ? -1 : better(b.mean, a.mean) ? 1 : a.label.localeCompare(b.label)));

  const comparison: Comparison = { measure: options.measure, direction, groups: summaries, unfinished, warnings: warnings(summaries) };
  for (const g of unfinished) comparison.warnings.push(`${describe(g)} has no finished run (${countStatuses(g.leftOut)}): left out`);
  if (summaries.length === 2) {
    const [a, b] = summaries;
    const test = welchTest(a, b);
    // Name each group by what sets it apart: its label, or when labels agree, the settings the other lacks.
    const own = (g: SeedGroup, other: SeedGroup) => ({ ...g, settings: g.label === other.label ? g.settings.filter((x) => !other.settings.includes(x)) : [] });
    if (test) comparison.test = { ...test, a: describe(own(a, b)), b: describe(own(b, a)), exceedsNoise: test.p < 0.05 };
    else comparison.warnings.push('a Welch t-test needs at least two seeds per group');
  }
  return comparison;
}

export const describe = (g: Pick<SeedGroup, 'label' | 'settings' | 'split'>): string => `${g.label}${g.settings.length > 0 ? ` (${g.settings.join(', ')})` : ''} on ${g.split}`;

/** `2 failed, 1 killed`: how many runs of each status were left out. */
export function countStatuses(runs: LeftOutRun[]): string {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([status, n]) => `${n} ${status}`).join(', ');
}

/** rg:Failed → `failed`, rg:UnknownStatus → `unknown`. */
function statusName(iri: string): string {
  return iri === rg.UnknownStatus.value ? 'unknown' : (localName(iri) ?? iri).toLowerCase();
}

function warnings(groups: SeedGroup[]): string[] {
  const out: string[] = [];
  for (const g of groups) if (g.digests.length > 1) out.push(`${describe(g)} mixes dataset versions ${g.digests.join(', ')}`);
  const versions = new Set(groups.map((g) => g.digests.join(',')));
  if (versions.size > 1) out.push(`groups used different dataset versions (${[...versions].join(' / ')}): their results are not comparable`);
  const splits = new Set(groups.map((g) => g.split));
  if (splits.size > 1) out.push(`groups were evaluated on different splits (${[...splits].join(', ')}): their results are not comparable`);
  return out;
}

async function rows(store: Store, query: Parameters<typeof runNamedQuery>[1], values: ParameterValues): Promise<Record<string, string>[]> {
  const result = await runNamedQuery(store, query, values);
  if (result.type !== 'bindings') return [];
  return result.rows.map((r) => Object.fromEntries([...r].map(([k, v]) => [k, v.value])));
}

function localName(iri: string | undefined): string | undefined {
  return iri?.replace(/^.*[#/]/, '');
}

function expand(term: string): string {
  const m = /^([a-z]+):(.*)$/.exec(term);
  return m && m[1] in NS && !m[2].startsWith('//') ? NS[m[1] as keyof typeof NS] + m[2] : term;
}
