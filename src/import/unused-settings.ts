/**
 * Settings are shared by the runs that logged the same value (decision 0007), so they live in graphs of
 * their own and outlive the runs that used them. When a run is removed, or rewritten with other values,
 * the settings no run uses any more are deleted: a pruned run's parameters must not stay in the archive.
 */
import type { Store } from '../store/store.js';
import { sparqlPrefixes } from '../vocab/namespaces.js';

/** A setting's graph is named by the setting; no other graph describes its own name with mls:specifiedBy. */
const UNUSED_SETTINGS = `${sparqlPrefixes(['mls'])}
SELECT DISTINCT ?setting WHERE {
  GRAPH ?setting { ?setting mls:specifiedBy ?hyperparameter }
  FILTER NOT EXISTS { ?run mls:hasInput ?setting }
}`;

/** Deletes the graphs of settings no run uses; returns how many. */
export async function removeUnusedSettings(store: Store): Promise<number> {
  const result = await store.query(UNUSED_SETTINGS);
  if (result.type !== 'bindings') return 0;
  const graphs = result.rows.map((row) => row.get('setting')!.value);
  if (graphs.length > 0) await store.deleteGraphs(graphs);
  return graphs.length;
}
