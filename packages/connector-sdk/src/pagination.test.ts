import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from './http.js';
import { jsonApiPage } from './json-api.js';
import { paginate, paginateHttp, resolveNextLink } from './pagination.js';
import { sendJson, startSandboxServer, type SandboxServer } from './sandbox/index.js';

describe('resolveNextLink', () => {
  const page = 'https://a.example.com/api/lists?page%5Bcursor%5D=abc';

  it('resolves absolute and relative links against the page', () => {
    expect(resolveNextLink(page, 'https://a.example.com/api/lists?page%5Bcursor%5D=def')).toBe('https://a.example.com/api/lists?page%5Bcursor%5D=def');
    expect(resolveNextLink(page, '/api/lists?cursor=def')).toBe('https://a.example.com/api/lists?cursor=def');
    expect(resolveNextLink(page, '?cursor=def')).toBe('https://a.example.com/api/lists?cursor=def');
    expect(resolveNextLink(page, null)).toBeUndefined();
    expect(resolveNextLink(page, '')).toBeUndefined();
  });

  it('refuses a link to another origin: the credentials go with every page', () => {
    expect(() => resolveNextLink(page, 'https://evil.example.net/api/lists?cursor=1')).toThrow(/leads to https:\/\/evil\.example\.net, not https:\/\/a\.example\.com/);
    expect(() => resolveNextLink(page, 'http://a.example.com/api/lists')).toThrow(/not https:\/\/a\.example\.com/);
  });
});

describe('paginate', () => {
  it('yields every item, fetching each page when the last is used up', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = {
      'https://t.example/items': { items: [1, 2], next: '/items?c=2' },
      'https://t.example/items?c=2': { items: [3], next: 'https://t.example/items?c=3' },
      'https://t.example/items?c=3': { items: [4, 5] },
    };
    const fetched: string[] = [];
    const items: number[] = [];
    for await (const item of paginate('https://t.example/items', (url) => Promise.resolve((fetched.push(url), pages[url]!)))) items.push(item);
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(fetched).toHaveLength(3);
  });

  it('stops with an error on a link back to a page it already read', async () => {
    const loop = paginate('https://t.example/a', () => Promise.resolve({ items: [1], next: '/a' }));
    await expect(
      (async () => {
        for await (const _item of loop) void _item;
      })(),
    ).rejects.toThrow("The target's listing links back to a page it already gave (/a).");
  });
});

describe('paginateHttp over JSON:API', () => {
  let sandbox: SandboxServer;
  beforeEach(async () => {
    sandbox = await startSandboxServer({
      handler: (req, res) => {
        const cursor = req.query['page[cursor]'];
        const base = `http://127.0.0.1:${req.headers.host?.split(':')[1]}`;
        if (!cursor) return sendJson(res, 200, { data: [{ type: 'list', id: 'L1' }, { type: 'list', id: 'L2' }], links: { self: `${base}/api/lists`, next: `${base}/api/lists?page%5Bcursor%5D=p2` } });
        if (cursor === 'p2') return sendJson(res, 200, { data: [{ type: 'list', id: 'L3' }], links: { next: '/api/lists?page%5Bcursor%5D=p3' } });
        return sendJson(res, 200, { data: [{ type: 'list', id: 'L4' }], links: { next: null } });
      },
    });
  });
  afterEach(() => sandbox.close());

  it('follows absolute and relative next links through the client', async () => {
    const http = createHttpClient({ baseUrl: `${sandbox.url}/api` });
    const ids: string[] = [];
    for await (const list of paginateHttp(http, '/lists', { select: jsonApiPage })) ids.push(list.id!);
    expect(ids).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(sandbox.stats().requests).toBe(3);
  });
});
