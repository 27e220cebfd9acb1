/**
 * `rungraph serve`: exposes any Store as a SPARQL 1.1 Protocol endpoint. Read-only unless allowUpdate;
 * bound to 127.0.0.1 unless told otherwise; request bodies and request times are limited. A served archive
 * works as another rungraph's `--archive sparql+http://HOST:PORT/sparql`. A read-only embedded archive
 * catches up with other processes' imports and compactions before each query (EmbeddedStore.refresh).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writer } from 'n3';
import { isRungraphError, QueryError } from '../../errors.js';
import { bindingsToJson } from '../sparql-results.js';
import type { QueryResult, Store } from '../store.js';
import { EmbeddedStore } from '../embedded/embedded-store.js';
import { ProtocolError, readOperation } from './protocol-request.js';

export interface ServeOptions {
  /** 0 picks a free port (default 7878). */
  port?: number;
  host?: string;
  /** Path of the endpoint (default /sparql). */
  path?: string;
  allowUpdate?: boolean;
  /** Largest request body accepted (default 10 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Time for a request to arrive and be answered (default 60 s); slower answers get 503. */
  timeoutMs?: number;
  /** Headers sent with every answer (the discovery token of serve-discovery.ts). */
  headers?: Record<string, string>;
}

export interface ServedArchive {
  /** The endpoint URL, e.g. http://127.0.0.1:7878/sparql. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const RESULTS_JSON = 'application/sparql-results+json';
const NTRIPLES = 'application/n-triples';
const TURTLE = 'text/turtle';

export async function serveArchive(store: Store, options: ServeOptions = {}): Promise<ServedArchive> {
  const settings = {
    host: options.host ?? '127.0.0.1',
    path: options.path ?? '/sparql',
    allowUpdate: options.allowUpdate ?? false,
    maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
    timeoutMs: options.timeoutMs ?? 60_000,
    headers: options.headers ?? {},
  };
  const server = http.createServer((request, response) => {
    handle(store, settings, request, response).catch((e: unknown) => send(response, 500, 'text/plain', `internal error: ${(e as Error).message}`));
  });
  server.requestTimeout = settings.timeoutMs;
  server.headersTimeout = Math.min(settings.timeoutMs, 60_000);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7878, settings.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    url: `http://${hostInUrl}:${port}${settings.path}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Settings = Required<Omit<ServeOptions, 'port'>>;

async function handle(store: Store, settings: Settings, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  for (const [name, value] of Object.entries(settings.headers)) response.setHeader(name, value);
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== settings.path) return send(response, 404, 'text/plain', `no endpoint here: the SPARQL endpoint is ${settings.path}`);
  let body: string;
  try {
    body = await readBody(request, settings.maxBodyBytes);
    const operation = readOperation(request.method ?? 'GET', url, request.headers['content-type'], body);
    if (operation.kind === 'update') {
      if (!settings.allowUpdate) throw new ProtocolError(403, 'this archive is served read-only (start it with --allow-update to accept updates)');
      await withTimeout(store.update(operation.sparql), settings.timeoutMs);
      return send(response, 204, 'text/plain', '');
    }
    if (store instanceof EmbeddedStore) store.refresh();
    const result = await withTimeout(store.query(operation.sparql), settings.timeoutMs);
    return sendResult(response, result, String(request.headers.accept ?? ''));
  } catch (e) {
    if (e instanceof ProtocolError) return send(response, e.status, 'text/plain', e.message);
    if (e instanceof QueryError) return send(response, 400, 'text/plain', e.message);
    if (e instanceof TypeError && /read-only/.test(e.message)) return send(response, 403, 'text/plain', e.message);
    if (isRungraphError(e)) return send(response, 500, 'text/plain', e.message);
    throw e;
  }
}

function sendResult(response: http.ServerResponse, result: QueryResult, accept: string): void {
  if (result.type === 'boolean') return send(response, 200, RESULTS_JSON, JSON.stringify({ head: {}, boolean: result.value }));
  if (result.type === 'bindings') return send(response, 200, RESULTS_JSON, JSON.stringify(bindingsToJson(result.variables, result.rows)));
  // Turtle only for clients that take it but not N-Triples.
  const format = accept.includes(TURTLE) && !accept.includes(NTRIPLES) ? TURTLE : NTRIPLES;
  const text = new Writer({ format: format === TURTLE ? 'Turtle' : 'N-Triples' }).quadsToString(result.quads);
  send(response, 200, format, text);
}

function send(response: http.ServerResponse, status: number, contentType: string, body: string): void {
  if (response.headersSent) return;
  response.writeHead(status, status === 204 ? {} : { 'content-type': `${contentType}; charset=utf-8` });
  response.end(status === 204 ? undefined : body);
}

function readBody(request: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new ProtocolError(413, `request body of ${declared} bytes is over the limit of ${limit}`));
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ProtocolError(413, `request body is over the limit of ${limit} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProtocolError(503, `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
