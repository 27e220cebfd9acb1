/**
 * Where the archive is: `--archive DIR|URI`, else RUNGRAPH_ARCHIVE, else ~/.rungraph.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { loadMappings, type MappingSet } from '../mapping/mapping-set.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

export interface ArchiveOptions {
  archive?: string;
  mappings?: string[];
}

export function archiveLocation(options: ArchiveOptions): string {
  return options.archive ?? process.env.RUNGRAPH_ARCHIVE ?? path.join(os.homedir(), '.rungraph');
}

export async function withArchive<T>(options: ArchiveOptions, mode: { readOnly: boolean }, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(archiveLocation(options), { readOnly: mode.readOnly });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export function mappingsFor(options: ArchiveOptions): MappingSet {
  return loadMappings(options.mappings ?? []);
}
