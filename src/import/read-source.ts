/**
 * The reading half of an import: the importer's files, record validation and content digests, up to
 * the point where a run is known to be new or changed. It runs in a worker thread (read-worker.ts) by
 * default, so that on two cores reading the next runs overlaps with mapping and storing the last ones
 * and an import takes about as long as its slower half instead of the sum of both.
 */
import type { Worker } from 'node:worker_threads';
import type { Issue } from '../errors.js';
import { importerById } from '../importers/registry.js';
import { validateRunRecord, type RunRecord } from '../model/run-record.js';
import { packMetrics, unpackMetrics, type PackedMetrics } from './packed-metrics.js';
import { recordDigest } from './record-digest.js';
import { deserializeError, type SerializedError } from './thread-errors.js';
import { startWorker } from '../start-worker.js';

export interface ReadRequest {
  tracker: string;
  location: string;
  followOutsideLinks?: boolean;
  /** Part of every digest: a run normalised by other mappings is a changed run. */
  mappingVersion: string;
  /** Digests already archived, by native run id: runs with the same digest are only reported. */
  known: Map<string, string>;
  /** Report archived runs as changed even when their digest is the same. */
  force?: boolean;
}

export type ReadEvent =
  | { kind: 'issue'; issue: Issue }
  /** A record that failed validation; `run` is its native id when it had one. */
  | { kind: 'invalid'; run?: string; issues: Issue[] }
  | { kind: 'unchanged'; runId: string }
  | { kind: 'run'; record: RunRecord; digest: string };

/** Reads in this thread. The worker runs exactly this; tests and `inline` imports call it directly. */
export async function* readSourceInline(request: ReadRequest, signal?: AbortSignal): AsyncIterable<ReadEvent> {
  const importer = importerById(request.tracker);
  for await (const item of importer.read(request.location, { signal, followOutsideLinks: request.followOutsideLinks })) {
    if (item.kind === 'issue') {
      yield item;
      continue;
    }
    const checked = validateRunRecord(item.record);
    if (!checked.ok) {
      const run = item.record.source?.runId;
      yield { kind: 'invalid', run, issues: checked.issues.map((issue) => ({ ...issue, file: item.file, run, message: `${issue.path.join('.')}: ${issue.message}` })) };
      continue;
    }
    const digest = recordDigest(checked.record, request.mappingVersion);
    if (!request.force && request.known.get(checked.record.source.runId) === digest) yield { kind: 'unchanged', runId: checked.record.source.runId };
    else yield { kind: 'run', record: checked.record, digest };
  }
}

/** Events sent per message, and messages the worker may send ahead of the import (bounds memory). */
const EVENTS_PER_MESSAGE = 16;
const MESSAGES_AHEAD = 8;

/** A run event as it crosses from the reader thread: its points packed (packed-metrics.ts). */
export type WireEvent = Exclude<ReadEvent, { kind: 'run' }> | { kind: 'packed-run'; record: Omit<RunRecord, 'metrics'>; metrics: PackedMetrics; digest: string };

export type WorkerMessage = { events: WireEvent[] } | { done: true } | { error: SerializedError };

export function toWire(event: ReadEvent): WireEvent {
  if (event.kind !== 'run') return event;
  const { metrics, ...record } = event.record;
  return { kind: 'packed-run', record, metrics: packMetrics(metrics), digest: event.digest };
}

function fromWire(event: WireEvent): ReadEvent {
  if (event.kind !== 'packed-run') return event;
  return { kind: 'run', record: { ...event.record, metrics: unpackMetrics(event.metrics) }, digest: event.digest };
}

/** Reads in a worker thread, `MESSAGES_AHEAD` messages ahead of the consumer at most. */
export async function* readSourceInWorker(request: ReadRequest, signal?: AbortSignal): AsyncIterable<ReadEvent> {
  const worker = startReadWorker(request);
  const inbox: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: WorkerMessage) => {
    inbox.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure = e;
    notify();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the import's reader thread stopped (exit code ${code})`);
    notify();
  });
  const onAbort = () => void worker.terminate();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) return;
      const message = inbox.shift();
      if (!message) {
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if ('error' in message) throw deserializeError(message.error);
      if ('done' in message) return;
      worker.postMessage('ack');
      for (const event of message.events) yield fromWire(event);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}

function startReadWorker(request: ReadRequest): Worker {
  return startWorker(import.meta.url, 'read-worker', { workerData: { request, messagesAhead: MESSAGES_AHEAD, eventsPerMessage: EVENTS_PER_MESSAGE } });
}
