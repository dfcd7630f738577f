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
  /** The target's name for messages, e.g. "Klaviyo" ("Klaviyo refused the credentials (HTTP 401)"). */
  target?: string;
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
  /** The URL that answered (after redirects): relative links in the body resolve against it. */
  url: string;
  headers: Headers;
  /** Parsed JSON when the response says it is JSON, the text otherwise, `undefined` when empty. */
  body: T;
}

export interface HttpClient {
  request<T = unknown>(method: string, path: string, init?: HttpRequestInit): Promise<HttpResponse<T>>;
  /** The absolute URL a path (relative to the base URL, or absolute) and query resolve to. */
  url(path: string, query?: HttpRequestInit['query']): string;
}

const DEFAULT_TIMEOUT_MS = 120_000;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = options.baseUrl.replace(/\/+$/, '');
  // Only the host goes into messages: a base URL may carry credentials in its user-info part.
  const host = safeHost(options.baseUrl);
  const where = options.target ? `${options.target} at ${host}` : host;
  // Credentials in headers are what a target could quote back; they are masked in every message.
  const secrets = credentialValues(options.headers);

  return {
    url: (path, query) => buildUrl(base, path, query),

    async request<T = unknown>(method: string, path: string, init: HttpRequestInit = {}): Promise<HttpResponse<T>> {
      const url = buildUrl(base, path, init.query);
      const headers: Record<string, string> = { ...options.headers, ...init.headers };
      const masked = [...secrets, ...credentialValues(init.headers)];
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
          const reason = networkReason(error, timeoutMs);
          throw new RetryableError(`Could not reach ${where} (${reason})`, { cause: error, ...(/^E[A-Z_]+$/.test(reason) ? { code: reason } : {}) });
        }
        const failure = classifyHttpResponse(response.status, responseHeaders, parsed, { target: options.target, secrets: masked });
        if (failure) throw failure;
        return { status: response.status, url: response.url || url, headers: responseHeaders, body: parsed as T };
      };

      return withRetry(() => (options.limiter ? options.limiter.run(attempt, signal) : attempt()), {
        ...options.retry,
        signal,
      });
    },
  };
}

/** Header names that carry credentials (Authorization, X-Api-Key, a session cookie, a signature...). */
const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie)$|key|token|secret|auth|password|signature|session/i;

function credentialValues(headers: Record<string, string> | undefined): string[] {
  return Object.entries(headers ?? {})
    .filter(([name]) => CREDENTIAL_HEADER.test(name))
    .map(([, value]) => value);
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

/**
 * A short, secret-free reason for a failed fetch: the system error code (ECONNREFUSED, ENOTFOUND,
 * ECONNRESET, ETIMEDOUT…) when there is one, looked for through causes and, when several addresses
 * were tried, the errors of each.
 */
export function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const code = systemCode(error, 0);
  if (code) return code;
  return error instanceof Error && error.name !== 'TypeError' ? error.name : 'network error';
}

function systemCode(error: unknown, depth: number): string | undefined {
  if (depth > 5 || !(error instanceof Error)) return undefined;
  const code = (error as Error & { code?: unknown }).code;
  // undici's own wrapper codes (UND_ERR_SOCKET…) say less than the system's code beneath them.
  if (typeof code === 'string' && !code.startsWith('UND_ERR')) return code;
  const nested = error instanceof AggregateError ? (error.errors as unknown[]) : [];
  for (const inner of [error.cause, ...nested]) {
    const found = systemCode(inner, depth + 1);
    if (found) return found;
  }
  return typeof code === 'string' ? code : undefined;
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
