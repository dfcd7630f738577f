import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { JSON_API_MEDIA_TYPE } from '@outport/connector-sdk';
import type { KlaviyoError } from '../wire.js';

/** Writes a JSON:API document as Klaviyo does (`application/vnd.api+json`). */
export function sendDocument(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': JSON_API_MEDIA_TYPE, 'content-length': String(Buffer.byteLength(text)) } : {}),
    ...headers,
  });
  res.end(text);
}

/** A Klaviyo error object: `status` a number, `source.pointer` `/data/` unless it names something. */
export function klaviyoError(status: number, code: string, title: string, detail: string, source: KlaviyoError['source'] = { pointer: '/data/' }): KlaviyoError {
  return { id: randomUUID(), status, code, title, detail, source, links: {}, meta: {} };
}

export class SandboxHttpError extends Error {
  constructor(
    readonly errors: KlaviyoError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors[0]?.detail ?? 'error');
  }

  get status(): number {
    return this.errors[0]?.status ?? 400;
  }
}

export function sendError(res: ServerResponse, error: SandboxHttpError): void {
  sendDocument(res, error.status, { errors: error.errors }, error.headers);
}

export const invalid = (detail: string, source?: KlaviyoError['source']) => new SandboxHttpError([klaviyoError(400, 'invalid', 'Invalid input.', detail, source)]);

export const notFound = (detail: string) => new SandboxHttpError([klaviyoError(404, 'not_found', 'Not found.', detail)]);

/** No `Authorization`, or not the `Klaviyo-API-Key` scheme (Klaviyo's words, as its API answers). */
export const notAuthenticated = () =>
  new SandboxHttpError([klaviyoError(401, 'not_authenticated', 'Authentication credentials were not provided.', 'Missing or invalid authorization scheme. Please use Klaviyo-API-Key.')]);

/** A private key the account does not have (or no longer has). */
export const authenticationFailed = () =>
  new SandboxHttpError([klaviyoError(401, 'authentication_failed', 'Incorrect authentication credentials.', 'Incorrect authentication credentials.')]);

/** Klaviyo's 429: the JSON:API `throttled` error and, in place of the RateLimit-* headers, Retry-After in seconds. */
export function throttled(retryAfterMs: number, withHeader = true): SandboxHttpError {
  const seconds = Math.max(0, Math.ceil(retryAfterMs / 1000));
  const error = klaviyoError(429, 'throttled', 'Request was throttled.', `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`, { pointer: '/data' });
  error.links = { type: 'https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling#rate-limits' };
  return new SandboxHttpError([error], withHeader ? { 'retry-after': String(seconds) } : {});
}

export const serverError = (status: number) =>
  new SandboxHttpError([
    klaviyoError(status, status === 503 ? 'service_unavailable' : 'error', status === 503 ? 'Service unavailable.' : 'A server error occurred.', 'The service is temporarily unavailable (simulated by the sandbox).'),
  ]);
