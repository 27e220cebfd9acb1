/** Graph name → number of triples, for checking what an archive holds graph by graph. */
import { strict as assert } from 'node:assert';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Store } from '../../src/store/store.js';

/** As `store` answers now. */
export async function graphSizes(store: Store): Promise<Map<string, number>> {
  const result = await store.query('SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g');
  assert.equal(result.type, 'bindings');
  return new Map(result.type === 'bindings' ? result.rows.map((r) => [r.get('g')!.value, Number(r.get('n')!.value)]) : []);
}

/** Of the archive in `dir`, opened read-only for the count. */
export async function archiveGraphSizes(dir: string): Promise<Map<string, number>> {
  const store = await EmbeddedStore.open(dir, { readOnly: true });
  try {
    return await graphSizes(store);
  } finally {
    await store.close();
  }
}
