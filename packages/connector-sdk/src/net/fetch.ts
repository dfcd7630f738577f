import type { Socket } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch, type Dispatcher } from 'undici';
import { guardedLookup, literalHostRefusal, watchPeer } from './guard.js';

/**
 * fetch through the outbound-address policy. Node's global fetch cannot be given a connect hook
 * without replacing the process-wide dispatcher, so the SDK uses the undici package's own fetch
 * with an Agent whose every new connection is checked (redirects included).
 */

const CONNECT_TIMEOUT_MS = 10_000;

/** An undici dispatcher whose connections obey the policy. */
export function createOutboundDispatcher(options: Agent.Options = {}): Agent {
  return new Agent({
    ...options,
    connect: (opts, callback) => {
      const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
      const refusal = literalHostRefusal(opts.hostname, port);
      if (refusal) return callback(refusal, null);
      // One connector per connection: the lookup must know the port the allow-list is keyed on.
      const connect = buildConnector({ timeout: CONNECT_TIMEOUT_MS, lookup: guardedLookup(opts.hostname, port) });
      // undici's connector returns the socket it is opening (its type says void); the peer check
      // goes on before the connection completes, ahead of undici's own listeners.
      const socket = connect(opts, callback) as unknown as Socket | undefined;
      if (socket) watchPeer(socket, opts.hostname, port);
    },
  });
}

let dispatcher: Dispatcher | undefined;

/** The fetch the SDK's HTTP client uses: WHATWG fetch whose connections obey the policy. */
export const guardedFetch = ((input: string | URL, init?: RequestInit) =>
  undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: (dispatcher ??= createOutboundDispatcher()) })) as unknown as typeof fetch;

/**
 * Retires the guarded fetch's connection pool: requests in flight finish on it, the next ones open
 * new connections, each checked against the policy then in force.
 */
export function retireGuardedFetchConnections(): void {
  const old = dispatcher;
  dispatcher = undefined;
  void old?.close().catch(() => undefined);
}
