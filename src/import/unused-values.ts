/**
 * Settings and tags are shared by the runs that logged the same value (decision 0007), so they live in
 * graphs of their own and outlive the runs that used them. When a run is removed, or rewritten with other
 * values, those no run uses any more are deleted: a pruned run's logged values must not stay in the archive.
 */
import type { Store } from '../store/store.js';
import { sparqlPrefixes } from '../vocab/namespaces.js';

/** Such a node's graph is named by the node; no other graph describes its own name this way. */
const UNUSED_VALUES = `${sparqlPrefixes(['mls', 'rg'])}
SELECT DISTINCT ?node WHERE {
  { GRAPH ?node { ?node mls:specifiedBy ?hyperparameter } FILTER NOT EXISTS { ?run mls:hasInput ?node } }
  UNION
  { GRAPH ?node { ?node rg:tagKey ?key } FILTER NOT EXISTS { ?run rg:hasTag ?node } }
}`;

/** Deletes the graphs of settings and tags no run uses; returns how many. */
export async function removeUnusedValues(store: Store): Promise<number> {
  const result = await store.query(UNUSED_VALUES);
  if (result.type !== 'bindings') return 0;
  const graphs = result.rows.map((row) => row.get('node')!.value);
  if (graphs.length > 0) await store.deleteGraphs(graphs);
  return graphs.length;
}
