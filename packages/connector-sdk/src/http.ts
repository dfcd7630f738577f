import { isConnectorError, RetryableError } from './errors.js';
import { guardedFetch } from './net/fetch.js';
import { findOutboundRefusal } from './net/policy.js';
import type { CallLimiter } from './rate-limit.js';
import { abortReason, classifyHttpResponse, withRetry, type RetryOptions } from './retry.js';

/**
 * A small JSON-over-HTTP client for targets without an official client library: every attempt goes
 * through the connection's rate limiter, every non-2xx answer is classified (auth, rate-limited,
 * retryable, permanent) and retryable ones are retried with backoff or the target's own delay.
 * Every connection it opens, redirects included, obeys the outbound-address policy (net/policy.ts).
 */

export interface HttpClientOptions {
  /** The API root, e.g. `https://api.example.com/v3`; request paths are appended to it. */
  baseUrl: string;
  /** Sent with every request (auth headers go here; they are never put into error messages). */
  headers?: Record<string, string>;
  limiter?: CallLimiter;
  retry?: RetryOptions;
  signal?: AbortSignal;
  /** One attempt is abandoned (and retried) after this long. Default 120 s, Mailchimp's own limit. */
  timeoutMs?: number;
}

export interface HttpRequestInit {
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Appended to the URL; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  /** Cancels this request only (the client's own signal cancels all of them). */
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response says it is JSON, the text otherwise, `undefined` when empty. */
  body: T;
}

export interface HttpClient {
  request<T = unknown>(method: string, path: string, init?: HttpRequestInit): Promise<HttpResponse<T>>;
}

const DEFAULT_TIMEOUT_MS = 120_000;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = options.baseUrl.replace(/\/+$/, '');
  // Only the host goes into messages: a base URL may carry credentials in its user-info part.
  const host = safeHost(options.baseUrl);

  return {
    async request<T = unknown>(method: string, path: string, init: HttpRequestInit = {}): Promise<HttpResponse<T>> {
      const url = buildUrl(base, path, init.query);
      const headers: Record<string, string> = { ...options.headers, ...init.headers };
      let body: string | Uint8Array | undefined = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      }
      const signal = anySignal([options.signal, init.signal, options.retry?.signal]);

      const attempt = async (): Promise<HttpResponse<T>> => {
        const attemptSignal = anySignal([signal, AbortSignal.timeout(timeoutMs)]);
        let response: Response;
        let responseHeaders: Headers;
        let parsed: unknown;
        try {
          response = await guardedFetch(url, { method, headers, body, signal: attemptSignal });
          // undici's own Headers class: copied into the global one callers (and instanceof) expect.
          responseHeaders = new Headers([...response.headers]);
          parsed = parseBody(await response.text(), responseHeaders.get('content-type'));
        } catch (error) {
          if (signal?.aborted) throw abortReason(signal);
          if (isConnectorError(error)) throw error;
          // fetch reports a refused address as "fetch failed" with the refusal as its cause.
          const refusal = findOutboundRefusal(error);
          if (refusal) throw refusal;
          throw new RetryableError(`Could not reach ${host} (${networkReason(error, timeoutMs)})`, { cause: error });
        }
        const failure = classifyHttpResponse(response.status, responseHeaders, parsed);
        if (failure) throw failure;
        return { status: response.status, headers: responseHeaders, body: parsed as T };
      };

      return withRetry(() => (options.limiter ? options.limiter.run(attempt, signal) : attempt()), {
        ...options.retry,
        signal,
      });
    },
  };
}

function buildUrl(base: string, path: string, query: HttpRequestInit['query']): string {
  const url = new URL(/^https?:\/\//i.test(path) ? path : `${base}/${path.replace(/^\/+/, '')}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.append(key, String(value));
  }
  return url.toString();
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (!contentType || !/[/+]json\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // a JSON content type over an HTML error page (e.g. a CDN timeout)
  }
}

/** A short, secret-free reason for a failed fetch: the system error code when there is one. */
function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = current.cause;
  }
  return error instanceof Error && error.name !== 'TypeError' ? error.name : 'network error';
}

function safeHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'the target';
  }
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
