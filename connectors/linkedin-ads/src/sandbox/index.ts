import type { ServerResponse } from 'node:http';
import {
  sendJson,
  startSandboxServer,
  type SandboxFault,
  type SandboxRequest,
  type SandboxServer,
  type SandboxStats,
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
 * Rest.li headers, one ad account, DMP segments (create, find by account) and their `/users` and
 * `/companies` BATCH_CREATE endpoints with per-element answers. Fault injection and request stats
 * come from the SDK's sandbox server.
 */

export interface LinkedInSandboxOptions {
  /** The token the sandbox accepts. */
  accessToken?: string;
  /** The one ad account the token can use (its number). */
  adAccountId?: string;
  /** For this long after a segment is created, its member endpoints answer 404 as LinkedIn's do. */
  readyAfterMs?: number;
  /** Added to every answer (the SDK's latency fault, set from the start). */
  latencyMs?: number;
  /** Elements one BATCH_CREATE may carry; more is refused with a 400. LinkedIn's own cap is unpublished. */
  maxElementsPerRequest?: number;
}

export interface AudienceView {
  id: string;
  name: string;
  type: SegmentType;
  sourceSegmentId: string;
  /** Members now in the audience. */
  size: number;
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
  inject(fault: SandboxFault): void;
  clearFaults(): void;
  stats(): SandboxStats;
  resetStats(): void;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = 'sandbox-linkedin-access-token';
const DEFAULT_ACCOUNT = '512345678';
const DEFAULT_MAX_ELEMENTS = 500;
const BATCH_PATH = /^\/rest\/dmpSegments\/([^/]+)\/(users|companies)$/;

export async function startLinkedInSandbox(options: LinkedInSandboxOptions = {}): Promise<LinkedInSandbox> {
  const accessToken = options.accessToken ?? DEFAULT_TOKEN;
  const adAccountId = options.adAccountId ?? DEFAULT_ACCOUNT;
  const accountUrn = `urn:li:sponsoredAccount:${adAccountId}`;
  const readyAfterMs = options.readyAfterMs ?? 0;
  const maxElements = options.maxElementsPerRequest ?? DEFAULT_MAX_ELEMENTS;
  const state = new LinkedInState();
  const received: ReceivedRequest[] = [];

  const handler = (req: SandboxRequest, res: ServerResponse): void => {
    received.push({ method: req.method, path: req.path, body: req.body.toString('utf8') });

    const auth = header(req, 'authorization');
    if (!auth?.startsWith('Bearer '))
      return fail(res, 401, 'INVALID_ACCESS_TOKEN', 'Empty oauth2_access_token');
    if (auth.slice('Bearer '.length) !== accessToken)
      return fail(res, 401, 'INVALID_ACCESS_TOKEN', 'Invalid access token');
    const version = header(req, 'linkedin-version');
    if (!version)
      return fail(
        res,
        400,
        'VERSION_MISSING',
        'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
      );
    if (!/^\d{6}(\.\d{2})?$/.test(version))
      return fail(res, 400, 'INVALID_VERSION', `Invalid version ${version}: use the form YYYYMM.`);
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
        Date.now(),
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
      const segment = state.segments.get(id);
      // A new segment is invisible to its member endpoints for a while, exactly like a missing one.
      if (!segment || Date.now() - segment.createdAt < readyAfterMs) return notFound(res, id);
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
      const apply = endpoint === 'users' ? state.applyUser.bind(state) : state.applyCompany.bind(state);
      return sendJson(res, 200, {
        elements: (elements as unknown[]).map((element) => apply(segment, element)),
      });
    }

    return fail(res, 404, 'NOT_FOUND', `No resource at ${req.method} ${req.path}.`);
  };

  const server: SandboxServer = await startSandboxServer({
    handler,
    countRecords: (req: SandboxRequest) => {
      const body = BATCH_PATH.test(req.path) ? parse(req) : undefined;
      return isObject(body) && Array.isArray(body.elements) ? body.elements.length : 0;
    },
    // Injected faults answer in LinkedIn's error shape too. LinkedIn documents no Retry-After on its
    // 429s; the header is only sent when a test asks for it.
    rateLimitResponse: (res, retryAfterMs, via) =>
      sendJson(
        res,
        429,
        {
          status: 429,
          serviceErrorCode: 101,
          code: 'TOO_MANY_REQUESTS',
          message: 'Resource level throttle limit for calls to this resource is reached.',
        },
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
    members: [...segment.users.keys()],
    companies: [...segment.companies.values()],
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
    inject: (fault) => server.inject(fault),
    clearFaults: () => server.clearFaults(),
    stats: () => server.stats(),
    resetStats: () => server.resetStats(),
    close: () => server.close(),
  };
}

function describe(segment: StoredSegment) {
  const size = segment.type === 'USER' ? segment.users.size : segment.companies.size;
  return {
    id: Number(segment.id),
    name: segment.name,
    type: segment.type,
    account: segment.account,
    sourceSegmentId: segment.sourceSegmentId,
    sourcePlatform: segment.sourcePlatform,
    accessPolicy: segment.accessPolicy,
    status: 'READY',
    destinations: [{ destination: 'LINKEDIN', status: 'READY', audienceSize: size, matchedCount: size }],
  };
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
