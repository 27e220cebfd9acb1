/**
 * Where the archive is: `--archive DIR|URI`, else RUNGRAPH_ARCHIVE, else ~/.rungraph. Read-only commands
 * use a running `rungraph serve` of the archive when there is one, unless --no-server or RUNGRAPH_NO_SERVER=1.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { loadMappings, type MappingSet } from '../mapping/mapping-set.js';
import { EmbeddedStore } from '../store/embedded/embedded-store.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

/** A read-only command that took this long to load the archive is told about `rungraph serve`. */
const SLOW_LOAD_SECONDS = 5;

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
    // A read-only archive loads what each query needs as it runs: the hint follows the command's output.
    const hint = mode.readOnly && store instanceof EmbeddedStore ? slowLoadHint(store.loadSeconds, store.location) : undefined;
    if (hint) process.stderr.write(`${hint}\n`);
    await store.close();
  }
}

export function mappingsFor(options: ArchiveOptions): MappingSet {
  return loadMappings(options.mappings ?? []);
}

/** What to say when loading the archive in this process was slow: a warm server answers at once (docs/stores.md). */
export function slowLoadHint(seconds: number, location: string): string | undefined {
  if (seconds < SLOW_LOAD_SECONDS) return undefined;
  return `rungraph: loading the archive took ${seconds.toFixed(1)} s; \`rungraph --archive ${location} serve\` keeps it loaded, and later commands on it answer without loading it (docs/stores.md#keep-a-warm-archive)`;
}
