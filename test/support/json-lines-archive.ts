/** A real embedded archive of JSON Lines runs in a temporary folder, for tests that need a small archive. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importSource } from '../../src/import/import-source.js';
import { loadMappings } from '../../src/mapping/mapping-set.js';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';

export interface TemporaryArchive {
  store: EmbeddedStore;
  /** Closes the store and deletes the folder. */
  remove(): Promise<void>;
}

export async function jsonLinesArchive(records: object[]): Promise<TemporaryArchive> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-archive-'));
  fs.writeFileSync(path.join(dir, 'runs.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
  const store = await EmbeddedStore.open(path.join(dir, 'archive'));
  await importSource(store, path.join(dir, 'runs.jsonl'), { mappings: loadMappings() });
  return {
    store,
    remove: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
