/**
 * The worker thread of selectFileLinesInWorker (selected-lines.ts): reads a file and posts the lines the
 * selection takes, a chunk at a time, never more than `ahead` chunks before the loading thread.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { chunks } from './file-chunks.js';
import { selectChunkLines, type LineSelection } from './predicate-lines.js';
import { POSTED, TAKEN, type SelectedMessage } from './selected-lines.js';

// The descriptor is the loading thread's (one process, one table of descriptors): the file it checked, even if renamed since.
const { fd, selection, port, progress: shared, ahead } = workerData as { fd: number; selection: LineSelection; port: MessagePort; progress: SharedArrayBuffer; ahead: number };
const progress = new Int32Array(shared);
let posted = 0;

const post = (message: SelectedMessage, transfer: ArrayBuffer[] = []): void => {
  port.postMessage(message, transfer);
  Atomics.store(progress, POSTED, ++posted);
  Atomics.notify(progress, POSTED);
};

try {
  for (const lines of selectChunkLines(chunks(fd), selection)) {
    for (let taken = Atomics.load(progress, TAKEN); posted - taken >= ahead; taken = Atomics.load(progress, TAKEN)) Atomics.wait(progress, TAKEN, taken);
    // A copy of its own, handed over: the chunk may be a view into a larger buffer.
    const copy = new Uint8Array(lines);
    post({ lines: copy }, [copy.buffer]);
  }
  post({ done: true });
} catch (e) {
  post({ error: e instanceof Error ? e.message : String(e) });
}
port.close();
