/** Reads an archive the way `rungraph export` does, for comparing archives graph by graph. */
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { exportArchive } from '../../../src/export/export-archive.js';
import { openStore } from '../../../src/store/open-store.js';

/** The archive's exported N-Quads, parsed back. */
export async function exportedQuads(location: string): Promise<Quad[]> {
  const store = await openStore(location, { readOnly: true });
  try {
    return new Parser({ format: 'N-Quads' }).parse(await exportArchive(store, 'nquads'));
  } finally {
    await store.close();
  }
}

export function byGraph(quads: Quad[]): Map<string, Quad[]> {
  const graphs = new Map<string, Quad[]>();
  for (const q of quads) {
    const list = graphs.get(q.graph.value) ?? [];
    list.push(q);
    graphs.set(q.graph.value, list);
  }
  return graphs;
}
