/**
 * Telling "the database is not there right now" (a restart, a failover, a network cut) from every
 * other database error, and waiting it out. Such errors say nothing about the work that met them:
 * the same statement succeeds once the server is back, so long-running work (a run) waits instead
 * of failing.
 */

/** PostgreSQL SQLSTATEs of a server going away or not taking connections yet. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: terminating connection due to administrator command (a fast or immediate stop)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting up or recovering
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);

/** Node's socket errors when nothing listens, or the peer went away. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** node-postgres' own words for a connection that broke or never came. */
const CLIENT_MESSAGES = [/connection terminated/i, /terminating connection/i, /timeout exceeded when trying to connect/i, /client has encountered a connection error/i, /connection is closed/i, /the database system is (starting up|shutting down|in recovery mode)/i];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailable) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_STATES.has(code) || SOCKET_CODES.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && CLIENT_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

/** The database stayed unavailable longer than the work would wait; `since` is when it was first found down. */
export class DatabaseUnavailable extends Error {
  constructor(
    readonly since: number,
    cause: unknown,
  ) {
    super(`The database has been unavailable for ${Math.round((Date.now() - since) / 1000)} s.`, { cause });
  }
}

/** An outage of the database as this process saw it: since when, for how long, and an id for it. */
export interface Outage {
  since: number;
  ms: number;
  key: string;
}

export interface WaitOptions {
  /** How long to keep trying before giving up with DatabaseUnavailable. */
  patienceMs: number;
  signal?: AbortSignal;
  /** Called once the work succeeded after the database had been unavailable. */
  onRecovered?: (outage: Outage) => void | Promise<void>;
}

/**
 * Backs off from 200 ms to 1 s between attempts: a holder of a run's lease must be back within a
 * fraction of the lease once the database is (see RunRecovery).
 */
export const backoff = (attempt: number): number => Math.min(1_000, 200 * 2 ** Math.min(attempt, 3));

export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
