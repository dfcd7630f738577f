import type { ServerResponse } from 'node:http';
import type { RequestWindow } from '@outport/connector-sdk';
import type { SandboxRequest } from '@outport/connector-sdk/sandbox';
import { MAX_JOB_PAYLOAD_BYTES, MAX_PAGE_SIZE, MAX_PROFILES_PER_JOB, MAX_PROFILES_PER_REMOVAL, RATE } from '../wire.js';
import { parseFilter, type Condition } from './filter.js';
import type { FixedWindows } from './rate-limits.js';
import {
  SandboxHttpError,
  authenticationFailed,
  invalid,
  klaviyoError,
  notAuthenticated,
  notFound,
  sendDocument,
  sendError,
  throttled,
} from './responses.js';
import type { KlaviyoStore, StoredJob, StoredList, StoredProfile } from './store.js';

export interface RouteContext {
  store: KlaviyoStore;
  apiKey: () => string;
  revisions: ReadonlySet<string>;
  windows: FixedWindows | undefined;
  /** The origin links in responses point at (the sandbox's own URL). */
  origin: () => string;
}

interface Route {
  method: string;
  path: RegExp;
  /** The manifest operation a request is, for the sandbox's measurements. */
  operation: (req: SandboxRequest) => string;
  /** Klaviyo's rate limit for the endpoint. */
  windows: (req: SandboxRequest) => readonly RequestWindow[];
  handle: (ctx: RouteContext, req: SandboxRequest, res: ServerResponse, match: RegExpExecArray) => void;
}

const fixed = (operation: string) => () => operation;
const countsProfiles = (req: SandboxRequest) => req.url.searchParams.get('additional-fields[list]')?.split(',').includes('profile_count') ?? false;

export const ROUTES: Route[] = [
  { method: 'GET', path: /^\/api\/accounts\/?$/, operation: fixed('account'), windows: () => RATE.XS, handle: getAccounts },
  { method: 'GET', path: /^\/api\/lists\/?$/, operation: fixed('find-list'), windows: () => RATE.L, handle: getLists },
  { method: 'POST', path: /^\/api\/lists\/?$/, operation: fixed('create-list'), windows: () => [...RATE.M, RATE.DAILY_LISTS], handle: createList },
  {
    method: 'GET',
    path: /^\/api\/lists\/([^/]+)\/?$/,
    operation: (req) => (countsProfiles(req) ? 'list-count' : 'get-list'),
    windows: (req) => (countsProfiles(req) ? RATE.XS : RATE.L),
    handle: getList,
  },
  { method: 'GET', path: /^\/api\/lists\/([^/]+)\/profiles\/?$/, operation: fixed('find-members'), windows: () => RATE.L, handle: getListProfiles },
  { method: 'POST', path: /^\/api\/lists\/([^/]+)\/relationships\/profiles\/?$/, operation: fixed('add-members'), windows: () => RATE.M, handle: (c, q, s, m) => changeMembers(c, q, s, m, 'add') },
  { method: 'DELETE', path: /^\/api\/lists\/([^/]+)\/relationships\/profiles\/?$/, operation: fixed('remove'), windows: () => RATE.M, handle: (c, q, s, m) => changeMembers(c, q, s, m, 'remove') },
  { method: 'POST', path: /^\/api\/profile-bulk-import-jobs\/?$/, operation: fixed('upsert'), windows: () => RATE.M, handle: createImportJob },
  { method: 'GET', path: /^\/api\/profile-bulk-import-jobs\/([^/]+)\/?$/, operation: fixed('poll-job'), windows: () => RATE.M, handle: getImportJob },
  { method: 'GET', path: /^\/api\/profile-bulk-import-jobs\/([^/]+)\/import-errors\/?$/, operation: fixed('import-errors'), windows: () => RATE.M, handle: getImportErrors },
  { method: 'GET', path: /^\/api\/profile-bulk-import-jobs\/([^/]+)\/relationships\/profiles\/?$/, operation: fixed('job-profiles'), windows: () => RATE.M, handle: getJobProfileIds },
];

export function routeOf(req: SandboxRequest): { route: Route; match: RegExpExecArray } | undefined {
  for (const route of ROUTES) {
    const match = route.path.exec(req.path);
    if (match && route.method === req.method) return { route, match };
  }
  return undefined;
}

/**
 * Klaviyo's order of checks as the sandbox applies them: the key (`Klaviyo-API-Key`), the
 * `revision` header, the endpoint and method, the endpoint's rate limit, the body's media type,
 * then the endpoint itself.
 */
export function createHandler(ctx: RouteContext) {
  return (req: SandboxRequest, res: ServerResponse): void => {
    try {
      authenticate(ctx, req);
      checkRevision(ctx, req);
      const found = routeOf(req);
      if (!found) {
        const pathKnown = ROUTES.some((route) => route.path.test(req.path));
        if (pathKnown) throw new SandboxHttpError([klaviyoError(405, 'method_not_allowed', 'Method not allowed.', `Method "${req.method}" not allowed.`)]);
        throw notFound(`No endpoint ${req.path}.`);
      }
      const endpoint = found.route.operation(req);
      const wait = ctx.windows?.take(endpoint, found.route.windows(req)) ?? 0;
      if (wait > 0) throw throttled(wait);
      for (const [name, value] of Object.entries(ctx.windows?.headers(endpoint, found.route.windows(req)) ?? {})) res.setHeader(name, value);
      if (req.body.length > 0) checkMediaType(req);
      found.route.handle(ctx, req, res, found.match);
    } catch (error) {
      if (error instanceof SandboxHttpError) return sendError(res, error);
      throw error;
    }
  };
}

function authenticate(ctx: RouteContext, req: SandboxRequest): void {
  const header = req.headers.authorization ?? '';
  const match = /^Klaviyo-API-Key\s+(\S+)$/.exec(header);
  if (!match) throw notAuthenticated();
  if (match[1] !== ctx.apiKey()) throw authenticationFailed();
}

function checkRevision(ctx: RouteContext, req: SandboxRequest): void {
  const raw = req.headers.revision;
  const revision = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!revision) throw invalid('The revision header is required (format: YYYY-MM-DD[.suffix]).', { parameter: 'revision' });
  const date = /^(\d{4}-\d{2}-\d{2})(?:\.[a-z0-9]+)?$/.exec(revision)?.[1];
  if (!date || !ctx.revisions.has(date)) throw invalid(`"${revision}" is not a valid revision.`, { parameter: 'revision' });
}

/** Bodies are JSON: Klaviyo names application/vnd.api+json, and its own client sends application/json. */
function checkMediaType(req: SandboxRequest): void {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/vnd.api+json' && type !== 'application/json') {
    throw new SandboxHttpError([klaviyoError(415, 'unsupported_media_type', 'Unsupported media type.', `Unsupported media type "${type}" in request.`)]);
  }
}

function readBody<T>(req: SandboxRequest): T {
  try {
    return req.json<T>();
  } catch {
    throw invalid('JSON parse error.');
  }
}

function pageSize(req: SandboxRequest, fallback: number, max: number): number {
  const raw = req.url.searchParams.get('page[size]');
  if (raw === null) return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > max) throw invalid(`page[size] must be an integer from 1 to ${max}.`, { parameter: 'page[size]' });
  return size;
}

/** An opaque cursor (the offset, encoded) and the links Klaviyo sends with a page: absolute URLs, `prev` null on the first page. */
function paged<T>(ctx: RouteContext, req: SandboxRequest, items: T[], size: number): { page: T[]; links: Record<string, string | null> } {
  const raw = req.url.searchParams.get('page[cursor]');
  let offset = 0;
  if (raw !== null) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!decoded) throw invalid('Invalid page cursor.', { parameter: 'page[cursor]' });
    offset = Number(decoded[1]);
  }
  const link = (at: number) => {
    const url = new URL(req.path, ctx.origin());
    for (const [key, value] of req.url.searchParams) if (key !== 'page[cursor]') url.searchParams.append(key, value);
    if (at > 0) url.searchParams.set('page[cursor]', Buffer.from(`o:${at}`).toString('base64url'));
    return url.toString();
  };
  const self = new URL(req.url.pathname + req.url.search, ctx.origin()).toString();
  return {
    page: items.slice(offset, offset + size),
    links: { self, next: offset + size < items.length ? link(offset + size) : null, prev: offset > 0 ? link(Math.max(0, offset - size)) : null },
  };
}

function matches(value: string | undefined, condition: Condition, fold = false): boolean {
  if (value === undefined) return false;
  const norm = (v: string) => (fold ? v.trim().toLowerCase() : v);
  return condition.values.some((candidate) => norm(candidate) === norm(value));
}

function getAccounts(ctx: RouteContext, _req: SandboxRequest, res: ServerResponse): void {
  sendDocument(res, 200, {
    data: [
      {
        type: 'account',
        id: 'SBXACC',
        attributes: {
          test_account: true,
          contact_information: { default_sender_name: 'Outport sandbox', default_sender_email: 'sandbox@example.com', website_url: 'https://example.com', organization_name: 'Outport sandbox', street_address: {} },
          industry: null,
          timezone: 'UTC',
          preferred_currency: 'USD',
          public_api_key: 'SBXACC',
          locale: 'en-US',
        },
        links: { self: `${ctx.origin()}/api/accounts/SBXACC` },
      },
    ],
    links: { self: `${ctx.origin()}/api/accounts`, next: null, prev: null },
  });
}

function listResource(ctx: RouteContext, list: StoredList, withCount = false) {
  return {
    type: 'list',
    id: list.id,
    attributes: { name: list.name, created: list.created, updated: list.updated, opt_in_process: 'single_opt_in', ...(withCount ? { profile_count: list.members.size } : {}) },
    links: { self: `${ctx.origin()}/api/lists/${list.id}` },
  };
}

function getLists(ctx: RouteContext, req: SandboxRequest, res: ServerResponse): void {
  const filter = req.url.searchParams.get('filter');
  const conditions = filter ? parseFilter(filter, { name: ['equals', 'any'], id: ['equals', 'any'] }) : [];
  let lists = [...ctx.store.lists.values()].filter((list) => conditions.every((c) => matches(c.field === 'name' ? list.name : list.id, c)));
  const sort = req.url.searchParams.get('sort');
  if (sort === 'created' || sort === '-created') lists = lists.sort((a, b) => a.created.localeCompare(b.created) * (sort === 'created' ? 1 : -1));
  // "Returns a maximum of 10 results per page."
  const { page, links } = paged(ctx, req, lists, pageSize(req, 10, 10));
  sendDocument(res, 200, { data: page.map((list) => listResource(ctx, list)), links });
}

function createList(ctx: RouteContext, req: SandboxRequest, res: ServerResponse): void {
  const body = readBody<{ data?: { type?: unknown; attributes?: { name?: unknown } } }>(req);
  if (body?.data?.type !== 'list') throw invalid('The resource type must be "list".', { pointer: '/data/type' });
  const name = body.data.attributes?.name;
  if (typeof name !== 'string' || name.trim() === '') throw invalid('This field may not be blank.', { pointer: '/data/attributes/name' });
  sendDocument(res, 201, { data: listResource(ctx, ctx.store.createList(name)), links: {} });
}

function listOr404(ctx: RouteContext, id: string): StoredList {
  const list = ctx.store.lists.get(decodeURIComponent(id));
  if (!list) throw notFound(`A list with id ${decodeURIComponent(id)} does not exist.`);
  return list;
}

function getList(ctx: RouteContext, req: SandboxRequest, res: ServerResponse, match: RegExpExecArray): void {
  sendDocument(res, 200, { data: listResource(ctx, listOr404(ctx, match[1]!), countsProfiles(req)), links: {} });
}

function profileResource(ctx: RouteContext, profile: StoredProfile) {
  const { id, created, updated, ...attributes } = profile;
  return { type: 'profile', id, attributes: { ...attributes, created, updated }, links: { self: `${ctx.origin()}/api/profiles/${id}` } };
}

function getListProfiles(ctx: RouteContext, req: SandboxRequest, res: ServerResponse, match: RegExpExecArray): void {
  const list = listOr404(ctx, match[1]!);
  const filter = req.url.searchParams.get('filter');
  const conditions = filter ? parseFilter(filter, { email: ['equals', 'any'], phone_number: ['equals', 'any'] }) : [];
  const members = ctx.store.members(list.id).filter((profile) => conditions.every((c) => matches(c.field === 'email' ? profile.email : profile.phone_number, c, c.field === 'email')));
  const { page, links } = paged(ctx, req, members, pageSize(req, 20, MAX_PAGE_SIZE));
  sendDocument(res, 200, { data: page.map((p) => profileResource(ctx, p)), links });
}

function changeMembers(ctx: RouteContext, req: SandboxRequest, res: ServerResponse, match: RegExpExecArray, change: 'add' | 'remove'): void {
  const list = listOr404(ctx, match[1]!);
  const body = readBody<{ data?: unknown }>(req);
  if (!Array.isArray(body?.data)) throw invalid('"data" must be a list of profile identifiers.', { pointer: '/data' });
  if (body.data.length > MAX_PROFILES_PER_REMOVAL) throw invalid(`This endpoint accepts a maximum of ${MAX_PROFILES_PER_REMOVAL} profiles per call.`, { pointer: '/data' });
  const ids = (body.data as { type?: unknown; id?: unknown }[]).map((item, i) => {
    if (item?.type !== 'profile' || typeof item.id !== 'string') throw invalid('Each item must be {"type": "profile", "id": …}.', { pointer: `/data/${i}` });
    return item.id;
  });
  for (const id of ids) {
    if (change === 'remove') list.members.delete(id);
    else if (ctx.store.profiles.has(id)) list.members.add(id);
  }
  list.updated = new Date().toISOString();
  sendDocument(res, 204);
}

function jobResource(ctx: RouteContext, job: StoredJob) {
  const self = `${ctx.origin()}/api/profile-bulk-import-jobs/${job.id}`;
  const total = job.profiles.length;
  const done = job.status === 'complete';
  return {
    type: 'profile-bulk-import-job',
    id: job.id,
    attributes: {
      status: job.status,
      created_at: job.createdAt,
      total_count: total,
      completed_count: done ? total - job.failed : 0,
      failed_count: done ? job.failed : 0,
      completed_at: job.completedAt,
      expires_at: null,
      started_at: job.startedAt,
    },
    relationships: {
      lists: { data: job.listIds.map((id) => ({ type: 'list', id })), links: { self: `${self}/relationships/lists`, related: `${self}/lists` } },
      profiles: { links: { self: `${self}/relationships/profiles`, related: `${self}/profiles` } },
      'import-errors': { links: { related: `${self}/import-errors` } },
    },
    links: { self },
  };
}

function createImportJob(ctx: RouteContext, req: SandboxRequest, res: ServerResponse): void {
  // "The maximum allowed payload size is 5MB."
  if (req.body.length > MAX_JOB_PAYLOAD_BYTES) {
    throw new SandboxHttpError([klaviyoError(413, 'request_too_large', 'Request entity too large.', `The payload is ${req.body.length} bytes; the maximum allowed payload size is 5MB.`)]);
  }
  const body = readBody<{ data?: { type?: unknown; attributes?: { profiles?: { data?: unknown } }; relationships?: { lists?: { data?: unknown } } } }>(req);
  if (body?.data?.type !== 'profile-bulk-import-job') throw invalid('The resource type must be "profile-bulk-import-job".', { pointer: '/data/type' });
  const profiles = body.data.attributes?.profiles?.data;
  if (!Array.isArray(profiles) || profiles.length === 0) throw invalid('"profiles" must be a non-empty list.', { pointer: '/data/attributes/profiles/data' });
  if (profiles.length > MAX_PROFILES_PER_JOB) throw invalid(`Accepts up to ${MAX_PROFILES_PER_JOB.toLocaleString('en-US')} profiles per request; got ${profiles.length.toLocaleString('en-US')}.`, { pointer: '/data/attributes/profiles/data' });
  profiles.forEach((profile: { type?: unknown; attributes?: unknown }, i) => {
    if (profile?.type !== 'profile' || typeof profile.attributes !== 'object' || profile.attributes === null) {
      throw invalid('Each profile must be {"type": "profile", "attributes": {…}}.', { pointer: `/data/attributes/profiles/data/${i}` });
    }
  });
  const listRefs = body.data.relationships?.lists?.data ?? [];
  if (!Array.isArray(listRefs)) throw invalid('"lists" must be a list of list identifiers.', { pointer: '/data/relationships/lists/data' });
  const listIds = (listRefs as { type?: unknown; id?: unknown }[]).map((ref, i) => {
    if (ref?.type !== 'list' || typeof ref.id !== 'string') throw invalid('Each list must be {"type": "list", "id": …}.', { pointer: `/data/relationships/lists/data/${i}` });
    if (!ctx.store.lists.has(ref.id)) throw notFound(`A list with id ${ref.id} does not exist.`);
    return ref.id;
  });
  const job = ctx.store.submitJob(profiles as Record<string, unknown>[], listIds);
  sendDocument(res, 202, { data: jobResource(ctx, job), links: { self: `${ctx.origin()}/api/profile-bulk-import-jobs/${job.id}` } });
}

function jobOr404(ctx: RouteContext, id: string): StoredJob {
  const job = ctx.store.jobs.get(decodeURIComponent(id));
  if (!job) throw notFound(`A profile-bulk-import-job with id ${decodeURIComponent(id)} does not exist.`);
  return job;
}

function getImportJob(ctx: RouteContext, _req: SandboxRequest, res: ServerResponse, match: RegExpExecArray): void {
  const job = jobOr404(ctx, match[1]!);
  sendDocument(res, 200, { data: jobResource(ctx, job), links: { self: `${ctx.origin()}/api/profile-bulk-import-jobs/${job.id}` } });
}

function getImportErrors(ctx: RouteContext, req: SandboxRequest, res: ServerResponse, match: RegExpExecArray): void {
  const job = jobOr404(ctx, match[1]!);
  const { page, links } = paged(ctx, req, job.errors, pageSize(req, 20, MAX_PAGE_SIZE));
  sendDocument(res, 200, { data: page, links });
}

function getJobProfileIds(ctx: RouteContext, req: SandboxRequest, res: ServerResponse, match: RegExpExecArray): void {
  const job = jobOr404(ctx, match[1]!);
  const { page, links } = paged(ctx, req, job.profileIds, pageSize(req, 20, MAX_PAGE_SIZE));
  sendDocument(res, 200, { data: page.map((id) => ({ type: 'profile', id })), links });
}
