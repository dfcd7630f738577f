import { PermanentError } from '../errors.js';
import { canonicalIp, classifyAddress, type AddressKind } from './address-class.js';

/**
 * The outbound-address policy: which addresses the server may connect to on a connection's behalf.
 * Connection settings name hosts (API base URLs, storage endpoints, SFTP servers), so without it
 * anyone who may create a connection could make the server probe its own network or read a cloud
 * metadata endpoint. The host sets it once per process; every connector applies it through the
 * SDK's HTTP client, agents and socket helper.
 */

export interface OutboundPolicySettings {
  /** Loopback, private (RFC 1918, CGNAT, unique-local) and link-local addresses become reachable. */
  allowPrivateTargets?: boolean;
  /**
   * Exact `host:port` or `ip:port` entries reachable whatever their address (IPv6 as `[::1]:8080`):
   * the host's own in-process sandboxes, or one internal service the operator trusts.
   */
  allowedTargets?: readonly string[];
}

export interface OutboundPolicy {
  allowPrivateTargets: boolean;
  /** Normalised entries: lower-case host or canonical IP, then the port. */
  allowedTargets: readonly string[];
}

/** The code a refusal carries, so it is recognised after a client library re-wraps it. */
export const OUTBOUND_REFUSED = 'OUTPORT_OUTBOUND_REFUSED';

const BRAND = Symbol.for('outport.outbound-refused');

/**
 * A connection refused by the policy. Thrown before any socket opens, so it says nothing about
 * whether anything listens there; permanent, because retrying cannot change the answer.
 */
export class OutboundAddressError extends PermanentError {
  readonly [BRAND] = true;
  readonly code = OUTBOUND_REFUSED;

  constructor(message: string) {
    super(message);
    this.name = 'OutboundAddressError';
  }
}

/** Whether an error is (or was re-wrapped from) a refusal, from any copy of the SDK. */
export function isOutboundAddressError(error: unknown): error is Error & { code: typeof OUTBOUND_REFUSED } {
  return error instanceof Error && ((error as unknown as Record<symbol, unknown>)[BRAND] === true || (error as { code?: unknown }).code === OUTBOUND_REFUSED);
}

/**
 * The refusal inside an error a client library built around it (fetch's "fetch failed" TypeError,
 * Azure's RestError, which keeps the code and message), as the SDK's own error; undefined if none.
 */
export function findOutboundRefusal(error: unknown): OutboundAddressError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof OutboundAddressError) return current;
    if (isOutboundAddressError(current)) return new OutboundAddressError(current.message);
    current = current.cause;
  }
  return undefined;
}

// Process-wide, under a registry-wide symbol: a connector that resolved its own copy of the SDK must
// obey the policy the host set through another copy.
const STATE = Symbol.for('outport.outboundPolicy');
type Holder = { [STATE]?: OutboundPolicy };

/** Sets the process's policy (the host calls this at boot). Invalid entries throw, naming them. */
export function configureOutboundPolicy(settings: OutboundPolicySettings): void {
  (globalThis as Holder)[STATE] = {
    allowPrivateTargets: settings.allowPrivateTargets ?? false,
    allowedTargets: (settings.allowedTargets ?? []).map(parseOutboundTarget),
  };
}

/** Forgets what the host set: the policy is read from the environment again. */
export function resetOutboundPolicy(): void {
  delete (globalThis as Holder)[STATE];
}

/**
 * Puts a policy in force for a while (the conformance kit, tests) and returns a function that puts
 * back exactly what was in force before: the host's policy, or none so the environment is read
 * again. Calling the function more than once restores once.
 */
export function overrideOutboundPolicy(settings: OutboundPolicySettings): () => void {
  const holder = globalThis as Holder;
  const had = STATE in holder;
  const previous = holder[STATE];
  configureOutboundPolicy(settings);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (had) holder[STATE] = previous;
    else delete holder[STATE];
  };
}

/**
 * Makes one `host:port` reachable from now on, e.g. a sandbox the host just started on loopback.
 * Returns a function that takes the entry away again.
 */
export function allowOutboundTarget(target: string): () => void {
  const entry = parseOutboundTarget(target);
  const holder = globalThis as Holder;
  const current = outboundPolicy();
  holder[STATE] = { ...current, allowedTargets: [...current.allowedTargets, entry] };
  return () => {
    const now = holder[STATE];
    if (!now) return;
    const index = now.allowedTargets.indexOf(entry);
    if (index >= 0) holder[STATE] = { ...now, allowedTargets: now.allowedTargets.filter((_, i) => i !== index) };
  };
}

/**
 * The policy in force: what the host set, or else the environment (`OUTPORT_ALLOW_PRIVATE_TARGETS`,
 * `OUTPORT_ALLOWED_TARGETS`), read at each call so a process without a host (a connector's own
 * tests, the CLI) still follows its operator's settings.
 */
export function outboundPolicy(): OutboundPolicy {
  const set = (globalThis as Holder)[STATE];
  if (set) return set;
  const allow = process.env.OUTPORT_ALLOW_PRIVATE_TARGETS?.trim();
  const list = process.env.OUTPORT_ALLOWED_TARGETS ?? '';
  try {
    return {
      allowPrivateTargets: allow === 'true',
      allowedTargets: list.split(',').map((s) => s.trim()).filter(Boolean).map(parseOutboundTarget),
    };
  } catch (error) {
    throw new PermanentError(`OUTPORT_ALLOWED_TARGETS is not valid: ${(error as Error).message}`);
  }
}

/**
 * One allow-list entry in its normalised form (`host:port`, `1.2.3.4:port`, `[::1]:port`). Throws
 * a TypeError that says what is wrong; hosts validate their configuration with it.
 */
export function parseOutboundTarget(entry: string): string {
  const text = entry.trim();
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new TypeError(`"${text}" is not host:port (e.g. 127.0.0.1:4010, sandbox.internal:443 or [::1]:4010)`);
  }
  const host = match[1]!;
  const ip = canonicalIp(host);
  if (ip === null && (host.startsWith('[') || !/^[a-z0-9.-]+$/i.test(host))) throw new TypeError(`"${text}" does not name a valid host`);
  return targetKey(ip ?? host, port);
}

/** One connection attempt: the host as configured, the port, and the address it would reach. */
export interface OutboundTarget {
  host: string;
  port: number;
  address: string;
}

const PRIVATE_KINDS = new Set<AddressKind>(['loopback', 'private', 'link-local']);

/**
 * Why the policy refuses a connection, or null when it may go ahead. Allow-listed host:port or
 * ip:port pass whatever the address; public addresses pass; private ones only when allowed.
 */
export function outboundRefusal(target: OutboundTarget, policy: OutboundPolicy = outboundPolicy()): OutboundAddressError | null {
  const address = canonicalIp(target.address);
  if (address === null) return new OutboundAddressError(`Outport could not check the address it was about to connect to (${target.address}).`);
  const host = canonicalIp(target.host) ?? target.host;
  if (policy.allowedTargets.includes(targetKey(address, target.port)) || policy.allowedTargets.includes(targetKey(host, target.port))) return null;
  const kind = classifyAddress(address);
  if (kind === 'public' || (policy.allowPrivateTargets && PRIVATE_KINDS.has(kind))) return null;
  return new OutboundAddressError(refusalMessage(kind, host === address ? address : `${target.host} resolves to ${address}`));
}

function refusalMessage(kind: AddressKind, what: string): string {
  switch (kind) {
    case 'loopback':
    case 'private':
    case 'link-local':
      return `Outport does not connect to private, loopback or link-local addresses (${what}). An operator can allow them with OUTPORT_ALLOW_PRIVATE_TARGETS=true.`;
    case 'metadata':
      return (
        `Outport does not connect to cloud metadata addresses (${what}), even when private addresses are allowed. ` +
        'An operator who really means it must list the exact host:port in OUTPORT_ALLOWED_TARGETS.'
      );
    default:
      return `Outport connects only to public unicast addresses, not to ${kind} addresses (${what}).`;
  }
}

function targetKey(host: string, port: number): string {
  const name = host.toLowerCase().replace(/\.$/, '');
  return `${name.includes(':') ? `[${name}]` : name}:${port}`;
}
