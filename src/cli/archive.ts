/**
 * Where the archive is: `--archive DIR|URI`, else RUNGRAPH_ARCHIVE, else ~/.rungraph. Read-only commands
 * use a running `rungraph serve` of the archive when there is one, unless --no-server or RUNGRAPH_NO_SERVER=1.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { loadMappings, type MappingSet } from '../mapping/mapping-set.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

export interface ArchiveOptions {
  archive?: string;
  mappings?: string[];
  /** False with --no-server. */
  server?: boolean;
}

export function archiveLocation(options: ArchiveOptions): string {
  return options.archive ?? process.env.RUNGRAPH_ARCHIVE ?? path.join(os.homedir(), '.rungraph');
}

export async function withArchive<T>(options: ArchiveOptions, mode: { readOnly: boolean }, work: (store: Store) => Promise<T>): Promise<T> {
  const useServer = mode.readOnly && options.server !== false && !['1', 'true'].includes(process.env.RUNGRAPH_NO_SERVER ?? '');
  const store = await openStore(archiveLocation(options), { readOnly: mode.readOnly, useServer, onWarning: (message) => process.stderr.write(`rungraph: warning: ${message}\n`) });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export function mappingsFor(options: ArchiveOptions): MappingSet {
  return loadMappings(options.mappings ?? []);
}
