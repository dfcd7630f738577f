import {
  AuthError,
  type ConnectorError,
  isConnectorError,
  PermanentError,
  RateLimitedError,
  RetryableError,
} from './errors.js';

/**
 * Retrying with backoff, and the one place that knows how each target says "slow down": a
 * `Retry-After` header (Klaviyo, Azure), a delay in the body (Google's `retryDelay`, HubSpot's
 * rolling-window policy), throttling codes inside an HTTP 400 (Meta), or a bare 429 (Mailchimp,
 * LinkedIn), which gets exponential backoff with jitter.
 */

export interface RetryOptions {
  /** Attempts in all, the first included. Default 6. */
  maxAttempts?: number;
  /** The backoff before the second attempt; it doubles per attempt. Default 500 ms. */
  baseDelayMs?: number;
  /** The backoff never grows beyond this. Default 30 s. */
  maxDelayMs?: number;
  /**
   * Give up once this long has passed since the first attempt started, whatever the attempt count:
   * for outages that are measured in time (a server restarting), with `maxAttempts: Infinity`. The
   * last wait is shortened so one more attempt is made at the deadline.
   */
  maxElapsedMs?: number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: ConnectorError }) => void;
  /** For tests: the jitter source (0 ≤ n < 1). */
  random?: () => number;
  /** For tests: how to wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** For tests: the clock `maxElapsedMs` is measured on. */
  now?: () => number;
}

const DEFAULT_MAX_ATTEMPTS = 6;
const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 30_000;
/** A target asking for a longer pause than this is not worth waiting for inside one run. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * The backoff after failed attempt `attempt` (1-based): "full jitter", a random delay between 0 and
 * `baseDelayMs × 2^(attempt-1)` capped at `maxDelayMs`, so many clients retrying at once spread out.
 */
export function retryDelay(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (options.random ?? Math.random)());
}

/**
 * Runs `work` until it succeeds, retrying ConnectorErrors of kind `retryable` and `rate-limited`.
 * The wait is the error's `retryAfterMs` when the target gave one (capped at MAX_RETRY_AFTER_MS),
 * otherwise the jittered backoff. Any other error is rethrown as is; the last attempt's error (by
 * count, or at `maxElapsedMs`) says that retries gave up ("…; gave up after 6 attempts"), so a final
 * 429 never reads as a promise. A cancelled signal stops at once with its reason; a signal that times
 * out while waiting to retry gives the failure that was being retried (its words and system error
 * code say more than "timed out").
 */
export async function withRetry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const { signal, maxElapsedMs } = options;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal);
    try {
      return await work(attempt);
    } catch (error) {
      throwIfAborted(signal);
      if (!isConnectorError(error) || !error.isRetryable) throw error;
      const gaveUp = () => (attempt > 1 ? error.withMessage(`${error.message}; gave up after ${attempt} attempts`) : error);
      if (attempt >= maxAttempts) throw gaveUp();
      const left = maxElapsedMs === undefined ? Infinity : maxElapsedMs - (now() - started);
      if (left <= 0) throw gaveUp();
      const delayMs = Math.min(
        left,
        error.retryAfterMs !== undefined ? Math.min(Math.max(0, error.retryAfterMs), MAX_RETRY_AFTER_MS) : retryDelay(attempt, options),
      );
      options.onRetry?.({ attempt, delayMs, error });
      try {
        await sleep(delayMs, signal);
      } catch (aborted) {
        if (isTimeout(signal)) throw error.withMessage(`${error.message}; gave up after ${attempt} attempt${attempt === 1 ? '' : 's'} when the time limit ran out`);
        throw aborted;
      }
      throwIfAborted(signal);
    }
  }
}

/** A signal that ended because its time ran out (AbortSignal.timeout), not because someone cancelled. */
function isTimeout(signal: AbortSignal | undefined): boolean {
  const reason: unknown = signal?.reason;
  return signal?.aborted === true && reason instanceof DOMException && reason.name === 'TimeoutError';
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/** The signal's reason when it is an Error (AbortSignal's default is an AbortError DOMException). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted.', 'AbortError');
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A `Retry-After` value (delta seconds or an HTTP date) in milliseconds; undefined when unusable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined; // "-5" or other numbers-only junk is no date either
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

// Meta (Graph API) throttling codes, usually sent with HTTP 400 or 403: app (4), user (17),
// Pages (32), API-specific (613) and the Business Use Case range (80000-80014).
const META_THROTTLE_CODES = new Set([4, 17, 32, 613]);
const isMetaBucCode = (code: unknown) => typeof code === 'number' && code >= 80000 && code <= 80014;
const AZURE_RETRYABLE_CODES = new Set(['ServerBusy', 'OperationTimedOut', 'InternalError']);

export interface ClassifyOptions {
  /** The target's name for messages ("Klaviyo refused the credentials"); "The target" by default. */
  target?: string;
  /** Values that must never appear in a message (the credentials sent); masked wherever they occur. */
  secrets?: (string | undefined)[];
}

/**
 * Turns a non-2xx HTTP response into the ConnectorError the run engine acts on; `null` for 2xx and
 * 3xx. Messages name the target once and say what happened in plain words, with the target's own
 * explanation after a colon when the body has one (also kept as `detail`, its error code as
 * `code`). Header values are never echoed; the secrets given, and long token-like strings, are
 * masked in case a target quotes the credential back. A rate limit says how long the target asked
 * to wait, never that a retry will follow: whether one does is `withRetry`'s business.
 */
export function classifyHttpResponse(status: number, headers: HeaderBag, body: unknown, options: ClassifyOptions = {}): ConnectorError | null {
  if (status >= 200 && status < 400) return null;
  const target = options.target?.trim() || 'The target';
  const detail = describeBody(body, options.secrets ?? []);
  const said = detail ? `: ${detail}` : '';
  const meta = metaError(body);
  const azureCode = header(headers, 'x-ms-error-code') ?? xmlErrorCode(body);
  const code = azureCode ?? bodyErrorCode(body);
  const base = { status, ...(detail ? { detail } : {}), ...(code ? { code } : {}) };

  if (meta && (META_THROTTLE_CODES.has(meta.code) || isMetaBucCode(meta.code) || isMetaBucCode(meta.subcode))) {
    const retryAfterMs = metaRegainAccessMs(headers);
    return new RateLimitedError(`${rateLimitedText(target, status, retryAfterMs, `Meta error code ${meta.code}`)}${said}`, { ...base, retryAfterMs });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(header(headers, 'retry-after')) ?? bodyRetryAfterMs(body);
    return new RateLimitedError(`${rateLimitedText(target, status, retryAfterMs)}${said}`, { ...base, retryAfterMs });
  }

  const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'));
  if (
    status === 408 ||
    status === 423 ||
    (status >= 500 && status !== 501 && status !== 505) ||
    (azureCode !== undefined && AZURE_RETRYABLE_CODES.has(azureCode)) ||
    (status === 409 && mentions(body, 'CONCURRENT_MODIFICATION')) ||
    meta?.transient === true
  ) {
    const what = azureCode ? `HTTP ${status} ${azureCode}` : `HTTP ${status}`;
    const wait = retryAfterMs !== undefined ? `; it asked to wait ${formatDelay(retryAfterMs)}` : '';
    return new RetryableError(`${target} had a temporary problem (${what}${wait})${said}`, { ...base, retryAfterMs });
  }
  if (status === 401 || meta?.code === 190) {
    return new AuthError(`${target} refused the credentials (HTTP ${status})${said}`, base);
  }
  if (status === 403) {
    return new AuthError(`${target} refused access: the credentials lack permission (HTTP 403)${said}`, base);
  }
  if (status === 404) {
    return new PermanentError(`${target} could not find what was asked for (HTTP 404)${said}`, base);
  }
  return new PermanentError(`${target} rejected the request (HTTP ${status})${said}`, base);
}

function rateLimitedText(target: string, status: number, retryAfterMs: number | undefined, extra?: string): string {
  const parts = [`HTTP ${status}`, ...(extra ? [extra] : []), ...(retryAfterMs !== undefined ? [`it asked to wait ${formatDelay(retryAfterMs)}`] : [])];
  return `${target} is rate limiting requests (${parts.join('; ')})`;
}

/** "250 ms", "2 s", "1.5 s", "3 min". */
export function formatDelay(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metaError(body: unknown): { code: number; subcode?: number; transient: boolean } | undefined {
  if (!isObject(body) || !isObject(body.error)) return undefined;
  const { code, error_subcode: subcode, is_transient: transient } = body.error;
  // Google's `{error: {code: 400, status: ...}}` has the same shape, but its codes are HTTP statuses,
  // which never collide with the Graph codes this module looks for (4, 17, 32, 190, 613, 80000+).
  if (typeof code !== 'number') return undefined;
  return { code, subcode: typeof subcode === 'number' ? subcode : undefined, transient: transient === true };
}

/** Meta's `X-Business-Use-Case-Usage` header: `estimated_time_to_regain_access` in minutes. */
function metaRegainAccessMs(headers: HeaderBag): number | undefined {
  const raw = header(headers, 'x-business-use-case-usage');
  if (!raw) return undefined;
  try {
    const usage: unknown = JSON.parse(raw);
    if (!isObject(usage)) return undefined;
    let minutes = 0;
    for (const entries of Object.values(usage)) {
      for (const entry of Array.isArray(entries) ? (entries as unknown[]) : []) {
        const value = isObject(entry) ? entry.estimated_time_to_regain_access : undefined;
        if (typeof value === 'number' && value > minutes) minutes = value;
      }
    }
    return minutes > 0 ? minutes * 60_000 : undefined;
  } catch {
    return undefined;
  }
}

/** A delay a 429 body gives: generic fields, Google's `retryDelay` ("30s"), HubSpot's window policy. */
function bodyRetryAfterMs(body: unknown): number | undefined {
  if (!isObject(body)) return undefined;
  for (const source of [body, isObject(body.error) ? body.error : {}]) {
    const ms = numeric(source.retry_after_ms) ?? numeric(source.retryAfterMs);
    if (ms !== undefined) return Math.ceil(ms);
    const seconds = numeric(source.retry_after) ?? numeric(source.retryAfter);
    if (seconds !== undefined) return Math.ceil(seconds * 1000);
  }
  const googleDelay = findString(body.error, 'retryDelay', 6);
  const match = googleDelay ? /^(\d+(?:\.\d+)?)s$/.exec(googleDelay) : null;
  if (match) return Math.ceil(Number(match[1]) * 1000);
  // HubSpot documents no delay; its own client waits out the rolling window it names.
  if (body.policyName === 'TEN_SECONDLY_ROLLING') return 10_000;
  if (typeof body.message === 'string' && /secondly limit/i.test(body.message)) return 1_000;
  return undefined;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

function findString(value: unknown, key: string, depth: number): string | undefined {
  if (depth < 0 || typeof value !== 'object' || value === null) return undefined;
  if (!Array.isArray(value)) {
    const own = (value as Record<string, unknown>)[key];
    if (typeof own === 'string') return own;
  }
  for (const child of Object.values(value as Record<string, unknown>)) {
    const found = findString(child, key, depth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function mentions(body: unknown, text: string): boolean {
  try {
    return (typeof body === 'string' ? body : JSON.stringify(body) ?? '').includes(text);
  } catch {
    return false;
  }
}

function xmlErrorCode(body: unknown): string | undefined {
  return typeof body === 'string' ? /<Code>([^<]+)<\/Code>/.exec(body)?.[1] : undefined;
}

const MAX_DETAIL = 300;

/** The human explanation in an error body, in the shapes the supported targets use. */
function describeBody(body: unknown, secrets: (string | undefined)[]): string | undefined {
  let text: string | undefined;
  if (typeof body === 'string') {
    const xml = /<Message>([^<]+)<\/Message>/.exec(body)?.[1];
    if (xml) text = xml.split('\n')[0];
    else if (!/^\s*</.test(body)) text = body; // an HTML error page says nothing useful
  } else if (isObject(body)) {
    const error = isObject(body.error) ? body.error : undefined;
    const first = Array.isArray(body.errors) && isObject(body.errors[0]) ? body.errors[0] : undefined;
    text =
      firstString(body.detail, body.message, body.error_description, error?.error_user_msg, error?.message) ??
      firstString(first?.detail, first?.message, first?.title) ??
      firstString(body.title, typeof body.error === 'string' ? body.error : undefined);
    // Mailchimp's "Invalid Resource" lists the fields at fault.
    if (text && first && body.detail !== undefined) {
      const field = firstString(first.field);
      const message = firstString(first.message);
      if (field && message) text = `${text} (${field}: ${message})`;
    }
  }
  text = text?.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  text = maskTokens(maskSecrets(text, secrets));
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/** A machine-readable error code in the body: JSON:API's `errors[0].code`, or `error.code` / `code` as text. */
function bodyErrorCode(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const first = Array.isArray(body.errors) && isObject(body.errors[0]) ? body.errors[0] : undefined;
  const error = isObject(body.error) ? body.error : undefined;
  const code = firstString(first?.code, error?.code, body.code);
  return code && /^[A-Za-z0-9_.:-]{1,80}$/.test(code) ? code : undefined;
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim()) return value;
  return undefined;
}

/** Replaces each known secret (and, for "Bearer x" style values, the token part) wherever it occurs. */
export function maskSecrets(text: string, secrets: (string | undefined)[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    const value = secret?.trim();
    if (!value) continue;
    forms.add(value);
    // "Bearer <token>", "Klaviyo-API-Key <key>", "Basic <base64>": the credential is the last word.
    const last = value.split(/\s+/).at(-1);
    if (last) forms.add(last);
  }
  let out = text;
  for (const form of [...forms].filter((f) => f.length >= 6).sort((a, b) => b.length - a.length)) out = out.split(form).join('[redacted]');
  return out;
}

// Ids that appear in URL paths and are not credentials: UUIDs, ULIDs (Klaviyo's profile ids), hex
// object ids and plain numbers.
const ORDINARY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-HJKMNP-TV-Z]{26}|[0-9a-f]{1,40}|[0-9]+)$/i;

/**
 * Masks long runs that mix letters and digits (API keys, tokens) a target may quote back. Inside a
 * URL path ("/api/profiles/01GDDKASAP8TKDDA2GRZDSVP4H/") each segment is judged on its own and
 * ordinary ids are kept, so a message can still say which object was meant.
 */
export function maskTokens(text: string): string {
  return text.replace(/[A-Za-z0-9_\-.~+/=]{24,}/g, (run) => {
    const segments = run.split('/');
    // A path starts with a slash (or is the rest of "https://host/...") and names resources in words;
    // anything else (a base64 key may hold slashes) is judged whole.
    const path = run.startsWith('/') && segments.some((segment) => /^[a-z][a-z_-]{2,}$/.test(segment) || /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(segment));
    if (!path) return tokenLike(run) ? '[redacted]' : run;
    return segments
      .map((segment) => (segment.length >= 24 && tokenLike(segment) && !ORDINARY_ID.test(segment) ? '[redacted]' : segment))
      .join('/');
  });
}

function tokenLike(run: string): boolean {
  return /[0-9]/.test(run) && /[A-Za-z]/.test(run);
}
