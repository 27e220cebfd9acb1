/**
 * A small client for MLflow's REST API 2.0 (`<base>/api/2.0/mlflow/...`): JSON in and out, the token
 * from MLFLOW_TRACKING_TOKEN (or MLFLOW_TRACKING_USERNAME / _PASSWORD), a timeout per request, and
 * retries with exponential backoff on network errors, 429 and 5xx. It never throws for a failing server:
 * every call answers ok or a reason, which the reader turns into issues.
 */
import { isParseBudgetError } from '../../parse-budget-error.js';
import { jsonErrorCode, parseJson } from '../json-budget.js';

export interface RestOptions {
  /** Per request, milliseconds. */
  timeoutMs?: number;
  /** Extra attempts after the first, for network errors, 429 and 5xx. */
  retries?: number;
  /** First backoff delay; doubled on each retry. */
  backoffMs?: number;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

export type RestAnswer<T> = { ok: true; body: T } | { ok: false; status?: number; code: string; message: string };

const RETRYABLE = (status: number) => status === 429 || status >= 500;

export class MlflowRestClient {
  readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly signal?: AbortSignal;

  constructor(baseUrl: string, options: RestOptions = {}) {
    this.base = baseUrl.replace(/\/+$/, '');
    const env = options.env ?? process.env;
    this.headers = { accept: 'application/json' };
    if (env.MLFLOW_TRACKING_TOKEN) this.headers.authorization = `Bearer ${env.MLFLOW_TRACKING_TOKEN}`;
    else if (env.MLFLOW_TRACKING_USERNAME) {
      this.headers.authorization = `Basic ${Buffer.from(`${env.MLFLOW_TRACKING_USERNAME}:${env.MLFLOW_TRACKING_PASSWORD ?? ''}`).toString('base64')}`;
    }
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
    this.signal = options.signal;
  }

  /** `endpoint` is relative to /api/2.0/mlflow/, e.g. `runs/search`. */
  get<T>(endpoint: string, query: Record<string, string | number | undefined> = {}): Promise<RestAnswer<T>> {
    const url = new URL(`${this.base}/api/2.0/mlflow/${endpoint}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return this.request<T>(url, { method: 'GET' });
  }

  post<T>(endpoint: string, body: unknown): Promise<RestAnswer<T>> {
    const url = new URL(`${this.base}/api/2.0/mlflow/${endpoint}`);
    return this.request<T>(url, { method: 'POST', body: JSON.stringify(body), contentType: 'application/json' });
  }

  private async request<T>(url: URL, init: { method: string; body?: string; contentType?: string }): Promise<RestAnswer<T>> {
    let last: RestAnswer<T> = { ok: false, code: 'http_error', message: 'no attempt made' };
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1), this.signal);
      if (this.signal?.aborted) return { ok: false, code: 'aborted', message: 'the import was aborted' };
      const signals = [AbortSignal.timeout(this.timeoutMs), ...(this.signal ? [this.signal] : [])];
      let response: Response;
      try {
        response = await fetch(url, {
          method: init.method,
          headers: { ...this.headers, ...(init.contentType ? { 'content-type': init.contentType } : {}) },
          body: init.body,
          signal: AbortSignal.any(signals),
        });
      } catch (e) {
        const err = e as Error;
        last = err.name === 'TimeoutError'
          ? { ok: false, code: 'timeout', message: `${init.method} ${this.describe(url)} took longer than ${this.timeoutMs} ms` }
          : { ok: false, code: 'unreachable', message: `${init.method} ${this.describe(url)} failed: ${(err.cause as Error | undefined)?.message ?? err.message}` };
        if (this.signal?.aborted) return { ok: false, code: 'aborted', message: 'the import was aborted' };
        continue;
      }
      const text = await response.text().catch(() => '');
      if (response.ok) {
        try {
          return { ok: true, body: (text === '' ? {} : parseJson(text)) as T };
        } catch (e) {
          const why = isParseBudgetError(e) ? `JSON too dense to read: ${e.message}` : 'something that is not JSON';
          return { ok: false, status: response.status, code: jsonErrorCode(e), message: `${init.method} ${this.describe(url)} answered with ${why}` };
        }
      }
      last = { ok: false, status: response.status, code: `http_${response.status}`, message: `${init.method} ${this.describe(url)} answered ${response.status}${errorDetail(text)}` };
      if (!RETRYABLE(response.status)) return last;
    }
    return last;
  }

  /** The URL without credentials or query, for messages. */
  private describe(url: URL): string {
    return `${url.origin}${url.pathname}`;
  }
}

/** MLflow errors carry `{error_code, message}`. */
function errorDetail(text: string): string {
  try {
    const body = parseJson(text) as { error_code?: string; message?: string };
    return body.error_code || body.message ? `: ${[body.error_code, body.message].filter(Boolean).join(' ')}` : '';
  } catch {
    return '';
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
