/**
 * Reads a `sparql+http(s)://HOST:PORT/PATH` archive URI into the endpoints of a remote store. The path is
 * the query endpoint; `?update=`, `?gsp=` (paths or absolute URLs), `?write=auto|update|gsp`, `?nan=auto|native|encoded`
 * and `?timeout=` (milliseconds) refine it. Credentials never come from the URI: they come from options or the environment
 * (RUNGRAPH_SPARQL_USER / RUNGRAPH_SPARQL_PASSWORD), so they are never printed with the location.
 */
export const REMOTE_SCHEMES = ['sparql+http:', 'sparql+https:'] as const;

export type WriteMethod = 'auto' | 'update' | 'gsp';
export type NaNWriting = 'auto' | 'native' | 'encoded';

export interface RemoteOptions {
  /** Update endpoint; defaults to the query endpoint (Virtuoso's /sparql takes both). */
  updateUrl?: string;
  /** Graph Store Protocol endpoint; defaults to /sparql-graph-crud on the same server (Virtuoso). */
  storeUrl?: string;
  /**
   * How replaceGraphs writes: `update` sends one `DROP; INSERT DATA` update per batch (the batch is
   * all-or-nothing); `gsp` sends a Graph Store Protocol PUT per graph (each graph all-or-nothing). `auto`
   * (default) picks gsp on Virtuoso, whose SPARQL compiler gives up on updates of a few thousand triples.
   */
  write?: WriteMethod;
  user?: string;
  password?: string;
  /** Per-request time limit in milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Attempts after the first on connection errors and 5xx (default 4). */
  retries?: number;
  /** First backoff delay in milliseconds, doubled on each retry (default 250). */
  backoffMs?: number;
  /**
   * How xsd:double NaN is written. Virtuoso 7.2 corrupts its quad index when it stores two NaN values
   * ("Insert stopped because out of seg data"), so `encoded` writes NaN with rungraph's own datatype and
   * reads it back as xsd:double NaN. `auto` (default) encodes only when the server says it is Virtuoso.
   */
  nan?: NaNWriting;
  /** Refuse every write (as the embedded store does when opened read-only). */
  readOnly?: boolean;
  /** Environment to read credentials from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface RemoteConfig {
  queryUrl: string;
  updateUrl: string;
  storeUrl: string;
  write: WriteMethod;
  user?: string;
  password?: string;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  readOnly: boolean;
  nan: NaNWriting;
}

export const isRemoteUri = (uri: string): boolean => REMOTE_SCHEMES.some((s) => uri.toLowerCase().startsWith(s + '//'));

export function parseRemoteUri(uri: string, options: RemoteOptions = {}): RemoteConfig {
  if (!isRemoteUri(uri)) throw new TypeError(`not a remote archive URI (expected sparql+http:// or sparql+https://): ${uri}`);
  const url = new URL(uri.slice('sparql+'.length));
  if (url.username || url.password) {
    throw new TypeError('put SPARQL credentials in RUNGRAPH_SPARQL_USER and RUNGRAPH_SPARQL_PASSWORD, not in the archive URI');
  }
  const params = url.searchParams;
  const pick = (name: string) => params.get(name) ?? undefined;
  const [update, gsp, writeParam, timeout, nanParam] = [pick('update'), pick('gsp'), pick('write'), pick('timeout'), pick('nan')];
  for (const known of ['update', 'gsp', 'write', 'timeout', 'nan']) params.delete(known);
  const nan = options.nan ?? (nanParam as NaNWriting | undefined) ?? 'auto';
  if (!['auto', 'native', 'encoded'].includes(nan)) throw new TypeError(`nan must be "auto", "native" or "encoded", got "${nan}"`);
  const queryUrl = url.toString();
  const write = options.write ?? (writeParam as WriteMethod | undefined) ?? 'auto';
  if (!['auto', 'update', 'gsp'].includes(write)) throw new TypeError(`write must be "auto", "update" or "gsp", got "${write}"`);
  const timeoutMs = options.timeoutMs ?? (timeout === undefined ? 60_000 : Number(timeout));
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeout must be a positive number of milliseconds, got ${timeout}`);
  const env = options.env ?? process.env;
  return {
    queryUrl,
    updateUrl: options.updateUrl ?? (update === undefined ? queryUrl : new URL(update, url.origin).toString()),
    storeUrl: options.storeUrl ?? new URL(gsp ?? '/sparql-graph-crud', url.origin).toString(),
    write,
    user: options.user ?? env.RUNGRAPH_SPARQL_USER,
    password: options.password ?? env.RUNGRAPH_SPARQL_PASSWORD,
    timeoutMs,
    retries: options.retries ?? 4,
    backoffMs: options.backoffMs ?? 250,
    readOnly: options.readOnly ?? false,
    nan,
  };
}
