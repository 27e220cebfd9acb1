/**
 * The worker thread of readSourceInWorker (read-source.ts): runs readSourceInline and posts its events
 * in small messages, waiting for the import to acknowledge them so it never reads far ahead.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readSourceInline, serializeError, type ReadEvent, type ReadRequest, type WorkerMessage } from './read-source.js';

const { request, messagesAhead, eventsPerMessage } = workerData as { request: ReadRequest; messagesAhead: number; eventsPerMessage: number };
const port = parentPort!;
let unacknowledged = 0;
let acknowledged: (() => void) | undefined;
port.on('message', () => {
  unacknowledged--;
  acknowledged?.();
  acknowledged = undefined;
});

const send = async (message: WorkerMessage): Promise<void> => {
  port.postMessage(message);
  if (++unacknowledged >= messagesAhead) await new Promise<void>((resolve) => (acknowledged = resolve));
};

try {
  let events: ReadEvent[] = [];
  for await (const event of readSourceInline(request)) {
    events.push(event);
    if (events.length >= eventsPerMessage) {
      await send({ events });
      events = [];
    }
  }
  if (events.length > 0) port.postMessage({ events } satisfies WorkerMessage);
  port.postMessage({ done: true } satisfies WorkerMessage);
} catch (e) {
  port.postMessage({ error: serializeError(e) } satisfies WorkerMessage);
}
port.close();
