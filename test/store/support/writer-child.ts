/**
 * A real writer process for the crash and lock tests: writes BATCHES batches of RUNS graphs each,
 * printing "batch N" after each durable write; compacts often so kills land in compactions too.
 * With `bulk`, the batches are journalled only (EmbeddedStore.bulkWrites), as an import writes them.
 * Usage: node --import tsx writer-child.ts ARCHIVE_DIR BATCHES [hold|bulk]
 */
import { DataFactory } from 'n3';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.js';

const [dir, batchesText, mode] = process.argv.slice(2);
const store = await EmbeddedStore.open(dir, { compactAfterBytes: 64 * 1024 });
process.stdout.write('opened\n');
if (mode === 'hold') await new Promise(() => {});
if (mode === 'bulk') store.bulkWrites();

export const RUNS_PER_BATCH = 20;
export const QUADS_PER_RUN = 40;

for (let b = 0; b < Number(batchesText); b++) {
  const batch = Array.from({ length: RUNS_PER_BATCH }, (_, r) => {
    const graph = `urn:test:run/${b}/${r}`;
    const quads = Array.from({ length: QUADS_PER_RUN }, (_, i) =>
      DataFactory.quad(DataFactory.namedNode(graph), DataFactory.namedNode(`urn:test:p${i}`), DataFactory.literal(`value ${i} of ${graph} "quoted"\nline`)),
    );
    return { graph, quads };
  });
  await store.replaceGraphs(batch);
  if (b % 5 === 4) store.compact();
  process.stdout.write(`batch ${b}\n`);
}
await store.close();
process.stdout.write('done\n');
