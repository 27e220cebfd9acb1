/**
 * The lines of a large snapshot that a load takes, picked in a worker thread: on two cores, picking the
 * next chunk's lines overlaps with the engine loading the last ones (at 10,000 benchmark runs about 1 s
 * of a 4.5 s load). The engine loads from a synchronous iterator, so this thread waits for each chunk
 * with Atomics.wait and takes it with receiveMessageOnPort, instead of awaiting messages.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { StoreError } from '../../errors.js';
import { startWorker } from '../../start-worker.js';
import type { LineSelection } from './predicate-lines.js';

/** Slots of the shared progress counters: chunks the worker posted, and chunks this thread took. */
export const POSTED = 0;
export const TAKEN = 1;
/** Chunks (of at most 8 MiB each) the worker may pick ahead of the engine. */
const AHEAD = 4;
/** A worker that posts nothing for this long has stopped (it could not start). */
const SILENCE_MS = 60_000;

export type SelectedMessage = { lines: Uint8Array } | { done: true } | { error: string };

/** The lines of the file open as `fd` (named `file` in errors) that `selection` takes, in order, in chunks of whole lines. */
export function* selectFileLinesInWorker(fd: number, file: string, selection: LineSelection): Generator<Uint8Array> {
  const { port1, port2 } = new MessageChannel();
  const progress = new Int32Array(new SharedArrayBuffer(8));
  const worker = startWorker(import.meta.url, 'select-worker', { workerData: { fd, selection, port: port2, progress: progress.buffer, ahead: AHEAD }, transferList: [port2] });
  // Never keeps the process alive: a load that fails part-way leaves it waiting, and it is terminated below.
  worker.unref();
  let taken = 0;
  try {
    for (;;) {
      const received = receiveMessageOnPort(port1);
      if (!received) {
        if (Atomics.wait(progress, POSTED, taken, SILENCE_MS) === 'timed-out') throw new StoreError(`reading ${file}: the thread picking its lines stopped answering`, { context: { file } });
        continue;
      }
      Atomics.store(progress, TAKEN, ++taken);
      Atomics.notify(progress, TAKEN);
      const message = received.message as SelectedMessage;
      if ('error' in message) throw new StoreError(`reading ${file}: ${message.error}`, { context: { file } });
      if ('done' in message) return;
      yield message.lines;
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}
