import type { ServerResponse } from 'node:http';
import { sendJson, startSandboxServer, type SandboxRequest, type SandboxServer } from '@outport/connector-sdk/sandbox';

export interface KlaviyoSandbox {
  url: string;
  apiKey: string;
  server: SandboxServer;
  /** Members of the audience made for an Outport segment id. */
  audienceSize(segmentId: string): number;
  /** Members added to that audience by successful requests, every copy counted. */
  deliveries(segmentId: string): number;
  /** The target refuses these emails (as the connector sends them) from now on. */
  rejectEmails(emails: string[]): void;
  close(): Promise<void>;
}

/** The members API's own limit: it refuses larger requests. */
const MAX_MEMBERS = 1000;
const BATCH_PATH = /^\/v1\/audiences\/([^/]+)\/members:batch$/;

/** A local stand-in for Klaviyo's members API, with state, limits and fault injection. */
export async function startKlaviyoSandbox(options: { apiKey?: string } = {}): Promise<KlaviyoSandbox> {
  const apiKey = options.apiKey ?? 'sandbox-key-klaviyo';
  const audiences = new Map<string, { name: string; members: Set<string> }>();
  const refused = new Set<string>();

  const handle = (req: SandboxRequest, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) return sendJson(res, 401, { error: 'invalid_api_key', message: 'The API key is not valid.' });
    if (req.method === 'GET' && req.path === '/v1/account') return sendJson(res, 200, { id: 'acct-1', name: 'Sandbox account' });
    const audienceMatch = /^\/v1\/audiences\/([^/]+)$/.exec(req.path);
    if (req.method === 'PUT' && audienceMatch) {
      const id = decodeURIComponent(audienceMatch[1]!);
      if (!audiences.has(id)) audiences.set(id, { name: req.json<{ name: string }>().name, members: new Set() });
      return sendJson(res, 200, { id });
    }
    const batchMatch = BATCH_PATH.exec(req.path);
    if (req.method === 'POST' && batchMatch) {
      const audience = audiences.get(decodeURIComponent(batchMatch[1]!));
      if (!audience) return sendJson(res, 404, { error: 'not_found', message: 'No such audience.' });
      const body = req.json<{ operation: 'add' | 'remove'; members: { email?: string }[] }>();
      if (body.members.length > MAX_MEMBERS) return sendJson(res, 400, { error: 'too_many_members', message: `At most ${MAX_MEMBERS} members per request.` });
      const results = body.members.map((m) => {
        if (!m.email || refused.has(m.email)) return { status: 'error', message: 'The email was refused.' };
        if (body.operation === 'add') audience.members.add(m.email);
        else audience.members.delete(m.email);
        return { status: 'ok' };
      });
      return sendJson(res, 200, { results });
    }
    return sendJson(res, 404, { error: 'not_found', message: `No route ${req.method} ${req.path}` });
  };

  const batchBody = (req: SandboxRequest) => (req.method === 'POST' && BATCH_PATH.test(req.path) ? req.json<{ operation?: string; members?: unknown[] }>() : undefined);
  const server = await startSandboxServer({
    handler: handle,
    countRecords: (req) => batchBody(req)?.members?.length ?? 0,
    operationOf: (req) => {
      const operation = batchBody(req)?.operation;
      return operation === 'add' ? 'upsert' : operation === 'remove' ? 'remove' : undefined;
    },
    // Members added to each audience, every copy counted: what shows a batch sent twice.
    countDeliveries: (req) => {
      const body = batchBody(req);
      const audience = BATCH_PATH.exec(req.path)?.[1];
      return body?.operation === 'add' && audience ? [{ item: decodeURIComponent(audience), records: body.members?.length ?? 0 }] : undefined;
    },
    // The target's documented limits, measured at every request.
    targetLimits: { recordsPerRequest: MAX_MEMBERS },
  });
  return {
    url: server.url,
    apiKey,
    server,
    audienceSize: (segmentId) => audiences.get(segmentId)?.members.size ?? 0,
    deliveries: (segmentId) => server.deliveries(segmentId),
    rejectEmails: (emails) => emails.forEach((e) => refused.add(e)),
    close: () => server.close(),
  };
}
