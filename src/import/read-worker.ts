/**
 * The worker thread of readSourceInWorker (read-source.ts): runs readSourceInline and posts its events
 * in small messages, waiting for the import to acknowledge them so it never reads far ahead.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readSourceInline, toWire, type ReadRequest, type WireEvent, type WorkerMessage } from './read-source.js';
import { serializeError } from './thread-errors.js';

const { request, messagesAhead, eventsPerMessage } = workerData as { request: ReadRequest; messagesAhead: number; eventsPerMessage: number };
const port = parentPort!;
let unacknowledged = 0;
let acknowledged: (() => void) | undefined;
port.on('message', () => {
  unacknowledged--;
  acknowledged?.();
  acknowledged = undefined;
});

/** Posts a batch of events, handing the packed points over instead of copying them. */
const post = (events: WireEvent[]): void => {
  const buffers = events.flatMap((e) => (e.kind === 'packed-run' ? Object.values(e.metrics).map((data) => data.buffer as ArrayBuffer) : []));
  port.postMessage({ events } satisfies WorkerMessage, buffers);
};

const send = async (events: WireEvent[]): Promise<void> => {
  post(events);
  if (++unacknowledged >= messagesAhead) await new Promise<void>((resolve) => (acknowledged = resolve));
};

try {
  let events: WireEvent[] = [];
  for await (const event of readSourceInline(request)) {
    events.push(toWire(event));
    if (events.length >= eventsPerMessage) {
      await send(events);
      events = [];
    }
  }
  if (events.length > 0) post(events);
  port.postMessage({ done: true } satisfies WorkerMessage);
} catch (e) {
  port.postMessage({ error: serializeError(e) } satisfies WorkerMessage);
}
port.close();
