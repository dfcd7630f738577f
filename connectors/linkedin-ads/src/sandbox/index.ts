import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  onPreferredPort,
  sendJson,
  startSandboxServer,
  type SandboxFault,
  type SandboxRequest,
  type SandboxServer,
  type SandboxStats,
  type StartDemoSandbox,
} from '@outport/connector-sdk/sandbox';
import {
  LinkedInState,
  isObject,
  type CompanyMember,
  type SegmentType,
  type StoredSegment,
} from './state.js';

/**
 * A local stand-in for LinkedIn's Marketing API (versioned `/rest` endpoints): bearer auth, the
 * Rest.li headers and the `LinkedIn-Version` window, one ad account, DMP segments (create, find by
 * account, get) and their `/users` and `/companies` BATCH_CREATE endpoints with per-element answers,
 * partial matching, the BUILDING → READY life of a new segment and the per-member rate limit of the
 * member endpoints. Fault injection and request stats come from the SDK's sandbox server.
 *
 * Every default is LinkedIn's documented behaviour (README, "Sandbox", gives the sources); the
 * options make it stricter or looser by name, mostly to keep tests fast.
 */

export interface LinkedInSandboxOptions {
  /** The token the sandbox accepts. */
  accessToken?: string;
  /** The one ad account the token can use (its number). */
  adAccountId?: string;
  /**
   * For this long after a segment is created, its member endpoints answer 404 ("Could not find DMP
   * segment") as LinkedIn's do. Default 5 s: LinkedIn says to wait 5 seconds before adding members.
   */
  readyAfterMs?: number;
  /**
   * How long a new segment is BUILDING before LinkedIn first reports its size (`audienceSize`,
   * `matchedCount`, `inputCount`). Default 48 hours, the longest LinkedIn says initial processing
   * takes. After that it is READY once it has `minAudienceSize` matched members.
   */
  buildingMs?: number;
  /**
   * The share (0-1) of identifiers that match a LinkedIn member (or, for companies, a Page). Each
   * identifier's fate is decided from its hash, so reruns agree. Default 0.5.
   */
  matchRate?: number;
  /** Matched members a segment needs before it is READY. Default 300, LinkedIn's minimum to serve. */
  minAudienceSize?: number;
  /** Members one matched company adds to a company segment's `audienceSize`. Default 100. */
  membersPerCompany?: number;
  /**
   * Calls each member (token) may make to the member endpoints per `rateWindowMs`; one more is
   * answered 429. Default 600 (`users`) and 300 (`companies`) a minute, LinkedIn's published limits.
   */
  requestsPerMinute?: { users?: number; companies?: number };
  /** The window `requestsPerMinute` counts in. Default 60 s. */
  rateWindowMs?: number;
  /**
   * Months a monthly `LinkedIn-Version` is served after its release; older and unreleased versions
   * are refused with 426 NONEXISTENT_VERSION. Default 12: LinkedIn supports each version for a year.
   */
  versionSupportMonths?: number;
  /** The sandbox's clock (segment ages, the version window, rate windows). Default `Date.now`. */
  now?: () => number;
  /** Added to every answer (the SDK's latency fault, set from the start). */
  latencyMs?: number;
  /**
   * Stricter than LinkedIn (off by default): elements one BATCH_CREATE may carry, more refused with a
   * 400. LinkedIn publishes no cap, so by default the sandbox takes any number, as documented.
   */
  maxElementsPerRequest?: number;
  /** The port to listen on (127.0.0.1); a free one by default. */
  port?: number;
}

export interface AudienceView {
  id: string;
  name: string;
  type: SegmentType;
  sourceSegmentId: string;
  /** Members (or companies) now in the audience, matched or not: what was uploaded, deduplicated. */
  size: number;
  /** What LinkedIn reports now: BUILDING or READY. */
  status: SegmentStatus;
  /** The matched members LinkedIn can target (for companies, the members at matched companies). */
  audienceSize: number;
  /** USER audiences: the SHA-256 email hashes held. */
  members: string[];
  /** COMPANY audiences: the companies held. */
  companies: CompanyMember[];
}

export interface ReceivedRequest {
  method: string;
  path: string;
  body: string;
}

export interface LinkedInSandbox {
  url: string;
  /** What to put in the connection's `apiBaseUrl`. */
  apiBaseUrl: string;
  accessToken: string;
  adAccountId: string;
  /** An audience by its LinkedIn id, its name (`Outport: <segment name>`) or its source segment id. */
  audience(ref: string): AudienceView | undefined;
  audiences(): AudienceView[];
  /** Every request received, bodies as text: lets tests prove what did (and did not) go over the wire. */
  requests(): ReceivedRequest[];
  /** Makes the users endpoints refuse these SHA-256 email hashes, element by element. */
  rejectHashes(hashes: Iterable<string>): void;
  /** Makes the companies endpoints refuse companies carrying any of these identifier values. */
  rejectCompanies(values: Iterable<string>): void;
  /** Elements added to an audience (by the refs `audience` takes), every copy counted. */
  deliveries(ref: string): number;
  inject(fault: SandboxFault): void;
  clearFaults(): void;
  stats(): SandboxStats;
  resetStats(): void;
  close(): Promise<void>;
}

export type SegmentStatus = 'BUILDING' | 'READY';

const DEFAULT_TOKEN = 'sandbox-linkedin-access-token';
const DEFAULT_ACCOUNT = '512345678';
const DEFAULT_READY_AFTER_MS = 5_000;
const DEFAULT_BUILDING_MS = 48 * 3_600_000;
const DEFAULT_MATCH_RATE = 0.5;
const DEFAULT_MIN_AUDIENCE = 300;
const DEFAULT_MEMBERS_PER_COMPANY = 100;
const DEFAULT_REQUESTS_PER_MINUTE = { users: 600, companies: 300 };
const DEFAULT_VERSION_SUPPORT_MONTHS = 12;
const BATCH_PATH = /^\/rest\/dmpSegments\/([^/]+)\/(users|companies)$/;
const THROTTLED = 'Resource level throttle limit for calls to this resource is reached.';

export async function startLinkedInSandbox(options: LinkedInSandboxOptions = {}): Promise<LinkedInSandbox> {
  const accessToken = options.accessToken ?? DEFAULT_TOKEN;
  const adAccountId = options.adAccountId ?? DEFAULT_ACCOUNT;
  const accountUrn = `urn:li:sponsoredAccount:${adAccountId}`;
  const readyAfterMs = options.readyAfterMs ?? DEFAULT_READY_AFTER_MS;
  const buildingMs = options.buildingMs ?? DEFAULT_BUILDING_MS;
  const minAudienceSize = options.minAudienceSize ?? DEFAULT_MIN_AUDIENCE;
  const maxElements = options.maxElementsPerRequest ?? Number.POSITIVE_INFINITY;
  const supportMonths = options.versionSupportMonths ?? DEFAULT_VERSION_SUPPORT_MONTHS;
  const perWindow = { ...DEFAULT_REQUESTS_PER_MINUTE, ...options.requestsPerMinute };
  const rateWindowMs = options.rateWindowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const state = new LinkedInState({
    matchRate: options.matchRate ?? DEFAULT_MATCH_RATE,
    membersPerCompany: options.membersPerCompany ?? DEFAULT_MEMBERS_PER_COMPANY,
  });
  const received: ReceivedRequest[] = [];
  /** Per member and endpoint: when its recent calls were answered (a sliding window). */
  const calls = new Map<string, number[]>();

  const statusOf = (segment: StoredSegment, at: number): SegmentStatus =>
    at - segment.createdAt >= buildingMs && state.counts(segment, at).audienceSize >= minAudienceSize
      ? 'READY'
      : 'BUILDING';

  /** LinkedIn's view of a segment; its size appears once the first processing is done. */
  const describe = (segment: StoredSegment) => {
    const at = now();
    const processed = at - segment.createdAt >= buildingMs;
    const { audienceSize, matchedCount, inputCount } = state.counts(segment, at);
    return {
      id: Number(segment.id),
      name: segment.name,
      type: segment.type,
      account: segment.account,
      sourceSegmentId: segment.sourceSegmentId,
      sourcePlatform: segment.sourcePlatform,
      accessPolicy: segment.accessPolicy,
      created: segment.createdAt,
      lastModified: segment.lastModified,
      ...(processed ? { inputCount } : {}),
      destinations: [
        {
          destination: 'LINKEDIN',
          destinationSegmentId: `urn:li:adSegment:${Number(segment.id) + 1_000_000}`,
          status: statusOf(segment, at),
          created: segment.createdAt,
          lastModified: segment.lastModified,
          ...(processed ? { audienceSize, matchedCount } : {}),
        },
      ],
    };
  };

  /** Counts a call to a member endpoint; false when it is one too many for its window. */
  const admit = (endpoint: 'users' | 'companies', token: string): boolean => {
    const key = `${token}|${endpoint}`;
    const at = now();
    const recent = (calls.get(key) ?? []).filter((t) => at - t < rateWindowMs);
    if (recent.length >= perWindow[endpoint]) {
      calls.set(key, recent);
      return false;
    }
    recent.push(at);
    calls.set(key, recent);
    return true;
  };

  const handler = (req: SandboxRequest, res: ServerResponse): void => {
    received.push({ method: req.method, path: req.path, body: req.body.toString('utf8') });

    const auth = header(req, 'authorization');
    if (!auth?.startsWith('Bearer '))
      return fail(res, 401, 'INVALID_ACCESS_TOKEN', 'Empty oauth2_access_token');
    if (auth.slice('Bearer '.length) !== accessToken)
      return fail(res, 401, 'INVALID_ACCESS_TOKEN', 'Invalid access token');
    const version = header(req, 'linkedin-version');
    // LinkedIn's version errors carry a code but no serviceErrorCode.
    if (!version) {
      return sendJson(res, 400, {
        status: 400,
        code: 'VERSION_MISSING',
        message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
      });
    }
    const inactive = inactiveVersion(version, now(), supportMonths);
    if (inactive) {
      return sendJson(res, 426, {
        status: 426,
        code: 'NONEXISTENT_VERSION',
        message: `Requested version ${inactive} is not active`,
      });
    }
    if (header(req, 'x-restli-protocol-version') !== '2.0.0') {
      return fail(
        res,
        400,
        'INVALID_PROTOCOL_VERSION',
        'The X-Restli-Protocol-Version header must be 2.0.0.',
      );
    }

    const account = /^\/rest\/adAccounts\/([^/]+)$/.exec(req.path);
    if (account && req.method === 'GET') {
      if (decodeURIComponent(account[1]!) !== adAccountId) return noAccess(res, 'adAccounts.GET');
      return sendJson(res, 200, {
        id: Number(adAccountId),
        name: 'Sandbox ad account',
        status: 'ACTIVE',
        type: 'BUSINESS',
        currency: 'USD',
        reference: 'urn:li:organization:1000',
      });
    }

    if (req.path === '/rest/dmpSegments' && req.method === 'GET') {
      if (query(req, 'q') !== 'account')
        return fail(res, 400, 'ILLEGAL_ARGUMENT', 'Unsupported finder: use q=account.');
      if (query(req, 'account') !== accountUrn) return noAccess(res, 'dmpSegments.FINDER-account');
      const sourceSegmentId = query(req, 'sourceSegmentId');
      const sourcePlatform = query(req, 'sourcePlatform');
      const elements = [...state.segments.values()]
        .filter(
          (s) =>
            (!sourceSegmentId || s.sourceSegmentId === sourceSegmentId) &&
            (!sourcePlatform || s.sourcePlatform === sourcePlatform),
        )
        .map(describe);
      return sendJson(res, 200, {
        elements,
        paging: { start: 0, count: elements.length, total: elements.length, links: [] },
      });
    }

    if (req.path === '/rest/dmpSegments' && req.method === 'POST') {
      const body = parse(req);
      if (!isObject(body))
        return fail(res, 400, 'ILLEGAL_ARGUMENT', 'The request body must be a JSON object.');
      const { name, type, account: owner, sourceSegmentId, sourcePlatform, accessPolicy } = body;
      if (owner !== accountUrn) return noAccess(res, 'dmpSegments.CREATE');
      if (typeof name !== 'string' || !name)
        return fail(res, 422, 'FIELD_VALUE_MISSING', 'name is required.');
      if (type !== 'USER' && type !== 'COMPANY')
        return fail(res, 422, 'INVALID_FIELD_VALUE', 'type must be USER or COMPANY.');
      if (typeof sourceSegmentId !== 'string' || typeof sourcePlatform !== 'string') {
        return fail(res, 422, 'FIELD_VALUE_MISSING', 'sourceSegmentId and sourcePlatform are required.');
      }
      const segment = state.createSegment(
        {
          name,
          type,
          account: accountUrn,
          sourceSegmentId,
          sourcePlatform,
          accessPolicy: typeof accessPolicy === 'string' ? accessPolicy : 'PRIVATE',
        },
        now(),
      );
      res.writeHead(201, { 'x-restli-id': segment.id, location: `/dmpSegments/${segment.id}` });
      res.end();
      return;
    }

    const single = /^\/rest\/dmpSegments\/([^/]+)$/.exec(req.path);
    if (single && req.method === 'GET') {
      const segment = state.segments.get(decodeURIComponent(single[1]!));
      return segment ? sendJson(res, 200, describe(segment)) : notFound(res, single[1]!);
    }

    const batch = BATCH_PATH.exec(req.path);
    if (batch && req.method === 'POST') {
      const id = decodeURIComponent(batch[1]!);
      const endpoint = batch[2] as 'users' | 'companies';
      // The official client sends the method lower-case, LinkedIn's docs upper-case.
      if (header(req, 'x-restli-method')?.toUpperCase() !== 'BATCH_CREATE') {
        return fail(res, 400, 'ILLEGAL_ARGUMENT', 'This resource takes BATCH_CREATE: set X-RestLi-Method.');
      }
      // The per-member limit is counted at LinkedIn's edge, before the segment is even looked at.
      if (!admit(endpoint, accessToken)) {
        return sendJson(res, 429, { status: 429, serviceErrorCode: 101, message: THROTTLED });
      }
      const segment = state.segments.get(id);
      // A new segment is invisible to its member endpoints for a while, exactly like a missing one.
      if (!segment || now() - segment.createdAt < readyAfterMs) return notFound(res, id);
      if ((segment.type === 'USER') !== (endpoint === 'users')) {
        return fail(
          res,
          400,
          'ILLEGAL_ARGUMENT',
          `DMP segment ${id} is a ${segment.type} segment; send its members to /${segment.type === 'USER' ? 'users' : 'companies'}.`,
        );
      }
      const body = parse(req);
      const elements = isObject(body) ? body.elements : undefined;
      if (!Array.isArray(elements))
        return fail(res, 400, 'ILLEGAL_ARGUMENT', 'The request body must have an elements array.');
      if (elements.length > maxElements) {
        return fail(
          res,
          400,
          'BATCH_TOO_LARGE',
          `A batch may have at most ${maxElements} elements; this one has ${elements.length}.`,
        );
      }
      // Rest.li validates every element against the schema first and fails the whole batch with 422.
      const invalid = state.validate(segment.type, elements as unknown[]);
      if (invalid) return sendJson(res, 422, { status: 422, message: invalid });
      const at = now();
      const apply = endpoint === 'users' ? state.applyUser.bind(state) : state.applyCompany.bind(state);
      return sendJson(res, 200, {
        elements: (elements as unknown[]).map((element) => apply(segment, element, at)),
      });
    }

    return fail(res, 404, 'NOT_FOUND', `No resource at ${req.method} ${req.path}.`);
  };

  const server: SandboxServer = await startSandboxServer({
    ...(options.port ? { port: options.port } : {}),
    handler,
    countRecords: (req: SandboxRequest) => {
      const body = BATCH_PATH.test(req.path) ? parse(req) : undefined;
      return isObject(body) && Array.isArray(body.elements) ? body.elements.length : 0;
    },
    operationOf: (req: SandboxRequest) => {
      const body = BATCH_PATH.test(req.path) ? parse(req) : undefined;
      const first: unknown = isObject(body) && Array.isArray(body.elements) ? body.elements[0] : undefined;
      return isObject(first) ? (first.action === 'REMOVE' ? 'remove' : 'upsert') : undefined;
    },
    // Elements added to each DMP segment, every copy counted: what shows a batch sent twice.
    countDeliveries: (req: SandboxRequest) => {
      const batch = BATCH_PATH.exec(req.path);
      const body = batch ? parse(req) : undefined;
      if (!batch || !isObject(body) || !Array.isArray(body.elements)) return undefined;
      const added = (body.elements as unknown[]).filter((e) => isObject(e) && e.action === 'ADD').length;
      return [{ item: decodeURIComponent(batch[1]!), records: added }];
    },
    // What this sandbox enforces: nothing unless a test asks (LinkedIn publishes no element limit).
    ...(options.maxElementsPerRequest === undefined ? {} : { targetLimits: { recordsPerRequest: options.maxElementsPerRequest } }),
    // Injected faults answer in LinkedIn's error shape too. LinkedIn documents no Retry-After on its
    // 429s; the header is only sent when a test asks for it.
    rateLimitResponse: (res, retryAfterMs, via) =>
      sendJson(
        res,
        429,
        { status: 429, serviceErrorCode: 101, message: THROTTLED },
        via === 'header' ? { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } : {},
      ),
    serverErrorResponse: (res, status) => fail(res, status, 'INTERNAL_SERVER_ERROR', 'Internal Server Error'),
    authErrorResponse: (res) =>
      fail(res, 401, 'EXPIRED_ACCESS_TOKEN', 'The token used in the request has expired'),
  });
  if (options.latencyMs) server.inject({ kind: 'latency', ms: options.latencyMs });

  const view = (segment: StoredSegment): AudienceView => ({
    id: segment.id,
    name: segment.name,
    type: segment.type,
    sourceSegmentId: segment.sourceSegmentId,
    size: segment.type === 'USER' ? segment.users.size : segment.companies.size,
    status: statusOf(segment, now()),
    audienceSize: state.counts(segment, now()).audienceSize,
    members: [...segment.users.keys()],
    companies: [...segment.companies.values()].map((c) => c.value),
  });

  return {
    url: server.url,
    apiBaseUrl: `${server.url}/rest`,
    accessToken,
    adAccountId,
    audience: (ref) => {
      const segment = state.find(ref);
      return segment ? view(segment) : undefined;
    },
    audiences: () => [...state.segments.values()].map(view),
    requests: () => [...received],
    rejectHashes: (hashes) => {
      for (const hash of hashes) state.rejectedHashes.add(hash.toLowerCase());
    },
    rejectCompanies: (values) => {
      for (const value of values) state.rejectedCompanies.add(value);
    },
    deliveries: (ref) => {
      const segment = state.find(ref);
      return segment ? server.deliveries(segment.id) : 0;
    },
    inject: (fault) => server.inject(fault),
    clearFaults: () => server.clearFaults(),
    stats: () => server.stats(),
    resetStats: () => server.resetStats(),
    close: () => server.close(),
  };
}

/**
 * The version as LinkedIn names it in its refusal (`202511` → `20251101`) when `version` is not one
 * it serves at `at`: malformed, not released yet, or older than `supportMonths`; undefined when it
 * is served. LinkedIn releases a version every month.
 */
function inactiveVersion(version: string, at: number, supportMonths: number): string | undefined {
  const parts = /^(\d{4})(\d{2})(?:\.(\d{2}))?$/.exec(version);
  if (!parts) return version;
  const [, year, month, patch] = parts;
  const named = `${year}${month}${patch ?? '01'}`;
  if (Number(month) < 1 || Number(month) > 12) return named;
  const today = new Date(at);
  const age = today.getUTCFullYear() * 12 + today.getUTCMonth() - (Number(year) * 12 + Number(month) - 1);
  return age >= 0 && age < supportMonths ? undefined : named;
}

/** LinkedIn's error body: `{ status, code, message }` with the service error code alongside. */
function fail(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { status, serviceErrorCode: status, code, message });
}

function noAccess(res: ServerResponse, resource: string): void {
  fail(res, 403, 'ACCESS_DENIED', `Not enough permissions to access: ${resource}`);
}

function notFound(res: ServerResponse, id: string): void {
  fail(res, 404, 'NOT_FOUND', `Could not find DMP segment with ID ${id}`);
}

function header(req: SandboxRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function query(req: SandboxRequest, name: string): string | undefined {
  return req.query[name];
}

function parse(req: SandboxRequest): unknown {
  try {
    return req.json<unknown>();
  } catch {
    return undefined;
  }
}

/** How long a new segment is BUILDING in the demo: minutes rather than LinkedIn's 48 hours, so a newcomer sees it become READY. */
const DEMO_BUILDING_MS = 2 * 60_000;

/**
 * The sandbox for a host's demo: LinkedIn's behaviour (300 matched members before a segment is
 * READY, the 5-second not-found window), except that processing takes two minutes instead of up to
 * 48 hours. The access token is kept between restarts; audiences live in memory.
 */
export const startDemoSandbox: StartDemoSandbox = async ({ port, saved }) => {
  const accessToken = saved?.accessToken ?? `sandbox-${randomBytes(18).toString('base64url')}`;
  const sandbox = await onPreferredPort(port, (p) => startLinkedInSandbox({ accessToken, port: p, buildingMs: DEMO_BUILDING_MS }));
  return {
    name: 'LinkedIn Ads (sandbox)',
    address: { host: '127.0.0.1', port: Number(new URL(sandbox.url).port) },
    connection: { settings: { adAccountId: sandbox.adAccountId, apiBaseUrl: sandbox.apiBaseUrl }, secrets: { accessToken } },
    exportOptions: {},
    persist: { accessToken },
    close: () => sandbox.close(),
  };
};
