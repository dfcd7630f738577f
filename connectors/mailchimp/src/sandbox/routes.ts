import type { ServerResponse } from 'node:http';
import type { SandboxRequest } from '@outport/connector-sdk/sandbox';
import type { AudienceStore } from './audiences.js';
import {
  ProblemError,
  apiKeyInvalid,
  apiKeyMissing,
  jsonParseError,
  methodNotAllowed,
  notFound,
  notSimulated,
  sendProblem,
  tooManyRequests,
  wrongDatacenter,
} from './problems.js';

export interface HandlerOptions {
  store: AudienceStore;
  apiKey: string;
  /** Simultaneous requests the account may have in flight; the next one gets 429. */
  maxConnections: number;
  /** Time the sandbox spends on each request, counted as in flight. */
  latencyMs(): number;
  delay(ms: number): Promise<void>;
}

export function sendMailchimpJson(res: ServerResponse, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

type Auth = 'ok' | 'missing' | 'invalid' | 'wrong-datacenter';

/**
 * HTTP Basic with any username and the API key as password, as Mailchimp takes it (its published
 * schema also takes the key as a Bearer token). No key at all is "API Key Missing"; a key the
 * account does not have is "API Key Invalid"; the account's key with another data center's suffix
 * (sent to the wrong data center) is "Wrong Datacenter".
 */
function authenticate(req: SandboxRequest, apiKey: string): Auth {
  const header = req.headers.authorization ?? '';
  let key = '';
  const basic = /^Basic\s+(\S+)\s*$/i.exec(header);
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    key = colon >= 0 ? decoded.slice(colon + 1) : '';
  } else if (bearer) {
    key = bearer[1]!;
  }
  key = key.trim();
  if (!key) return 'missing';
  if (key === apiKey) return 'ok';
  const secret = (k: string) => (k.includes('-') ? k.slice(0, k.lastIndexOf('-')) : k);
  return apiKey.includes('-') && key.includes('-') && secret(key) === secret(apiKey) ? 'wrong-datacenter' : 'invalid';
}

type Route = (params: string[], req: SandboxRequest) => unknown;

interface Resource {
  pattern: RegExp;
  /** Every method Mailchimp takes on the resource: the 405's Allow header. */
  allow: readonly string[];
  /** The methods the sandbox simulates; the others answer 501. */
  routes: Partial<Record<string, Route>>;
}

/** The Marketing API resources the connector and its tests use, below `/3.0`. */
function resources(store: AudienceStore): Resource[] {
  return [
    { pattern: /^\/ping$/, allow: ['GET'], routes: { GET: () => ({ health_status: "Everything's Chimpy!" }) } },
    { pattern: /^\/lists$/, allow: ['GET', 'POST'], routes: { GET: (_, req) => paged(store.audiences(), req, 'lists') } },
    {
      pattern: /^\/lists\/([^/]+)$/,
      allow: ['GET', 'POST', 'PATCH', 'DELETE'],
      routes: { GET: ([id]) => store.getAudience(id!), POST: ([id], req) => store.batchSubscribe(id!, json(req)) },
    },
    {
      pattern: /^\/lists\/([^/]+)\/segments$/,
      allow: ['GET', 'POST'],
      routes: {
        GET: ([id], req) => paged(store.segments(id!, req.query.type), req, 'segments'),
        POST: ([id], req) => store.createSegment(id!, json(req)),
      },
    },
    {
      pattern: /^\/lists\/([^/]+)\/segments\/([^/]+)$/,
      allow: ['GET', 'POST', 'PATCH', 'DELETE'],
      routes: {
        GET: ([id, seg]) => store.getSegment(id!, seg!),
        POST: ([id, seg], req) => store.updateSegment(id!, seg!, json(req)),
      },
    },
    { pattern: /^\/lists\/([^/]+)\/members$/, allow: ['GET', 'POST'], routes: {} },
    { pattern: /^\/lists\/([^/]+)\/members\/([^/]+)$/, allow: ['GET', 'PUT', 'PATCH', 'DELETE'], routes: { GET: ([id, hash]) => store.getMember(id!, hash!) } },
  ];
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw notFound();
  }
}

/** The body as JSON; an empty body reads as `{}` and fails the schema instead. */
function json(req: SandboxRequest): unknown {
  if (req.body.length === 0) return {};
  try {
    return req.json();
  } catch {
    throw jsonParseError();
  }
}

/** Mailchimp collections: `count` (default 10, at most 1000) from `offset`. */
function paged<T>(items: T[], req: SandboxRequest, key: string): Record<string, unknown> {
  const count = Math.min(1_000, Number(req.query.count ?? 10) || 10);
  const offset = Number(req.query.offset ?? 0) || 0;
  return { [key]: items.slice(offset, offset + count), total_items: items.length };
}

/**
 * The sandbox's request handler: path, then the key, then the account's connection cap (in-flight
 * requests are counted here, for as long as the sandbox works on them), then the resource and
 * method, then the route.
 */
export function createHandler(options: HandlerOptions) {
  const table = resources(options.store);
  let inFlight = 0;

  return async (req: SandboxRequest, res: ServerResponse): Promise<void> => {
    if (!req.path.startsWith('/3.0/') && req.path !== '/3.0') return sendProblem(res, notFound().problem);
    const auth = authenticate(req, options.apiKey);
    if (auth === 'missing') return sendProblem(res, apiKeyMissing());
    if (auth === 'invalid') return sendProblem(res, apiKeyInvalid());
    if (auth === 'wrong-datacenter') return sendProblem(res, wrongDatacenter());

    if (inFlight >= options.maxConnections) return sendProblem(res, tooManyRequests(options.maxConnections));
    inFlight++;
    let released = false;
    const release = () => {
      if (!released) inFlight--;
      released = true;
    };
    res.once('finish', release);
    res.once('close', release);
    try {
      const latency = options.latencyMs();
      if (latency > 0) await options.delay(latency);
      if (res.destroyed) return;
      respond(table, req, res);
    } finally {
      release();
    }
  };
}

function respond(table: Resource[], req: SandboxRequest, res: ServerResponse): void {
  try {
    const path = decodePath(req.path.slice('/3.0'.length).replace(/\/+$/, ''));
    const resource = table.find((r) => r.pattern.test(path));
    if (!resource) throw notFound();
    if (!resource.allow.includes(req.method)) throw methodNotAllowed(resource.allow);
    const route = resource.routes[req.method];
    if (!route) throw notSimulated(req.method, `/3.0${path}`);
    sendMailchimpJson(res, route(resource.pattern.exec(path)!.slice(1), req));
  } catch (error) {
    if (error instanceof ProblemError) return sendProblem(res, error.problem, error.headers);
    throw error;
  }
}
