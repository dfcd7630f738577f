import { randomBytes } from 'node:crypto';
import type { RequestLimitsInput } from '@outport/connector-sdk';
import { startSandboxServer, type SandboxRequest, type SandboxServer } from '@outport/connector-sdk/sandbox';
import { KLAVIYO_REVISION, MAX_JOB_PAYLOAD_BYTES, MAX_PROFILES_PER_JOB, MAX_PROFILES_PER_REMOVAL, RATE } from '../wire.js';
import { FixedWindows } from './rate-limits.js';
import { authenticationFailed, sendError, serverError, throttled } from './responses.js';
import { createHandler, routeOf } from './routes.js';
import { KlaviyoStore, type StoredJob, type StoredList, type StoredProfile } from './store.js';

export type { StoredJob, StoredList, StoredProfile } from './store.js';

/**
 * Klaviyo's stable revisions the sandbox serves: quarterly releases from 2024-10-15 on. Klaviyo
 * keeps a revision for two years; older dates and dates that are not revisions are refused.
 */
export const SANDBOX_REVISIONS = ['2024-10-15', '2025-01-15', '2025-04-15', '2025-07-15', '2025-10-15', '2026-01-15', '2026-04-15', KLAVIYO_REVISION, '2026-10-15'];

/**
 * Klaviyo's documented limits, as the sandbox measures requests against them: per endpoint, the
 * burst and steady windows its reference gives, 10,000 profiles and 5 MB per import job and 1,000
 * profiles per removal.
 */
export const KLAVIYO_LIMITS: RequestLimitsInput = {
  operations: {
    upsert: { recordsPerRequest: MAX_PROFILES_PER_JOB, bytesPerRequest: MAX_JOB_PAYLOAD_BYTES, requestsPerInterval: RATE.M },
    remove: { recordsPerRequest: MAX_PROFILES_PER_REMOVAL, requestsPerInterval: RATE.M },
    'poll-job': { requestsPerInterval: RATE.M },
    'import-errors': { requestsPerInterval: RATE.M },
    'job-profiles': { requestsPerInterval: RATE.M },
    'find-members': { requestsPerInterval: RATE.L },
    'find-list': { requestsPerInterval: RATE.L },
    'get-list': { requestsPerInterval: RATE.L },
    'create-list': { requestsPerInterval: [...RATE.M, RATE.DAILY_LISTS] },
    'add-members': { recordsPerRequest: MAX_PROFILES_PER_REMOVAL, requestsPerInterval: RATE.M },
    'list-count': { requestsPerInterval: RATE.XS },
    account: { requestsPerInterval: RATE.XS },
  },
};

/** Every option's default is Klaviyo's behaviour, except where its name says otherwise. */
export interface KlaviyoSandboxOptions {
  /** The port to listen on (127.0.0.1); a free one by default. */
  port?: number;
  /** The private key the sandbox accepts; a random `pk_` key by default. */
  apiKey?: string;
  /** How long a new import job stays `queued`. Default 200 ms (Klaviyo: seconds to minutes). */
  jobQueuedMs?: number;
  /** How long a job is `processing` before it is `complete`. Default 300 ms. */
  jobProcessingMs?: number;
  /** Revisions accepted in the `revision` header. Default SANDBOX_REVISIONS. */
  revisions?: string[];
  /**
   * Klaviyo's per-endpoint rate limits, answered with 429 and Retry-After. Default true; false turns
   * them off (looser than Klaviyo), which the benchmark's own-process sandbox does not do.
   */
  enforceRateLimits?: boolean;
  /** Time the sandbox spends on every request. */
  latencyMs?: number;
}

export interface KlaviyoSandbox {
  /** The connector's `apiBaseUrl` setting. */
  url: string;
  apiKey: string;
  server: SandboxServer;
  /** A list by its name (the first created with it). */
  list(name: string): StoredList | undefined;
  lists(): StoredList[];
  /** Profiles on a list. */
  members(listId: string): StoredProfile[];
  /** A profile by email. */
  profile(email: string): StoredProfile | undefined;
  jobs(): StoredJob[];
  /** Profiles completed import jobs added to the list, every copy counted (a batch sent twice counts twice). */
  deliveries(listId: string): number;
  /** Import jobs refuse these emails from now on, each with an import error. */
  rejectEmails(emails: Iterable<string>): void;
  /** The next `count` import jobs end `cancelled`, with nothing applied, as when Klaviyo cancels a job. */
  cancelJobs(count: number): void;
  /** Changes how long jobs stay queued and processing. */
  setJobTiming(timing: { queuedMs?: number; processingMs?: number }): void;
  /** Replaces the accepted key (the old one is refused from now on, as after a key is revoked). */
  rotateKey(apiKey?: string): string;
  close(): Promise<void>;
}

/** A private key in Klaviyo's shape: `pk_` and 34 letters and digits. */
export function sandboxApiKey(): string {
  return `pk_${randomBytes(17).toString('hex')}`;
}

/**
 * A local stand-in for Klaviyo's API (revision 2026-07-15), close enough for the official
 * `klaviyo-api` client: private-key auth and Klaviyo's 401s, the required `revision` header,
 * JSON:API bodies and errors, lists found by filter and created, bulk import jobs with their state
 * machine and paginated import errors, list members looked up and removed, the documented limits,
 * and per-endpoint rate limits answered with 429 and Retry-After.
 */
export async function startKlaviyoSandbox(options: KlaviyoSandboxOptions = {}): Promise<KlaviyoSandbox> {
  let apiKey = options.apiKey ?? sandboxApiKey();
  const store = new KlaviyoStore({ queuedMs: options.jobQueuedMs ?? 200, processingMs: options.jobProcessingMs ?? 300 });
  const windows = options.enforceRateLimits === false ? undefined : new FixedWindows();
  let origin = '';

  const handler = createHandler({ store, apiKey: () => apiKey, revisions: new Set(options.revisions ?? SANDBOX_REVISIONS), windows, origin: () => origin });
  const server = await startSandboxServer({
    ...(options.port ? { port: options.port } : {}),
    handler,
    countRecords,
    operationOf: (req) => routeOf(req)?.route.operation(req),
    targetLimits: KLAVIYO_LIMITS,
    rateLimitResponse: (res, retryAfterMs, via) => sendError(res, throttled(retryAfterMs, via !== 'none')),
    serverErrorResponse: (res, status) => sendError(res, serverError(status)),
    authErrorResponse: (res) => sendError(res, authenticationFailed()),
  });
  origin = server.url;
  if (options.latencyMs) server.inject({ kind: 'latency', ms: options.latencyMs });

  return {
    url: server.url,
    get apiKey() {
      return apiKey;
    },
    server,
    list: (name) => store.listByName(name),
    lists: () => [...store.lists.values()],
    members: (listId) => store.members(listId),
    profile: (email) => store.profileByEmail(email),
    jobs: () => [...store.jobs.values()],
    deliveries: (listId) => store.deliveries(listId),
    rejectEmails: (emails) => store.refuse(emails),
    cancelJobs: (count) => store.cancelJobs(count),
    setJobTiming: (timing) => store.setTiming({ ...(timing.queuedMs !== undefined ? { queuedMs: timing.queuedMs } : {}), ...(timing.processingMs !== undefined ? { processingMs: timing.processingMs } : {}) }),
    rotateKey: (next = sandboxApiKey()) => (apiKey = next),
    close: async () => {
      store.close();
      await server.close();
    },
  };
}

/** Profiles an import job carries, or profile identifiers a list-membership call carries. */
function countRecords(req: SandboxRequest): number {
  if (req.body.length === 0) return 0;
  const body = req.json<{ data?: { attributes?: { profiles?: { data?: unknown[] } } } | unknown[] }>();
  if (Array.isArray(body?.data)) return body.data.length;
  return body?.data?.attributes?.profiles?.data?.length ?? 0;
}

export { startDemoSandbox } from './demo.js';
