import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, AuditEvent } from '../src/database/entities/index.js';
import { databaseTargets, loginAs, Session, startApi, waitForRun, type TestApi } from './harness.js';

const ENV = '/environments/consumer-brand';

/**
 * Trust at the edges (issue 8): Run all respects edit permission, cookie-authenticated requests
 * from other origins are refused, logins are throttled, every response carries security headers,
 * rejected records only show identifiers to editors, and API keys expire and revoke at once.
 */
describe.each(databaseTargets())('security on $name', (target) => {
  let api: TestApi;
  let admin: Session;
  let contributor: Session;
  let viewer: Session;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  const ids = { shared: '', unshared: '', sharedExport: '', unsharedExport: '', segment: '' };

  beforeAll(async () => {
    api = await startApi(target);
    await api.loadDemo(0.01);
    mailchimp = await startMailchimpSandbox();
    [admin, contributor, viewer] = await Promise.all([loginAs(api.url, 'admin'), loginAs(api.url, 'contributor'), loginAs(api.url, 'viewer')]);
    const connection = (name: string, mode: 'contributors' | 'admins') =>
      admin.post(`${ENV}/connections`, { name, connectorId: 'mailchimp', settings: { apiBaseUrl: mailchimp.url }, secrets: { apiKey: mailchimp.apiKey }, sharing: { mode } });
    ids.shared = (await connection('Mailchimp (shared)', 'contributors')).body.id;
    ids.unshared = (await connection('Mailchimp (admins)', 'admins')).body.id;
    ids.segment = (await admin.get(`${ENV}/segments?limit=100`)).body.items.find((s: { name: string }) => s.name === 'French newsletter subscribers').id;
    const exportOn = async (name: string, connectionId: string) =>
      (
        await admin.post(`${ENV}/exports`, {
          name,
          type: 'segment',
          connectionId,
          segmentIds: [ids.segment],
          mapping: { email: 'email' },
          options: { audienceId: mailchimp.listId },
          allowDuplicateTargets: true,
        })
      ).body.id as string;
    ids.sharedExport = await exportOn('Shared newsletter', ids.shared);
    ids.unsharedExport = await exportOn('Admins-only newsletter', ids.unshared);
  });
  afterAll(async () => {
    await mailchimp?.close();
    await api?.close();
  });

  const waitIdle = async () => {
    for (const id of [ids.sharedExport, ids.unsharedExport]) {
      const runs = (await admin.get(`${ENV}/exports/${id}/runs`)).body.items as { id: string }[];
      for (const run of runs) await waitForRun(admin, ENV, run.id);
    }
  };

  describe('Run all', () => {
    it.each(['session', 'API key'])("starts only the exports a contributor may edit (%s) and lists the others as skipped, with the reason", async (how) => {
      let caller = contributor;
      if (how === 'API key') {
        const key = await admin.post(`${ENV}/api-keys`, { name: 'Contributor key', role: 'contributor' });
        caller = new Session(api.url, key.body.key);
      }
      const res = await caller.post(`${ENV}/exports/run-all`);
      expect(res.status).toBe(202);
      expect(res.body.started.map((r: { exportId: string }) => r.exportId)).toEqual([ids.sharedExport]);
      expect(res.body.skipped).toEqual([
        { exportId: ids.unsharedExport, name: 'Admins-only newsletter', reason: 'You can view "Admins-only newsletter" but not change or run it: its connection is not shared with you.' },
      ]);
      // The same export, run alone, is refused the same way.
      expect((await caller.post(`${ENV}/exports/${ids.unsharedExport}/run`, {})).status).toBe(403);
      await waitIdle();
    });

    it('refuses a contributor in bulk per export, and lets admins run everything', async () => {
      const bulk = await contributor.post(`${ENV}/exports/bulk`, { action: 'run', ids: [ids.sharedExport, ids.unsharedExport] });
      expect(bulk.body.done).toEqual([ids.sharedExport]);
      expect(bulk.body.failed).toEqual([{ id: ids.unsharedExport, message: expect.stringContaining('not shared with you') }]);
      await waitIdle();
      const all = await admin.post(`${ENV}/exports/run-all`);
      expect(all.body.started).toHaveLength(2);
      await waitIdle();
    });
  });

  describe('bulk actions', () => {
    it.each([
      { action: 'detach', extra: {} },
      { action: 'schedule', extra: { mode: 'keep', enabled: false } },
      { action: 'remove', extra: {} },
    ])("refuse a contributor's $action on an export whose connection is not shared, and change nothing", async ({ action, extra }) => {
      const before = (await admin.get(`${ENV}/exports/${ids.unsharedExport}`)).body;
      const bulk = await contributor.post(`${ENV}/exports/bulk`, { action, ids: [ids.unsharedExport], ...extra });
      expect(bulk.status).toBe(200);
      expect(bulk.body).toMatchObject({ done: [], failed: [{ id: ids.unsharedExport, message: expect.stringContaining('not shared with you') }] });
      const after = (await admin.get(`${ENV}/exports/${ids.unsharedExport}`)).body;
      expect(before.connection).not.toBeNull();
      expect(after).toMatchObject({ connection: before.connection, schedule: before.schedule, scheduleOn: before.scheduleOn, updatedAt: before.updatedAt });
    });
  });

  describe('cross-site requests', () => {
    it('refuses a cookie-authenticated change from another origin, or with no origin at all, and changes nothing', async () => {
      const evil = contributor.from('http://evil.example');
      const res = await evil.patch(`${ENV}/exports/${ids.sharedExport}`, { name: 'Renamed by evil' });
      expect(res.status).toBe(403);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.type).toBe('/problems/cross-site-request');
      expect((await contributor.from(null).patch(`${ENV}/exports/${ids.sharedExport}`, { name: 'Renamed by a script' })).status).toBe(403);
      // A Referer from the console's own origin stands in for a missing Origin.
      const viaReferer = await contributor.from(null).request('PATCH', `${ENV}/exports/${ids.sharedExport}`, { name: 'Shared newsletter' }, 'application/json', { referer: `${api.url}/e/consumer-brand/exports` });
      expect(viaReferer.status).toBe(200);
      expect((await admin.get(`${ENV}/exports/${ids.sharedExport}`)).body.name).toBe('Shared newsletter');
    });

    it('refuses a form-encoded bulk remove posted by a foreign page, and the export stays', async () => {
      const form = 'action=remove&ids=' + ids.sharedExport;
      const foreign = await admin.from('http://evil.example').post(`${ENV}/exports/bulk`, form, 'application/x-www-form-urlencoded');
      expect([403, 415]).toContain(foreign.status);
      // Even from the console's own origin a JSON endpoint takes no form bodies.
      const sameOrigin = await admin.post(`${ENV}/exports/bulk`, form, 'application/x-www-form-urlencoded');
      expect(sameOrigin.status).toBe(415);
      expect(sameOrigin.body.detail).toContain('application/json');
      const plain = await admin.post(`${ENV}/exports/bulk`, JSON.stringify({ action: 'remove', ids: [ids.sharedExport] }), 'text/plain');
      expect(plain.status).toBe(415);
      expect((await admin.get(`${ENV}/exports/${ids.sharedExport}`)).status).toBe(200);
    });

    it('refuses a bodiless form post from a foreign page (Run all), which no media-type check would catch', async () => {
      const before = (await admin.get(`${ENV}/runs?limit=1`)).body.total;
      const foreign = await contributor.from('http://evil.example').post(`${ENV}/exports/run-all`);
      expect(foreign.status).toBe(403);
      expect(foreign.body.type).toBe('/problems/cross-site-request');
      expect((await admin.get(`${ENV}/runs?limit=1`)).body.total).toBe(before);
    });

    it('does not check API-key requests, which carry no ambient credentials', async () => {
      const key = await admin.post(`${ENV}/api-keys`, { name: 'Script', role: 'admin' });
      const script = new Session(api.url, key.body.key, 'http://evil.example');
      const res = await script.request('PATCH', `${ENV}/exports/${ids.sharedExport}`, { name: 'Shared newsletter' }, 'application/json', { origin: 'http://evil.example' });
      expect(res.status).toBe(200);
    });

    it('refuses a login posted from another origin (login CSRF)', async () => {
      const res = await new Session(api.url, undefined, 'http://evil.example').login('admin@outport.demo', 'demo-admin-2026');
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    });
  });

  describe('security headers', () => {
    it('sends them on API answers, errors and the console', async () => {
      for (const path of ['/api/v1/health', '/api/v1/environments', '/api/v1/nowhere', '/', '/e/consumer-brand/exports']) {
        const res = await fetch(`${api.url}${path}`);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp, path).toContain("frame-ancestors 'none'");
        expect(csp, path).toContain("script-src 'self'");
        expect(csp, path).not.toContain("'unsafe-eval'");
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('x-frame-options'), path).toBe('DENY');
        expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      }
    });

    it('sends them on the problems that refuse a request before it is routed', async () => {
      const deep = '['.repeat(100) + ']'.repeat(100);
      const refusals = [
        { what: 'bad percent-encoding', res: await fetch(`${api.url}/api/v1/environments/%E0%A4%A`), status: 400 },
        { what: 'JSON nested too deep', res: await admin.request('POST', `${ENV}/exports`, deep, 'application/json'), status: 400 },
        { what: 'truncated JSON', res: await admin.request('POST', `${ENV}/exports`, '{"name":', 'application/json'), status: 400 },
        { what: 'a body too large', res: await admin.request('POST', `${ENV}/exports`, JSON.stringify({ name: 'x'.repeat(200_000) }), 'application/json'), status: 413 },
      ];
      for (const { what, res, status } of refusals) {
        expect(res.status, what).toBe(status);
        expect(res.headers.get('content-type'), what).toContain('application/problem+json');
        expect(res.headers.get('content-security-policy') ?? '', what).toContain("frame-ancestors 'none'");
        expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
        expect(res.headers.get('x-frame-options'), what).toBe('DENY');
      }
    });

    it('marks the session cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
      const direct = await new Session(api.url).login('viewer@outport.demo', 'demo-viewer-2026');
      expect(direct.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
      const proxied = await new Session(api.url, undefined, null).request('POST', '/auth/login', { email: 'viewer@outport.demo', password: 'demo-viewer-2026' }, 'application/json', { 'x-forwarded-proto': 'https' });
      expect(proxied.status).toBe(200);
      expect(proxied.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
      expect(proxied.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    });
  });

  describe('rejected records', () => {
    it('shows identifiers only to those who may edit the export; viewers get counts and reasons with keys masked', async () => {
      const run = await waitForRun(admin, ENV, (await admin.post(`${ENV}/exports/${ids.sharedExport}/run`, { fullResync: true })).body.id);
      const someone = mailchimp.members()[0]!.email_address;
      mailchimp.rejectEmails([someone]);
      const second = await waitForRun(admin, ENV, (await admin.post(`${ENV}/exports/${ids.sharedExport}/run`, { fullResync: true })).body.id);
      expect(run.status).toBe('succeeded');
      expect(second.status).toBe('succeeded_with_warnings');
      const csv = async (s: Session) => parse<{ key: string; reason: string }>((await s.get(`${ENV}/runs/${second.id}/rejections.csv`)).body as string, { columns: true });
      const full = await csv(contributor);
      expect(full).toHaveLength(1);
      expect(full[0]!.key).not.toBe('[hidden]');
      const masked = await csv(viewer);
      expect(masked).toEqual([{ ...full[0], key: '[hidden]', reason: expect.any(String) }]);
      expect(JSON.stringify(masked)).not.toContain(someone);
      expect(JSON.stringify(masked)).not.toContain(full[0]!.key);
      expect(masked[0]!.reason).toContain('Mailchimp refused');
      // The run itself still shows the counts to everyone.
      expect((await viewer.get(`${ENV}/runs/${second.id}`)).body.counts.rejected).toBe(1);
    });
  });

  describe('API keys', () => {
    it('expire when told, show when they were last used, and stop working the moment they are revoked', async () => {
      expect((await admin.post(`${ENV}/api-keys`, { name: 'Past', role: 'viewer', expiresAt: '2020-01-01T00:00:00Z' })).status).toBe(400);
      const soon = await admin.post(`${ENV}/api-keys`, { name: 'Expiring', role: 'viewer', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      expect(soon.status).toBe(201);
      const key = new Session(api.url, soon.body.key);
      expect((await key.get(`${ENV}/exports`)).status).toBe(200);
      const listed = (await admin.get(`${ENV}/api-keys`)).body.items.find((k: { id: string }) => k.id === soon.body.id);
      expect(listed).toMatchObject({ state: 'active', expiresAt: soon.body.expiresAt, lastUsedAt: expect.any(String) });
      // Time passes: the key has expired.
      await api.db.run(async () => {
        await api.db.em.nativeUpdate(ApiKey, { id: soon.body.id }, { expiresAt: new Date(Date.now() - 1000) });
      });
      expect((await key.get(`${ENV}/exports`)).status).toBe(401);
      expect((await admin.get(`${ENV}/api-keys`)).body.items.find((k: { id: string }) => k.id === soon.body.id).state).toBe('expired');

      const other = await admin.post(`${ENV}/api-keys`, { name: 'Revoked', role: 'admin' });
      const revoked = new Session(api.url, other.body.key);
      expect((await revoked.get(`${ENV}/exports`)).status).toBe(200);
      expect((await admin.delete(`${ENV}/api-keys/${other.body.id}`)).status).toBe(204);
      expect((await revoked.get(`${ENV}/exports`)).status).toBe(401);
    });
  });

  describe('login throttling', () => {
    it('answers 429 with Retry-After after 10 failures for one account, even for the right password, and records it', async () => {
      const email = 'contributor@outport.demo';
      const attempt = (password: string) => new Session(api.url).login(email, password);
      for (let i = 0; i < 10; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
      const throttled = await attempt('demo-contributor-2026');
      expect(throttled.status).toBe(429);
      expect(throttled.type).toContain('application/problem+json');
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const events = await api.db.run(() => api.db.em.find(AuditEvent, { action: 'auth.login.throttled' }));
      expect(events.some((e) => e.after?.email === email)).toBe(true);
      // Another account from the same address is not locked out by this one.
      expect((await new Session(api.url).login('viewer@outport.demo', 'demo-viewer-2026')).status).toBe(200);
    });

    it('treats an address with no account exactly like one with an account', async () => {
      const answers = async (email: string) => {
        const statuses: number[] = [];
        for (let i = 0; i < 11; i++) {
          const res = await new Session(api.url).login(email, 'wrong');
          statuses.push(res.status);
          if (res.status === 429) return { statuses, detail: res.body.detail };
        }
        return { statuses, detail: null };
      };
      const known = await answers('admin@outport.demo');
      const unknown = await answers('nobody-here@outport.demo');
      expect(unknown).toEqual(known);
      expect(known.statuses.at(-1)).toBe(429);
    });
  });
});

describe('login throttling under parallel guesses', () => {
  it('checks at most 10 passwords for an account however many guesses arrive at once', async () => {
    const api = await startApi(databaseTargets()[0]!);
    try {
      const guesses = await Promise.all(Array.from({ length: 25 }, (_, i) => new Session(api.url).login('admin@outport.demo', `guess-${i}`)));
      const statuses = guesses.map((g) => g.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(15);
      expect((await new Session(api.url).login('admin@outport.demo', 'demo-admin-2026')).status).toBe(429);
    } finally {
      await api.close();
    }
  });
});

describe('login throttling per client address', () => {
  it('throttles one address that tries many accounts, and grows the wait with further failures', async () => {
    const api = await startApi(databaseTargets()[0]!, { OUTPORT_LOGIN_FAILURES_PER_ADDRESS: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await new Session(api.url).login(`person-${i}@example.com`, 'guess')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const first = await new Session(api.url).login('someone-else@example.com', 'guess');
      expect(first.status).toBe(429);
      const firstWait = Number(first.headers.get('retry-after'));
      expect(firstWait).toBeGreaterThan(50);
      expect(firstWait).toBeLessThanOrEqual(60);
      // After the lock lapses, one more failure locks for twice as long.
      await api.db.run(async () => {
        const { LoginThrottle } = await import('../src/database/entities/index.js');
        await api.db.em.nativeUpdate(LoginThrottle, {}, { lockedUntil: new Date(Date.now() - 1000) });
      });
      expect((await new Session(api.url).login('person-7@example.com', 'guess')).status).toBe(401);
      const second = await new Session(api.url).login('person-8@example.com', 'guess');
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(100);
    } finally {
      await api.close();
    }
  });
});
