/** Builds a temporary embedded archive from run records (JSON Lines) for query and command tests. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSource } from '../../src/import/import-source.js';
import { loadMappings, type MappingSet } from '../../src/mapping/mapping-set.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Bindings } from '../../src/store/store.js';

export const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

/** Shipped mappings plus two fictional libraries, so expectations do not move when shipped files grow. */
export const testMappings = (): MappingSet => loadMappings([path.join(dataDir, 'mappings')]);

export interface TestArchive {
  store: EmbeddedStore;
  mappings: MappingSet;
  directory: string;
  dispose(): Promise<void>;
}

/** Imports `records` (objects in the JSON importer's format) or a .jsonl file into a fresh archive. */
export async function buildArchive(records: string | object[]): Promise<TestArchive> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-queries-'));
  const file = typeof records === 'string' ? records : path.join(directory, 'runs.jsonl');
  if (typeof records !== 'string') fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
  const mappings = testMappings();
  const store = await EmbeddedStore.open(path.join(directory, 'archive'));
  const summary = await importSource(store, file, { tracker: 'json', mappings });
  if (summary.issues.length > 0) throw new Error(`test data has issues: ${JSON.stringify(summary.issues)}`);
  return {
    store,
    mappings,
    directory,
    async dispose() {
      await store.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A row as plain strings (unbound → null) for comparison. */
export function plainRow(row: Bindings, variables: string[]): Record<string, string | null> {
  return Object.fromEntries(variables.map((v) => [v, row.get(v)?.value ?? null]));
}
