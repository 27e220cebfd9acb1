/** The store contract on the embedded archive, each test in a fresh temporary directory. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { describeStoreContract } from './store-contract.js';

const directories: string[] = [];

describeStoreContract('embedded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-contract-'));
  directories.push(dir);
  return EmbeddedStore.open(dir);
});

describeStoreContract('embedded, reopened after every write', async () => {
  // Each write goes through the journal; reopening proves the contract holds for what was persisted.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-contract-'));
  directories.push(dir);
  return reopening(dir);
});

describeStoreContract('embedded, writes journalled only and compacted at every reopen', async () => {
  // Each write without the engine (bulkWrites), each query from a fresh load of the merged snapshot.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rungraph-contract-'));
  directories.push(dir);
  return reopening(dir, { compactAfterBytes: 0, bulk: true });
});

after(function () {
  for (const dir of directories) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A store that closes and reopens its archive after every write, so queries read what was persisted;
 * with `bulk`, each write is journalled without the engine.
 */
async function reopening(dir: string, options: { compactAfterBytes?: number; bulk?: boolean } = {}): Promise<EmbeddedStore> {
  let inner = await EmbeddedStore.open(dir, options);
  const reopen = async () => {
    await inner.close();
    inner = await EmbeddedStore.open(dir, options);
  };
  const bulk = () => {
    if (options.bulk) inner.bulkWrites();
  };
  return {
    location: dir,
    async replaceGraphs(batch) { bulk(); await inner.replaceGraphs(batch); await reopen(); },
    async deleteGraphs(graphs) { bulk(); await inner.deleteGraphs(graphs); await reopen(); },
    async update(sparql) { await inner.update(sparql); await reopen(); },
    query: (sparql) => inner.query(sparql),
    close: () => inner.close(),
  } as EmbeddedStore;
}
