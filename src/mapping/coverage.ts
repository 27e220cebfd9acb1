/**
 * `rungraph mappings coverage`: which native hyperparameter keys and metric keys in an archive no
 * mapping covers, with how many runs logged each. Both are named queries in queries/, so they run
 * unchanged on every store.
 */
import { packagePath } from '../package-root.js';
import { parseNamedQuery } from '../query/named-query.js';
import { runNamedQuery } from '../query/run-query.js';
import type { Bindings, Store } from '../store/store.js';

export interface UnmappedHyperParameter {
  /** The implementation the runs named (its identifier), when they named one. */
  implementation?: string;
  /** Whether a mapping file recognised the implementation (so only this parameter is missing). */
  implementationMapped: boolean;
  key: string;
  runs: number;
}

export interface UnmappedMetric {
  key: string;
  runs: number;
}

export interface MappingCoverage {
  hyperparameters: UnmappedHyperParameter[];
  metrics: UnmappedMetric[];
}

export async function mappingCoverage(store: Store): Promise<MappingCoverage> {
  const hyperparameters = (await select(store, 'list-unmapped-hyperparameters.rq')).map((row) => ({
    implementation: row.get('implementation')?.value,
    implementationMapped: row.get('mapped')?.value === 'true',
    key: row.get('key')!.value,
    runs: Number(row.get('runs')!.value),
  }));
  const metrics = (await select(store, 'list-unmapped-metrics.rq')).map((row) => ({ key: row.get('key')!.value, runs: Number(row.get('runs')!.value) }));
  return { hyperparameters, metrics };
}

async function select(store: Store, file: string): Promise<Bindings[]> {
  const result = await runNamedQuery(store, parseNamedQuery(packagePath('queries', file)));
  return result.type === 'bindings' ? result.rows : [];
}
