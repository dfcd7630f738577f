import { randomBytes } from 'node:crypto';
import { onPreferredPort, startSandboxServer, type SandboxRequest, type SandboxServer, type StartDemoSandbox } from '@outport/connector-sdk/sandbox';
import { MAX_MEMBERS_PER_CALL, type Member } from '../wire.js';
import { AudienceStore } from './audiences.js';
import { apiKeyInvalid, problem, sendProblem, tooManyRequests } from './problems.js';
import { createHandler } from './routes.js';

export { subscriberHash } from './audiences.js';

/** Mailchimp's cap on simultaneously processing requests per user. */
export const MAILCHIMP_MAX_CONNECTIONS = 10;

/**
 * Every option's default is Mailchimp's own behaviour; the others make the sandbox stricter or
 * looser than Mailchimp, and say so in their names.
 */
export interface MailchimpSandboxOptions {
  /** The key the sandbox accepts; a random "…-us21" key by default. Its suffix is the sandbox's data center. */
  apiKey?: string;
  /** Audiences that exist from the start; one "Outport sandbox" audience by default. */
  lists?: { id: string; name: string }[];
  /** Time the sandbox spends on every request, during which it counts as one of the account's connections. */
  latencyMs?: number;
  /**
   * Simultaneous requests the account may have in flight before the next gets Mailchimp's 429
   * "TooManyRequests". Default 10, Mailchimp's cap; `Infinity` switches the cap off (looser).
   */
  maxConnections?: number;
  /**
   * Looser than Mailchimp, which names no delay on its 429s: injected rate-limit faults with
   * `via: 'header'` carry `Retry-After`. Off by default: every 429 comes without one.
   */
  injectedRetryAfterHeader?: boolean;
  /**
   * Stricter than Mailchimp, whose schemas allow extra properties: a body with a field the
   * endpoint's schema does not name gets 400 "Invalid Resource". Off by default.
   */
  rejectUnknownFields?: boolean;
  /** The port to listen on (127.0.0.1); a free one by default. */
  port?: number;
}

export interface MailchimpSandbox {
  /** The API base, ending in `/3.0`: the connector's `apiBaseUrl` setting. */
  url: string;
  apiKey: string;
  /** The first audience's id. */
  listId: string;
  /** Members of an audience (the first by default), with their tags. */
  members(listId?: string): Member[];
  /** One member by address, or undefined when the audience does not have it. */
  member(email: string, listId?: string): Member | undefined;
  /** Addresses carrying a tag. */
  tagMembers(listId: string, tagName: string): string[];
  /** Batch subscribes refuse these addresses from now on, each with a per-member error. */
  rejectEmails(emails: string[]): void;
  /**
   * These people unsubscribed: `by: 'contact'` (default) as through an unsubscribe link, which
   * Mailchimp will not let the account undo; `by: 'account'` as set through the API. People not in
   * the audience are added to it as unsubscribed.
   */
  unsubscribe(emails: string[], options?: { by?: 'contact' | 'account'; listId?: string }): void;
  /** These addresses bounced and were cleaned; they can never be subscribed again. */
  clean(emails: string[], options?: { listId?: string }): void;
  /** How many batch subscribes carried each (lower-cased) address. */
  deliveries(): ReadonlyMap<string, number>;
  /** How many addresses tag updates added to a tag, every copy counted. */
  tagDeliveries(listId: string, tagName: string): number;
  setLatency(ms: number): void;
  /** Fault injection (429, 5xx, network latency, expired auth) and request stats. */
  server: SandboxServer;
  close(): Promise<void>;
}

/**
 * A local stand-in for the Mailchimp Marketing API v3, close enough for the official client: HTTP
 * Basic auth with the key as password, audiences, batch subscribe with per-member errors and
 * Mailchimp's status rules, tags as static segments, bodies checked against the published schemas,
 * the 10-connection cap, and Mailchimp's problem+json error bodies.
 */
export async function startMailchimpSandbox(options: MailchimpSandboxOptions = {}): Promise<MailchimpSandbox> {
  const apiKey = options.apiKey ?? `${randomBytes(16).toString('hex')}-us21`;
  const lists = options.lists ?? [{ id: 'a1b2c3d4e5', name: 'Outport sandbox' }];
  const listId = lists[0]?.id;
  if (!listId) throw new Error('The Mailchimp sandbox needs at least one audience.');
  const store = new AudienceStore(lists, { rejectUnknownFields: options.rejectUnknownFields ?? false });
  const maxConnections = options.maxConnections ?? MAILCHIMP_MAX_CONNECTIONS;

  let latencyMs = options.latencyMs ?? 0;
  const timers = new Set<NodeJS.Timeout>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = await startSandboxServer({
    ...(options.port ? { port: options.port } : {}),
    handler: createHandler({ store, apiKey, maxConnections, latencyMs: () => latencyMs, delay }),
    countRecords: countMembers,
    operationOf: (req) => (countMembers(req) === 0 ? undefined : hasRemovals(req) ? 'remove' : 'upsert'),
    // Addresses tagged with each tag, every copy counted: a segment is a tag, so this is what shows a
    // batch sent twice.
    countDeliveries: (req) => {
      const tag = TAG_PATH.exec(req.path);
      if (req.method !== 'POST' || !tag) return undefined;
      const added = req.json<{ members_to_add?: unknown[] }>().members_to_add?.length ?? 0;
      return [{ item: `${tag[1]}/${tag[2]}`, records: added }];
    },
    // Mailchimp's published limits: 500 members per batch subscribe or tag update, 10 connections.
    targetLimits: { recordsPerRequest: MAX_MEMBERS_PER_CALL, concurrentRequests: Number.isFinite(maxConnections) ? maxConnections : undefined },
    rateLimitResponse: (res, retryAfterMs, via) =>
      sendProblem(
        res,
        tooManyRequests(Number.isFinite(maxConnections) ? maxConnections : MAILCHIMP_MAX_CONNECTIONS),
        options.injectedRetryAfterHeader && via === 'header' ? { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } : {},
      ),
    serverErrorResponse: (res, status) =>
      sendProblem(res, problem(status, status === 503 ? 'Service Unavailable' : 'InternalServerError', 'An unexpected internal error has occurred. Please contact Support for more information.')),
    authErrorResponse: (res) => sendProblem(res, apiKeyInvalid()),
  });

  return {
    url: `${server.url.replace(/\/+$/, '')}/3.0`,
    apiKey,
    listId,
    members: (id = listId) => store.members(id),
    member: (email, id = listId) => store.findMember(id, email),
    tagMembers: (id, tagName) => store.tagMembers(id, tagName),
    rejectEmails: (emails) => store.refuse(emails),
    unsubscribe: (emails, { by = 'contact', listId: id = listId } = {}) => store.unsubscribe(id, emails, by),
    clean: (emails, { listId: id = listId } = {}) => store.clean(id, emails),
    deliveries: () => store.deliveries,
    tagDeliveries: (id, tagName) => {
      const tag = store.segments(id, 'static').find((segment) => segment.name === tagName);
      return tag ? server.deliveries(`${id}/${tag.id}`) : 0;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    server,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await server.close();
    },
  };
}

const TAG_PATH = /^\/3\.0\/lists\/([^/]+)\/segments\/([^/]+)$/;

function hasRemovals(req: SandboxRequest): boolean {
  return (req.json<{ members_to_remove?: unknown[] }>().members_to_remove?.length ?? 0) > 0;
}

/** Members in a request, for the batch size stats: batch subscribe and tag updates. */
function countMembers(req: SandboxRequest): number {
  if (req.method !== 'POST') return 0;
  try {
    const body = req.json<{ members?: unknown[]; members_to_add?: unknown[]; members_to_remove?: unknown[] }>();
    return (body.members?.length ?? 0) + (body.members_to_add?.length ?? 0) + (body.members_to_remove?.length ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The sandbox for a host's demo: Mailchimp's defaults, one "Outport sandbox" audience, and an API
 * key kept between restarts. Members live in memory, so the audience starts empty after a restart.
 */
export const startDemoSandbox: StartDemoSandbox = async ({ port, saved }) => {
  const apiKey = saved?.apiKey ?? `${randomBytes(16).toString('hex')}-us21`;
  const sandbox = await onPreferredPort(port, (p) => startMailchimpSandbox({ apiKey, port: p }));
  return {
    name: 'Mailchimp (sandbox)',
    address: { host: '127.0.0.1', port: sandbox.server.port },
    connection: { settings: { apiBaseUrl: sandbox.url }, secrets: { apiKey } },
    exportOptions: { audienceId: sandbox.listId },
    persist: { apiKey },
    close: () => sandbox.close(),
  };
};
