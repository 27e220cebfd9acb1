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

after(function () {
  for (const dir of directories) fs.rmSync(dir, { recursive: true, force: true });
});

/** A store that closes and reopens its archive after every write, so queries read what was persisted. */
async function reopening(dir: string): Promise<EmbeddedStore> {
  let inner = await EmbeddedStore.open(dir);
  const reopen = async () => {
    await inner.close();
    inner = await EmbeddedStore.open(dir);
  };
  return {
    location: dir,
    async replaceGraphs(batch) { await inner.replaceGraphs(batch); await reopen(); },
    async deleteGraphs(graphs) { await inner.deleteGraphs(graphs); await reopen(); },
    async update(sparql) { await inner.update(sparql); await reopen(); },
    query: (sparql) => inner.query(sparql),
    close: () => inner.close(),
  } as EmbeddedStore;
}
