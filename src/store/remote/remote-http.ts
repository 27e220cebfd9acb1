/**
 * HTTP for remote stores: a per-request time limit, retries with exponential backoff on connection errors
 * and 5xx, and failures turned into StoreErrors / QueryErrors that name the endpoint (never credentials).
 */
import { QueryError, StoreError } from '../../errors.js';

export interface RetryPolicy {
  timeoutMs: number;
  retries: number;
  backoffMs: number;
}

export interface RequestPurpose {
  /** What the request does, for messages: "query", "update", "write graphs"… */
  action: string;
  /**
   * Whether sending the request twice is harmless. Non-idempotent requests are retried only when they
   * certainly never reached the server (connection refused) or the server said it did not run them (503).
   */
  idempotent: boolean;
}

/** Connection failures where the request was never delivered. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Virtuoso answers some query errors (compile and type errors) with 500; they are not worth retrying. */
const QUERY_ERROR_BODY = /^Virtuoso (37000|22\d{3}|42\w{3}) Error|SPARQL compiler|syntax error|parse error/i;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a request with retries; returns the response of the first success (2xx), throws otherwise. */
export async function sendWithRetry(url: string, init: RequestInit, policy: RetryPolicy, purpose: RequestPurpose): Promise<Response> {
  const endpoint = describeEndpoint(url);
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= policy.retries;
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(policy.timeoutMs) });
    } catch (e) {
      const code = errorCode(e);
      const timedOut = code === 'TimeoutError' || code === 'AbortError';
      const retryable = !timedOut && (purpose.idempotent || NOT_SENT.has(code));
      if (!last && retryable) {
        await sleep(policy.backoffMs * 2 ** attempt);
        continue;
      }
      const why = timedOut ? `no answer within ${policy.timeoutMs} ms` : `cannot reach it (${code || (e as Error).message})`;
      throw new StoreError(`${purpose.action} failed: ${why}`, {
        context: { endpoint, attempts: attempt + 1 },
        hint: timedOut ? 'raise the limit with ?timeout=MS on the archive URI' : 'check that the SPARQL server is running and the host and port are right',
        cause: e,
      });
    }
    if (response.ok) return response;
    const body = await response.text().catch(() => '');
    const status = response.status;
    const serverSays = firstLines(body);
    if (status >= 500 && !QUERY_ERROR_BODY.test(body)) {
      if (!last && (purpose.idempotent || status === 503)) {
        await sleep(policy.backoffMs * 2 ** attempt);
        continue;
      }
      throw new StoreError(`${purpose.action} failed: the server answered ${status} ${response.statusText}${serverSays ? `: ${serverSays}` : ''}`, {
        context: { endpoint, status, attempts: attempt + 1 },
      });
    }
    throw statusError(status, purpose.action, endpoint, serverSays);
  }
}

function statusError(status: number, action: string, endpoint: string, serverSays: string): Error {
  const context = { endpoint, status };
  switch (status) {
    case 401:
      return new StoreError(`${action} refused: the server at ${endpoint} wants credentials (401)`, {
        context,
        hint: 'set RUNGRAPH_SPARQL_USER and RUNGRAPH_SPARQL_PASSWORD (HTTP Basic authentication)',
      });
    case 403:
      return new StoreError(`${action} forbidden: the server at ${endpoint} does not allow this account to ${action} (403)`, {
        context,
        hint: 'on Virtuoso, grant SPARQL_UPDATE to the user (docs/stores.md)',
      });
    case 404:
      return new StoreError(`no SPARQL endpoint at ${endpoint} (404)`, {
        context,
        hint: 'check the path of the archive URI, or set ?update= / ?gsp= for separate endpoints (docs/stores.md)',
      });
    default:
      if (status === 400 || status >= 500) {
        return new QueryError(`${action} rejected by the server (${status})${serverSays ? `: ${serverSays}` : ''}`, { context });
      }
      return new StoreError(`${action} failed: the server answered ${status}${serverSays ? `: ${serverSays}` : ''}`, { context });
  }
}

/** The URL without query string or credentials, for messages. */
export function describeEndpoint(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

function firstLines(body: string): string {
  return body.replace(/<[^>]+>/g, ' ').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' ').slice(0, 300);
}

function errorCode(e: unknown): string {
  if (!(e instanceof Error)) return '';
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return e.name;
  const cause = (e as { cause?: { code?: string } }).cause;
  return cause?.code ?? (e as NodeJS.ErrnoException).code ?? '';
}
