import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutportClient, ProblemError, unwrap } from '../src/index.js';

// A local HTTP server standing in for the API, so the test sees exactly what the client sends.
let server: Server;
let baseUrl = '';
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    if (req.url?.split('?')[0] === '/api/v1/environments/consumer-brand/segments') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [], total: 0, limit: 5, offset: 0 }));
      return;
    }
    res.writeHead(403, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ type: '/problems/forbidden', title: 'Not allowed', status: 403, detail: 'Your role (viewer) does not allow this.' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('api client', () => {
  it('sends the API key and typed query parameters', async () => {
    const api = createOutportClient({ baseUrl, apiKey: 'opk_secret' });
    const page = unwrap(await api.GET('/api/v1/environments/{env}/segments', { params: { path: { env: 'consumer-brand' }, query: { limit: 5, sort: 'name' } } }));
    expect(page.total).toBe(0);
    const req = seen.at(-1)!;
    expect(req.headers.authorization).toBe('Bearer opk_secret');
    expect(req.url).toBe('/api/v1/environments/consumer-brand/segments?limit=5&sort=name');
  });

  it('turns a problem+json answer into a ProblemError with the readable detail', async () => {
    const api = createOutportClient({ baseUrl });
    const result = await api.POST('/api/v1/environments/{env}/segments/{id}/refresh', { params: { path: { env: 'consumer-brand', id: 'x' } } });
    expect(() => unwrap(result)).toThrow(ProblemError);
    try {
      unwrap(result);
    } catch (error) {
      expect((error as ProblemError).status).toBe(403);
      expect((error as ProblemError).message).toBe('Your role (viewer) does not allow this.');
    }
  });
});
