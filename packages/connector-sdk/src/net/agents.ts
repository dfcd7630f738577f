import http, { type ClientRequestArgs } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PermanentError } from '../errors.js';
import { guardedLookup, literalHostRefusal, watchPeer } from './guard.js';

/**
 * Node `http.Agent` / `https.Agent` that apply the outbound-address policy, for official client
 * libraries built on Node's http module (Mailchimp's superagent, Azure's core-rest-pipeline, any
 * client that takes an `agent`). Redirects those clients follow go through the same agent.
 *
 * Policy changes apply to new connections; a kept-alive socket to an address allowed earlier is reused.
 */

type Callback = (err: Error | null, stream: Duplex) => void;
type Connect = (options: ClientRequestArgs, callback?: Callback) => Duplex | null | undefined;

function guardedConnection(options: ClientRequestArgs, callback: Callback | undefined, defaultPort: number, connect: Connect): Duplex | undefined {
  const host = (options.host ?? options.hostname ?? 'localhost').replace(/^\[|\]$/g, '');
  const port = Number(options.port) || defaultPort;
  const refusal = literalHostRefusal(host, port);
  if (refusal) {
    // Through the agent's callback, so the request fails with the refusal and no socket exists.
    if (callback) {
      process.nextTick(callback, refusal);
      return undefined;
    }
    throw refusal;
  }
  const socket = connect({ ...options, lookup: guardedLookup(host, port) }, callback);
  return socket ? watchPeer(socket as Socket, host, port) : undefined;
}

export class GuardedHttpAgent extends http.Agent {
  override createConnection(options: ClientRequestArgs, callback?: Callback): Duplex | null | undefined {
    return guardedConnection(options, callback, 80, (o, cb) => super.createConnection(o, cb));
  }
}

export class GuardedHttpsAgent extends https.Agent {
  override createConnection(options: ClientRequestArgs, callback?: Callback): Duplex | null | undefined {
    return guardedConnection(options, callback, 443, (o, cb) => super.createConnection(o, cb));
  }
}

/** A new guarded agent for `http:` (keep-alive by default, like Node's global agent). */
export function createOutboundHttpAgent(options: http.AgentOptions = {}): GuardedHttpAgent {
  return new GuardedHttpAgent({ keepAlive: true, ...options });
}

/** A new guarded agent for `https:` (keep-alive by default, like Node's global agent). */
export function createOutboundHttpsAgent(options: https.AgentOptions = {}): GuardedHttpsAgent {
  return new GuardedHttpsAgent({ keepAlive: true, ...options });
}

let shared: { http?: GuardedHttpAgent; https?: GuardedHttpsAgent } = {};

/**
 * The process's shared guarded agent for a URL's protocol: what a connector hands its client
 * library, so connections are pooled across calls the way Node's global agents pool them.
 */
export function outboundAgent(url: string | URL): GuardedHttpAgent | GuardedHttpsAgent {
  const protocol = new URL(url).protocol;
  if (protocol === 'https:') return (shared.https ??= createOutboundHttpsAgent());
  if (protocol === 'http:') return (shared.http ??= createOutboundHttpAgent());
  throw new PermanentError(`Outport connects over http: or https:, not ${protocol}`);
}

/**
 * Closes the shared agents' idle kept-alive sockets, leaving requests in flight alone. A stricter
 * policy applies to new connections only, so whoever tightens it (the conformance kit) drops these
 * first: a socket opened while an address was allowed would otherwise be reused.
 */
export function closeIdleOutboundSockets(): void {
  for (const agent of [shared.http, shared.https]) {
    for (const sockets of Object.values(agent?.freeSockets ?? {})) for (const socket of sockets ?? []) socket.destroy();
  }
}

/** Closes the shared agents' pooled sockets (tests, shutdown). */
export function destroyOutboundAgents(): void {
  shared.http?.destroy();
  shared.https?.destroy();
  shared = {};
}
