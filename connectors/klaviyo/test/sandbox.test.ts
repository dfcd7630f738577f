import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKlaviyoSandbox, type KlaviyoSandbox } from '../src/sandbox/index.js';

/** Klaviyo's protocol as the sandbox answers it, request by request. */
describe('the Klaviyo sandbox', () => {
  let sandbox: KlaviyoSandbox;
  let headers: Record<string, string>;

  beforeEach(async () => {
    sandbox = await startKlaviyoSandbox({ jobQueuedMs: 100, jobProcessingMs: 200 });
    headers = { authorization: `Klaviyo-API-Key ${sandbox.apiKey}`, revision: '2026-07-15', accept: 'application/vnd.api+json', 'content-type': 'application/vnd.api+json' };
  });
  afterEach(() => sandbox.close());

  const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const res = await fetch(`${sandbox.url}${path}`, { method, headers: { ...headers, ...extra }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const importBody = (profiles: object[], listId?: string) => ({
    data: {
      type: 'profile-bulk-import-job',
      attributes: { profiles: { data: profiles.map((attributes) => ({ type: 'profile', attributes })) } },
      ...(listId ? { relationships: { lists: { data: [{ type: 'list', id: listId }] } } } : {}),
    },
  });

  it("answers a missing scheme and an unknown key with Klaviyo's 401s", async () => {
    const none = await call('GET', '/api/lists', undefined, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.body!.errors[0]).toMatchObject({ status: 401, code: 'not_authenticated', title: 'Authentication credentials were not provided.', detail: 'Missing or invalid authorization scheme. Please use Klaviyo-API-Key.' });
    const bearer = await call('GET', '/api/lists', undefined, { authorization: `Bearer ${sandbox.apiKey}` });
    expect(bearer.body!.errors[0].code).toBe('not_authenticated');
    const wrong = await call('GET', '/api/lists', undefined, { authorization: 'Klaviyo-API-Key pk_nope' });
    expect([wrong.status, wrong.body!.errors[0].code]).toEqual([401, 'authentication_failed']);
    expect(wrong.headers.get('content-type')).toBe('application/vnd.api+json');
  });

  it('requires a revision header that names a revision', async () => {
    const missing = await call('GET', '/api/lists', undefined, { revision: '' });
    expect([missing.status, missing.body!.errors[0].code, missing.body!.errors[0].source]).toEqual([400, 'invalid', { parameter: 'revision' }]);
    const unknown = await call('GET', '/api/lists', undefined, { revision: '2026-07-16' });
    expect(unknown.status).toBe(400);
    expect((await call('GET', '/api/lists', undefined, { revision: '2026-07-15.pre' })).status).toBe(200);
  });

  it('refuses bodies that are not JSON with 415', async () => {
    const res = await call('POST', '/api/lists', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect([res.status, res.body!.errors[0].code]).toEqual([415, 'unsupported_media_type']);
  });

  it('runs an import job queued → processing → complete, then lists its profiles and its errors page by page', async () => {
    const list = (await call('POST', '/api/lists', { data: { type: 'list', attributes: { name: 'VIP' } } })).body!.data;
    const profiles = [...Array.from({ length: 3 }, (_, i) => ({ email: `ok${i}@example.com` })), ...Array.from({ length: 5 }, (_, i) => ({ email: `bad${i}` }))];
    const created = await call('POST', '/api/profile-bulk-import-jobs', importBody(profiles, list.id));
    expect(created.status).toBe(202);
    const job = created.body!.data;
    expect(job).toMatchObject({ type: 'profile-bulk-import-job', attributes: { status: 'queued', total_count: 8 } });

    await sleep(150);
    expect((await call('GET', `/api/profile-bulk-import-jobs/${job.id}`)).body!.data.attributes.status).toBe('processing');
    await sleep(250);
    const done = (await call('GET', `/api/profile-bulk-import-jobs/${job.id}`)).body!.data;
    expect(done.attributes).toMatchObject({ status: 'complete', total_count: 8, completed_count: 3, failed_count: 5 });
    expect(sandbox.members(list.id)).toHaveLength(3);

    const first = await call('GET', `/api/profile-bulk-import-jobs/${job.id}/import-errors?page[size]=2`);
    expect(first.body!.data).toHaveLength(2);
    expect(first.body!.data[0]).toMatchObject({
      type: 'import-error',
      attributes: { code: 'invalid', title: 'Invalid input.', source: { pointer: '/data/attributes/profiles/data/3/attributes/email' }, original_payload: { email: 'bad0' } },
    });
    expect(first.body!.links.prev).toBeNull();
    // An absolute link, as Klaviyo sends them, carrying the cursor (and the page size asked for).
    const next = new URL(first.body!.links.next as string);
    expect(next.origin).toBe(sandbox.url);
    expect(next.searchParams.get('page[cursor]')).toBeTruthy();
    const seen: string[] = [];
    for (let url: string | null = first.body!.links.self; url; ) {
      const page = await call('GET', url.slice(sandbox.url.length));
      seen.push(...page.body!.data.map((e: { attributes: { original_payload: { email: string } } }) => e.attributes.original_payload.email));
      url = page.body!.links.next;
    }
    expect(seen).toEqual(['bad0', 'bad1', 'bad2', 'bad3', 'bad4']);
  });

  it("enforces the documented limits: 10,000 profiles and 5 MB per job, 1,000 per removal", async () => {
    const tooMany = await call('POST', '/api/profile-bulk-import-jobs', importBody(Array.from({ length: 10_001 }, (_, i) => ({ email: `p${i}@example.com` }))));
    expect([tooMany.status, tooMany.body!.errors[0].source.pointer]).toEqual([400, '/data/attributes/profiles/data']);
    const big = 'x'.repeat(600);
    const tooLarge = await call('POST', '/api/profile-bulk-import-jobs', importBody(Array.from({ length: 8_500 }, (_, i) => ({ email: `p${i}@example.com`, first_name: big }))));
    expect(tooLarge.status).toBe(413);
    const list = (await call('POST', '/api/lists', { data: { type: 'list', attributes: { name: 'L' } } })).body!.data;
    const removal = await call('DELETE', `/api/lists/${list.id}/relationships/profiles`, { data: Array.from({ length: 1_001 }, (_, i) => ({ type: 'profile', id: `p${i}` })) });
    expect(removal.status).toBe(400);
    const stats = sandbox.server.stats();
    expect(stats.violations).toEqual(expect.arrayContaining([expect.stringMatching(/upsert request carried 10,001 records/), expect.stringMatching(/remove request carried 1,001 records/)]));
  });

  it("throttles an endpoint past its burst with Klaviyo's 429: Retry-After instead of the RateLimit headers", async () => {
    const first = await call('GET', '/api/accounts');
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('15');
    const second = await call('GET', '/api/accounts');
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(0);
    expect(second.headers.get('ratelimit-limit')).toBeNull();
    expect(second.body!.errors[0]).toMatchObject({ status: 429, code: 'throttled', title: 'Request was throttled.', detail: expect.stringMatching(/^Request was throttled\. Expected available in \d+ seconds?\.$/) });
  });

  it('finds lists by name with Klaviyo filters, and list members by email', async () => {
    await call('POST', '/api/lists', { data: { type: 'list', attributes: { name: 'Say "hi"' } } });
    const found = await call('GET', `/api/lists?filter=${encodeURIComponent('equals(name,"Say \\"hi\\"")')}`);
    expect(found.body!.data.map((l: { attributes: { name: string } }) => l.attributes.name)).toEqual(['Say "hi"']);
    const bad = await call('GET', `/api/lists?filter=${encodeURIComponent('greater-than(name,"x")')}`);
    expect([bad.status, bad.body!.errors[0].source]).toEqual([400, { parameter: 'filter' }]);
  });
});
