import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction, Socket } from 'node:net';
import { canonicalIp } from './address-class.js';
import { outboundRefusal, type OutboundAddressError } from './policy.js';

/**
 * The three checkpoints every outbound connection passes, so the policy holds for the address
 * actually connected to (a name that resolves to a private address, or starts to after a first
 * check: DNS rebinding):
 * 1. an IP-literal host is checked before connecting (Node skips `lookup` for literals);
 * 2. a name is resolved through a guarded `lookup` that drops refused addresses before a socket opens;
 * 3. the peer of the connected socket is checked once more, and the socket destroyed if refused.
 */

/** A refusal for an IP-literal host in any notation (`127.1`, `[::ffff:7f00:1]`), or null. */
export function literalHostRefusal(host: string, port: number): OutboundAddressError | null {
  const ip = canonicalIp(host);
  return ip === null ? null : outboundRefusal({ host, port, address: ip });
}

export type Resolver = (hostname: string, options: LookupOptions & { all: true }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * A `lookup` for net/tls connect that resolves `host` and hands back only the addresses the policy
 * allows for `port`; when none is left it fails with the refusal, before any socket is opened.
 */
export function guardedLookup(host: string, port: number, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      let refusal: OutboundAddressError | null = null;
      const allowed = addresses.filter((entry) => {
        const refused = outboundRefusal({ host, port, address: entry.address });
        refusal ??= refused;
        return refused === null;
      });
      const first = allowed[0];
      if (!first) return callback(refusal ?? notFound(hostname), '');
      if (options.all) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * Checks the peer as soon as the socket connects (before TLS or any byte is sent) and destroys it
 * with the refusal if the policy refuses it. The listener goes first so no other 'connect' handler
 * sees a refused socket as usable.
 */
export function watchPeer<T extends Socket>(socket: T, host: string, port: number): T {
  socket.prependOnceListener('connect', () => {
    const address = socket.remoteAddress;
    const refusal = address === undefined ? null : outboundRefusal({ host, port: socket.remotePort ?? port, address });
    if (refusal) socket.destroy(refusal);
  });
  return socket;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
}
