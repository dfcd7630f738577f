import type { ServerResponse } from 'node:http';
import type { SandboxRequest } from '@outport/connector-sdk/sandbox';
import type { BatchMembersBody, CreateSegmentBody, Problem, SegmentMembersBody } from '../wire.js';
import { ProblemError, notFound, problem, type AudienceStore } from './audiences.js';

/** Mailchimp's error content type; its official client parses it as JSON. */
export function sendProblem(res: ServerResponse, body: Problem, headers: Record<string, string> = {}): void {
  res.writeHead(body.status, { 'content-type': 'application/problem+json; charset=utf-8', 'x-request-id': body.instance, ...headers });
  res.end(JSON.stringify(body));
}

export function sendMailchimpJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export const apiKeyInvalid = () =>
  problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");

/** HTTP Basic with any username and the API key as password, as Mailchimp takes it. */
function authorised(req: SandboxRequest, apiKey: string): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1) === apiKey;
}

type Route = (params: string[], req: SandboxRequest) => unknown;

/** The Marketing API paths the connector and its tests use, below `/3.0`. */
function routes(store: AudienceStore): [string, RegExp, Route][] {
  const json = <T>(req: SandboxRequest): Partial<T> => {
    try {
      return req.json<Partial<T>>() ?? {};
    } catch {
      throw new ProblemError(problem(400, 'JSON Parse Exception', 'We encountered an unspecified JSON parsing error.'));
    }
  };
  return [
    ['GET', /^\/ping$/, () => ({ health_status: "Everything's Chimpy!" })],
    ['GET', /^\/lists$/, (_, req) => paged(store.audiences(), req, 'lists')],
    ['GET', /^\/lists\/([^/]+)$/, ([id]) => store.getAudience(id!)],
    ['POST', /^\/lists\/([^/]+)$/, ([id], req) => store.batchSubscribe(id!, json<BatchMembersBody>(req))],
    ['GET', /^\/lists\/([^/]+)\/segments$/, ([id], req) => paged(store.segments(id!, query(req, 'type')), req, 'segments')],
    ['POST', /^\/lists\/([^/]+)\/segments$/, ([id], req) => store.createSegment(id!, json<CreateSegmentBody>(req))],
    ['POST', /^\/lists\/([^/]+)\/segments\/([^/]+)$/, ([id, seg], req) => store.updateSegment(id!, seg!, json<SegmentMembersBody>(req))],
    ['GET', /^\/lists\/([^/]+)\/members\/([^/]+)$/, ([id, hash]) => store.getMember(id!, hash!)],
  ];
}

function query(req: SandboxRequest, name: string): string | undefined {
  return req.query[name];
}

/** Mailchimp collections: `count` (default 10, at most 1000) from `offset`. */
function paged<T>(items: T[], req: SandboxRequest, key: string): Record<string, unknown> {
  const count = Math.min(1_000, Number(query(req, 'count') ?? 10) || 10);
  const offset = Number(query(req, 'offset') ?? 0) || 0;
  return { [key]: items.slice(offset, offset + count), total_items: items.length };
}

export function createHandler(store: AudienceStore, apiKey: string) {
  const table = routes(store);
  return (req: SandboxRequest, res: ServerResponse): void => {
    if (!req.path.startsWith('/3.0/') && req.path !== '/3.0') return sendProblem(res, notFound().problem);
    if (!authorised(req, apiKey)) return sendProblem(res, apiKeyInvalid());
    const path = decodeURIComponent(req.path.slice('/3.0'.length).replace(/\/+$/, ''));
    for (const [method, pattern, route] of table) {
      const match = pattern.exec(path);
      if (!match || method !== req.method) continue;
      try {
        return sendMailchimpJson(res, route(match.slice(1), req));
      } catch (error) {
        if (error instanceof ProblemError) return sendProblem(res, error.problem);
        throw error;
      }
    }
    sendProblem(res, notFound().problem);
  };
}
