import { randomBytes } from 'node:crypto';
import { startSandboxServer, type SandboxRequest, type SandboxServer } from '@outport/connector-sdk/sandbox';
import type { Member } from '../wire.js';
import { AudienceStore, problem } from './audiences.js';
import { apiKeyInvalid, createHandler, sendProblem } from './routes.js';

export { subscriberHash } from './audiences.js';

export interface MailchimpSandboxOptions {
  /** The key the sandbox accepts; a random "…-us21" key by default. */
  apiKey?: string;
  /** Audiences that exist from the start; one "Outport sandbox" audience by default. */
  lists?: { id: string; name: string }[];
  /** Delay before every answer, so concurrency shows as it does against Mailchimp (the SDK server's latency fault). */
  latencyMs?: number;
}

export interface MailchimpSandbox {
  /** The API base, ending in `/3.0`: the connector's `apiBaseUrl` setting. */
  url: string;
  apiKey: string;
  /** The first audience's id. */
  listId: string;
  /** Members of an audience (the first by default), with their tags. */
  members(listId?: string): Member[];
  /** Addresses carrying a tag. */
  tagMembers(listId: string, tagName: string): string[];
  /** Batch subscribes refuse these addresses from now on, each with a per-member error. */
  rejectEmails(emails: string[]): void;
  /** How many batch subscribes carried each (lower-cased) address. */
  deliveries(): ReadonlyMap<string, number>;
  setLatency(ms: number): void;
  /** Fault injection (429, 5xx, latency, expired auth) and request stats. */
  server: SandboxServer;
  close(): Promise<void>;
}

/**
 * A local stand-in for the Mailchimp Marketing API v3, close enough for the official client: HTTP
 * Basic auth with the key as password, audiences, batch subscribe with per-member errors and the
 * 500-member cap, tags as static segments, and Mailchimp's problem+json error bodies.
 */
export async function startMailchimpSandbox(options: MailchimpSandboxOptions = {}): Promise<MailchimpSandbox> {
  const apiKey = options.apiKey ?? `${randomBytes(16).toString('hex')}-us21`;
  const lists = options.lists ?? [{ id: 'a1b2c3d4e5', name: 'Outport sandbox' }];
  const listId = lists[0]?.id;
  if (!listId) throw new Error('The Mailchimp sandbox needs at least one audience.');
  const store = new AudienceStore(lists);

  const server = await startSandboxServer({
    handler: createHandler(store, apiKey),
    countRecords: countMembers,
    rateLimitResponse: (res, retryAfterMs, via) =>
      // Mailchimp itself names no delay; a test that asks for Retry-After gets the header.
      sendProblem(
        res,
        problem(429, 'TooManyRequests', 'You have exceeded the limit of 10 simultaneous connections.'),
        via === 'header' ? { 'retry-after': String(retryAfterMs / 1000) } : {},
      ),
    serverErrorResponse: (res, status) =>
      sendProblem(res, problem(status, status === 503 ? 'Service Unavailable' : 'InternalServerError', 'An unexpected internal error has occurred. Please contact Support for more information.')),
    authErrorResponse: (res) => sendProblem(res, apiKeyInvalid()),
  });
  const setLatency = (ms: number) => server.inject({ kind: 'latency', ms });
  if (options.latencyMs) setLatency(options.latencyMs);

  return {
    url: `${server.url.replace(/\/+$/, '')}/3.0`,
    apiKey,
    listId,
    members: (id = listId) => store.members(id),
    tagMembers: (id, tagName) => store.tagMembers(id, tagName),
    rejectEmails: (emails) => store.refuse(emails),
    deliveries: () => store.deliveries,
    setLatency,
    server,
    close: () => server.close(),
  };
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
