import { connect, type Socket } from 'node:net';
import { guardedLookup, literalHostRefusal, watchPeer, type Resolver } from './guard.js';

export interface GuardedSocketOptions {
  host: string;
  port: number;
  signal?: AbortSignal;
  /** Connecting is abandoned after this long with an ETIMEDOUT error. Default 20 s. */
  timeoutMs?: number;
  /** Resolves names instead of the system resolver (tests). */
  resolve?: Resolver;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * A TCP connection to host:port that the outbound-address policy allows, for clients that take a
 * ready socket (ssh2's `sock`). A refused address rejects with an OutboundAddressError before any
 * socket opens; network failures reject with Node's own error (ECONNREFUSED, ENOTFOUND...) so the
 * caller words them as before.
 */
export function connectGuardedSocket(options: GuardedSocketOptions): Promise<Socket> {
  const { host, port, signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<Socket>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const refusal = literalHostRefusal(host, port);
    if (refusal) return reject(refusal);

    const socket = watchPeer(connect({ host, port, lookup: guardedLookup(host, port, options.resolve) }), host, port);
    const settle = (error?: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', settle);
      socket.removeListener('connect', onConnect);
      if (error) {
        socket.destroy();
        reject(error);
      } else resolve(socket);
    };
    // watchPeer's listener runs first: a refused peer is destroyed by then and its error follows.
    const onConnect = () => {
      if (!socket.destroyed) settle();
    };
    const onAbort = () => settle(signal!.reason as Error);
    const timer = setTimeout(
      () => settle(Object.assign(new Error(`connect ETIMEDOUT ${host}:${port}`), { code: 'ETIMEDOUT' })),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', settle);
    socket.once('connect', onConnect);
  });
}
