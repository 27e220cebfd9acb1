/** Counts for `rungraph stats`, through SPARQL so every store answers them. */
import type { Store } from '../store/store.js';

export interface ArchiveStats {
  runs: number;
  experiments: number;
  triples: number;
  graphs: number;
  byTracker: Record<string, number>;
  /** Results publications report (rg:ReportedResult), which are not runs and not in `runs`. */
  reported: number;
}

async function count(store: Store, sparql: string): Promise<number> {
  const result = await store.query(sparql);
  if (result.type !== 'bindings') return 0;
  return Number(result.rows[0]?.get('n')?.value ?? 0);
}

export async function archiveStats(store: Store): Promise<ArchiveStats> {
  const byTracker: Record<string, number> = {};
  const trackers = await store.query(
    'SELECT ?tracker (COUNT(?run) AS ?n) WHERE { ?run a <http://www.w3.org/ns/mls#Run> ; <https://w3id.org/rungraph/ns#tracker> ?tracker } GROUP BY ?tracker ORDER BY ?tracker',
  );
  if (trackers.type === 'bindings') for (const row of trackers.rows) byTracker[row.get('tracker')!.value] = Number(row.get('n')!.value);
  return {
    runs: Object.values(byTracker).reduce((a, b) => a + b, 0),
    experiments: await count(store, 'SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a <http://www.w3.org/ns/mls#Experiment> }'),
    triples: await count(store, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'),
    graphs: await count(store, 'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'),
    byTracker,
    reported: await count(store, 'SELECT (COUNT(?r) AS ?n) WHERE { ?r a <https://w3id.org/rungraph/ns#ReportedResult> }'),
  };
}
