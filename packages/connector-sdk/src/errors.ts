/**
 * Every failure a connector reports is one of these kinds, so the run engine can react the same way
 * for every target: retry (after the target's delay when it gave one), slow down, stop and ask for
 * new credentials, reject one record, or give up.
 */
export const ERROR_KINDS = ['retryable', 'rate-limited', 'auth', 'invalid-record', 'permanent'] as const;
export type ConnectorErrorKind = (typeof ERROR_KINDS)[number];

/**
 * A registry-wide brand: a connector may resolve its own copy of the SDK (or another version), so
 * callers recognise connector errors by this mark, never by `instanceof`.
 */
const BRAND = Symbol.for('outport.connector-error');

export interface ConnectorErrorOptions {
  /** The server's delay before another try (rate limits, temporary problems). */
  retryAfterMs?: number;
  /** The HTTP status the target answered, when there was one. */
  status?: number;
  /** The target's own explanation (masked, one line), when it gave one; also part of the message. */
  detail?: string;
  /** The target's own error code (JSON:API `code`, Azure's `x-ms-error-code`), when it gave one. */
  code?: string;
  cause?: unknown;
}

export class ConnectorError extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly options: ConnectorErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
  }

  /** The same error (its class, kind, status, delay and cause) with other words, e.g. once retries gave up. */
  withMessage(message: string): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true });
    if (this.cause !== undefined) Object.defineProperty(copy, 'cause', { value: this.cause, writable: true, configurable: true });
    copy.stack = this.stack?.replace(this.message, message);
    return copy;
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }

  get isRetryable(): boolean {
    return this.kind === 'retryable' || this.kind === 'rate-limited';
  }
}

export class RetryableError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('retryable', message, options);
  }
}

export class RateLimitedError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('rate-limited', message, options);
  }
}

export class AuthError extends ConnectorError {
  constructor(message: string, options: Omit<ConnectorErrorOptions, 'retryAfterMs'> = {}) {
    super('auth', message, options);
  }
}

export class InvalidRecordError extends ConnectorError {
  constructor(message: string, options: Omit<ConnectorErrorOptions, 'retryAfterMs'> = {}) {
    super('invalid-record', message, options);
  }
}

export class PermanentError extends ConnectorError {
  constructor(message: string, options: Omit<ConnectorErrorOptions, 'retryAfterMs'> = {}) {
    super('permanent', message, options);
  }
}

/** Which identity changed: the connection setting that holds the trusted value, and both values. */
export interface IdentityChange {
  /** The connection setting that holds the identity the connection trusts, e.g. `hostKeyFingerprint`. */
  setting: string;
  /** The value stored with the connection. */
  trusted: string;
  /** What the target presented instead. */
  offered: string;
}

/**
 * The target proved an identity (an SSH host key, say) other than the one the connection trusts,
 * before anything was sent. Like an auth error it stops tests and runs until an admin acts: either
 * the target really changed, and the admin accepts `offered` by saving it as the connection's
 * `setting`, or something is intercepting the connection. The message names both values.
 */
export class IdentityChangedError extends ConnectorError {
  constructor(
    message: string,
    readonly change: IdentityChange,
    options: { cause?: unknown } = {},
  ) {
    super('auth', message, options);
    this.name = 'IdentityChangedError';
  }
}

/** The identity change an error reports, recognised across SDK copies (by brand and shape, not class). */
export function identityChangeOf(error: unknown): IdentityChange | undefined {
  if (!isConnectorError(error)) return undefined;
  const change = (error as { change?: Partial<IdentityChange> }).change;
  if (typeof change?.setting !== 'string' || typeof change.trusted !== 'string' || typeof change.offered !== 'string') return undefined;
  return { setting: change.setting, trusted: change.trusted, offered: change.offered };
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[BRAND] === true &&
    ERROR_KINDS.includes((error as { kind?: ConnectorErrorKind }).kind as ConnectorErrorKind)
  );
}
