import type { ServerResponse } from 'node:http';
import { sendJson, startSandboxServer, type SandboxRequest, type SandboxServer } from '@outport/connector-sdk/sandbox';

export interface __PASCAL__Sandbox {
  url: string;
  apiKey: string;
  server: SandboxServer;
  /** Members of the audience made for an Outport segment id. */
  audienceSize(segmentId: string): number;
  /** The target refuses these (hashed) emails from now on. */
  rejectEmails(emails: string[]): void;
  close(): Promise<void>;
}

const MAX_MEMBERS = 1000;

/** A local stand-in for __TITLE__'s members API, with state, limits and fault injection. */
export async function start__PASCAL__Sandbox(options: { apiKey?: string } = {}): Promise<__PASCAL__Sandbox> {
  const apiKey = options.apiKey ?? 'sandbox-key-__ID__';
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
    const batchMatch = /^\/v1\/audiences\/([^/]+)\/members:batch$/.exec(req.path);
    if (req.method === 'POST' && batchMatch) {
      const audience = audiences.get(decodeURIComponent(batchMatch[1]!));
      if (!audience) return sendJson(res, 404, { error: 'not_found', message: 'No such audience.' });
      const body = req.json<{ operation: 'add' | 'remove'; members: { email?: string }[] }>();
      if (body.members.length > MAX_MEMBERS) return sendJson(res, 400, { error: 'too_many_members', message: `At most ${MAX_MEMBERS} members per request.` });
      const results = body.members.map((m) => {
        if (!m.email || refused.has(m.email)) return { status: 'error', message: 'The email hash was refused.' };
        if (body.operation === 'add') audience.members.add(m.email);
        else audience.members.delete(m.email);
        return { status: 'ok' };
      });
      return sendJson(res, 200, { results });
    }
    return sendJson(res, 404, { error: 'not_found', message: `No route ${req.method} ${req.path}` });
  };

  const server = await startSandboxServer({
    handler: handle,
    countRecords: (req) => (req.path.endsWith('members:batch') ? (req.json<{ members?: unknown[] }>().members?.length ?? 0) : 0),
  });
  return {
    url: server.url,
    apiKey,
    server,
    audienceSize: (segmentId) => audiences.get(segmentId)?.members.size ?? 0,
    rejectEmails: (emails) => emails.forEach((e) => refused.add(e)),
    close: () => server.close(),
  };
}
