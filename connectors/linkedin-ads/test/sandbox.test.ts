import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LINKEDIN_VERSION } from '../src/index.js';
import {
  startLinkedInSandbox,
  type LinkedInSandbox,
  type LinkedInSandboxOptions,
} from '../src/sandbox/index.js';

/**
 * The sandbox on its own, spoken to as LinkedIn is (raw HTTP): what a DMP segment reports while it
 * builds and once it is ready, how much of an upload matches, the per-member rate limit, the
 * version window and which identifiers and fields it takes. Each default is LinkedIn's documented
 * behaviour; the tests shrink the delays through the named options.
 */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sha512 = (text: string) => createHash('sha512').update(text).digest('hex');
const user = (i: number, extra: object = {}) => ({
  action: 'ADD',
  userIds: [{ idType: 'SHA256_EMAIL', idValue: sha256(`person.${i}@example.com`) }],
  ...extra,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `count` calls, at most 50 open at once: hundreds of simultaneous connections overflow the
 * listening socket's backlog on a busy machine, and the refused ones would fail the test for a
 * reason that has nothing to do with the sandbox. Fifty at a time still lands them well within
 * one rate-limit minute.
 */
async function inWaves<T>(count: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += 50) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(50, count - start) }, (_, j) => call(start + j)))));
  }
  return results;
}

/** A LinkedIn client as bare as it gets: the headers every call needs, JSON in and out. */
function client(sandbox: LinkedInSandbox, version = LINKEDIN_VERSION) {
  const headers = {
    Authorization: `Bearer ${sandbox.accessToken}`,
    'X-Restli-Protocol-Version': '2.0.0',
    'LinkedIn-Version': version,
    'Content-Type': 'application/json',
  };
  const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const response = await fetch(`${sandbox.apiBaseUrl}${path}`, {
      method,
      headers: { ...headers, ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    call,
    async createSegment(type: 'USER' | 'COMPANY' = 'USER', name = 'Segment') {
      const created = await call('POST', '/dmpSegments', {
        name,
        type,
        account: `urn:li:sponsoredAccount:${sandbox.adAccountId}`,
        sourceSegmentId: `src-${name}`,
        sourcePlatform: 'OUTPORT',
        accessPolicy: 'PRIVATE',
        destinations: [{ destination: 'LINKEDIN' }],
      });
      expect(created.status).toBe(201);
      return created.headers.get('x-restli-id')!;
    },
    send(id: string, endpoint: 'users' | 'companies', elements: object[]) {
      return call('POST', `/dmpSegments/${id}/${endpoint}`, { elements }, { 'X-RestLi-Method': 'BATCH_CREATE' });
    },
    /** Sends many, 500 to a call. */
    async sendAll(id: string, endpoint: 'users' | 'companies', elements: object[]) {
      for (let i = 0; i < elements.length; i += 500) {
        expect((await this.send(id, endpoint, elements.slice(i, i + 500))).status).toBe(200);
      }
    },
    async destination(id: string) {
      const { body } = await call('GET', `/dmpSegments/${id}`);
      return { segment: body, linkedin: (body.destinations as any[]).find((d) => d.destination === 'LINKEDIN') };
    },
  };
}

describe('the LinkedIn sandbox', () => {
  let sandbox: LinkedInSandbox | undefined;
  const start = async (options: LinkedInSandboxOptions) => (sandbox = await startLinkedInSandbox(options));
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  describe('a DMP segment', () => {
    it('is BUILDING, with no size yet, until LinkedIn has processed it; then READY with its matched size', async () => {
      const li = client(await start({ readyAfterMs: 0, buildingMs: 400, matchRate: 1 }));
      const id = await li.createSegment();
      const sent = await li.send(id, 'users', Array.from({ length: 320 }, (_, i) => user(i)));
      expect(sent.status).toBe(200);
      // Members are taken while the segment builds: LinkedIn refuses nothing for being BUILDING.
      expect(sent.body.elements.every((e: { status: number }) => e.status === 201)).toBe(true);

      const building = await li.destination(id);
      expect(building.linkedin).toMatchObject({ destination: 'LINKEDIN', status: 'BUILDING' });
      expect(building.linkedin).not.toHaveProperty('audienceSize');
      expect(building.linkedin).not.toHaveProperty('matchedCount');
      expect(building.segment).not.toHaveProperty('inputCount');
      expect(building.linkedin.destinationSegmentId).toMatch(/^urn:li:adSegment:\d+$/);

      await sleep(450);
      const ready = await li.destination(id);
      expect(ready.linkedin).toMatchObject({ status: 'READY', audienceSize: 320, matchedCount: 320 });
      expect(ready.segment.inputCount).toBe(320);
      expect(sandbox!.audience(id)).toMatchObject({ status: 'READY', size: 320, audienceSize: 320 });
    });

    it('builds for 48 hours by default, the longest LinkedIn says initial processing takes', async () => {
      let now = Date.parse('2026-11-30T08:00:00Z');
      const li = client(await start({ readyAfterMs: 0, matchRate: 1, now: () => now }));
      const id = await li.createSegment();
      await li.send(id, 'users', Array.from({ length: 300 }, (_, i) => user(i)));
      now += 47 * 3_600_000;
      expect((await li.destination(id)).linkedin.status).toBe('BUILDING');
      now += 3_600_000;
      expect((await li.destination(id)).linkedin).toMatchObject({ status: 'READY', audienceSize: 300 });
    });

    it('answers its member endpoints with 404 for the first 5 seconds by default, as LinkedIn documents', async () => {
      let now = Date.parse('2026-11-30T08:00:00Z');
      const li = client(await start({ now: () => now }));
      const id = await li.createSegment();
      const early = await li.send(id, 'users', [user(1)]);
      expect(early.status).toBe(404);
      expect(early.body.message).toBe(`Could not find DMP segment with ID ${id}`);
      now += 5_000;
      expect((await li.send(id, 'users', [user(1)])).status).toBe(200);
    });

    it('stays BUILDING below the 300 matched members LinkedIn needs to serve an audience, showing its size', async () => {
      const li = client(await start({ readyAfterMs: 0, buildingMs: 0, matchRate: 1 }));
      const id = await li.createSegment();
      await li.send(id, 'users', Array.from({ length: 299 }, (_, i) => user(i)));
      expect((await li.destination(id)).linkedin).toMatchObject({ status: 'BUILDING', audienceSize: 299 });
      await li.send(id, 'users', [user(299)]);
      expect((await li.destination(id)).linkedin).toMatchObject({ status: 'READY', audienceSize: 300 });
    });
  });

  describe('matching', () => {
    it('matches only part of an upload, and reports the matched members as the audience size', async () => {
      const li = client(await start({ readyAfterMs: 0, buildingMs: 0, matchRate: 0.6 }));
      const id = await li.createSegment();
      await li.sendAll(id, 'users', Array.from({ length: 1_000 }, (_, i) => user(i)));
      const { segment, linkedin } = await li.destination(id);
      expect(segment.inputCount).toBe(1_000);
      expect(linkedin.audienceSize).toBeGreaterThan(540);
      expect(linkedin.audienceSize).toBeLessThan(660);
      expect(linkedin.matchedCount).toBe(linkedin.audienceSize);
      // Every uploaded member is held; only the matched ones count.
      expect(sandbox!.audience(id)).toMatchObject({ size: 1_000, audienceSize: linkedin.audienceSize });
    });

    it('decides per identifier, so a rerun, or another sandbox, matches the same members', async () => {
      const sizes: number[] = [];
      for (let run = 0; run < 2; run++) {
        const li = client(await start({ readyAfterMs: 0, buildingMs: 0, matchRate: 0.5 }));
        const id = await li.createSegment();
        await li.send(id, 'users', Array.from({ length: 400 }, (_, i) => user(i)));
        await li.send(id, 'users', Array.from({ length: 400 }, (_, i) => user(i)));
        sizes.push((await li.destination(id)).linkedin.audienceSize);
        await sandbox!.close();
        sandbox = undefined;
      }
      expect(sizes[0]).toBe(sizes[1]);
    });

    it('matches half of the identifiers by default', async () => {
      const li = client(await start({ readyAfterMs: 0, buildingMs: 0 }));
      const id = await li.createSegment();
      await li.sendAll(id, 'users', Array.from({ length: 2_000 }, (_, i) => user(i)));
      const { linkedin } = await li.destination(id);
      expect(linkedin.audienceSize).toBeGreaterThan(900);
      expect(linkedin.audienceSize).toBeLessThan(1_100);
    });

    it('counts members at the matched companies as a company audience', async () => {
      const li = client(await start({ readyAfterMs: 0, buildingMs: 0, matchRate: 1, membersPerCompany: 120 }));
      const id = await li.createSegment('COMPANY');
      await li.send(
        id,
        'companies',
        ['acme.com', 'globex.com', 'initech.com'].map((domain) => ({ action: 'ADD', companyWebsiteDomain: domain })),
      );
      const { segment, linkedin } = await li.destination(id);
      expect(segment.inputCount).toBe(3);
      expect(linkedin).toMatchObject({ status: 'READY', matchedCount: 3, audienceSize: 360 });
    });
  });

  describe('rate limit', () => {
    it('answers 429 past the per-member limit, in LinkedIn\'s body and without Retry-After, until the window passes', async () => {
      const li = client(await start({ readyAfterMs: 0, requestsPerMinute: { users: 3 }, rateWindowMs: 600 }));
      const id = await li.createSegment();
      for (let i = 0; i < 3; i++) expect((await li.send(id, 'users', [user(i)])).status).toBe(200);
      const throttled = await li.send(id, 'users', [user(3)]);
      expect(throttled.status).toBe(429);
      expect(throttled.body).toEqual({
        status: 429,
        serviceErrorCode: 101,
        message: 'Resource level throttle limit for calls to this resource is reached.',
      });
      expect(throttled.headers.get('retry-after')).toBeNull();
      // The segment endpoints are not throttled by the member endpoints' limit.
      expect((await li.call('GET', `/dmpSegments/${id}`)).status).toBe(200);
      await sleep(650);
      expect((await li.send(id, 'users', [user(3)])).status).toBe(200);
      expect(sandbox!.stats().throttled).toBe(1);
    });

    it('holds LinkedIn\'s published limits by default: 600 user calls and 300 company calls a minute', async () => {
      const li = client(await start({ readyAfterMs: 0 }));
      const users = await li.createSegment('USER', 'u');
      const companies = await li.createSegment('COMPANY', 'c');
      const element = { action: 'ADD', companyName: 'Acme' };
      const companyCalls = await inWaves(301, () => li.send(companies, 'companies', [element]));
      expect(companyCalls.filter((c) => c.status === 429)).toHaveLength(1);
      const userCalls = await inWaves(601, (i) => li.send(users, 'users', [user(i)]));
      expect(userCalls.filter((c) => c.status === 429)).toHaveLength(1);
    });
  });

  describe('LinkedIn-Version', () => {
    const now = Date.parse('2026-11-30T08:00:00Z');

    it('serves the versions of the last 12 months and refuses a retired one with 426 NONEXISTENT_VERSION', async () => {
      const s = await start({ now: () => now });
      expect((await client(s, '202512').call('GET', `/adAccounts/${s.adAccountId}`)).status).toBe(200);
      expect((await client(s, '202611').call('GET', `/adAccounts/${s.adAccountId}`)).status).toBe(200);
      const retired = await client(s, '202511').call('GET', `/adAccounts/${s.adAccountId}`);
      expect(retired.status).toBe(426);
      expect(retired.body).toEqual({
        status: 426,
        code: 'NONEXISTENT_VERSION',
        message: 'Requested version 20251101 is not active',
      });
    });

    it('refuses a version not released yet, or not a version at all, the same way', async () => {
      const s = await start({ now: () => now });
      const future = await client(s, '202612').call('GET', `/adAccounts/${s.adAccountId}`);
      expect(future.status).toBe(426);
      expect(future.body.message).toBe('Requested version 20261201 is not active');
      const junk = await client(s, 'latest').call('GET', `/adAccounts/${s.adAccountId}`);
      expect(junk.status).toBe(426);
      expect(junk.body).toMatchObject({ code: 'NONEXISTENT_VERSION' });
    });

    it('takes the support window as an option', async () => {
      const s = await start({ now: () => now, versionSupportMonths: 24 });
      expect((await client(s, '202412').call('GET', `/adAccounts/${s.adAccountId}`)).status).toBe(200);
      expect((await client(s, '202411').call('GET', `/adAccounts/${s.adAccountId}`)).status).toBe(426);
    });

    it('answers a missing version with 400 VERSION_MISSING', async () => {
      const s = await start({});
      const response = await fetch(`${s.apiBaseUrl}/adAccounts/${s.adAccountId}`, {
        headers: { Authorization: `Bearer ${s.accessToken}`, 'X-Restli-Protocol-Version': '2.0.0' },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        status: 400,
        code: 'VERSION_MISSING',
        message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
      });
    });
  });

  describe('identifiers and fields', () => {
    it('takes every documented user identifier and attribute', async () => {
      const li = client(await start({ readyAfterMs: 0 }));
      const id = await li.createSegment();
      const answer = await li.send(id, 'users', [
        user(1, { firstName: 'ann', lastName: 'oneil', title: 'cto', company: 'Acme', country: 'US' }),
        { action: 'ADD', userIds: [{ idType: 'SHA512_EMAIL', idValue: sha512('b@example.com') }] },
        { action: 'ADD', userIds: [{ idType: 'GOOGLE_AID', idValue: '38400000-8cf0-11bd-b23e-10b96e40000d' }] },
        {
          action: 'ADD',
          userIds: [
            { idType: 'SHA256_EMAIL', idValue: sha256('c@example.com') },
            { idType: 'SHA512_EMAIL', idValue: sha512('c@example.com') },
          ],
        },
      ]);
      expect(answer.status).toBe(200);
      expect(answer.body.elements).toEqual([{ status: 201 }, { status: 201 }, { status: 201 }, { status: 201 }]);
      expect(sandbox!.audience(id)!.size).toBe(4);
    });

    it('refuses an identifier type LinkedIn does not document, failing the batch as Rest.li validation does', async () => {
      const li = client(await start({ readyAfterMs: 0 }));
      const id = await li.createSegment();
      for (const idType of ['APPLE_IDFA', 'SHA256_PHONE', 'BIZO_ID', 'sha256_email']) {
        const answer = await li.send(id, 'users', [
          user(1),
          { action: 'ADD', userIds: [{ idType, idValue: 'x' }] },
        ]);
        expect(answer.status).toBe(422);
        expect(answer.body).toEqual({
          status: 422,
          message: `Index: 1, [ERROR :: /userIds/0/idType :: "${idType}" is not an enum symbol\n]`,
        });
      }
      // Nothing of a refused batch is kept.
      expect(sandbox!.audience(id)!.size).toBe(0);
    });

    it('refuses fields LinkedIn does not document, for users and for companies', async () => {
      const li = client(await start({ readyAfterMs: 0 }));
      const users = await li.createSegment('USER', 'u');
      const phone = await li.send(users, 'users', [user(1, { phone: '+15555550100' })]);
      expect(phone.status).toBe(422);
      expect(phone.body.message).toBe('Index: 0, [ERROR :: /phone :: unrecognized field found but not allowed\n]');

      const companies = await li.createSegment('COMPANY', 'c');
      const documented = await li.send(companies, 'companies', [
        {
          action: 'ADD',
          companyName: 'Acme',
          companyWebsiteDomain: 'acme.com',
          companyEmailDomain: 'acme.com',
          organizationUrn: 'urn:li:organization:1234',
          companyPageUrl: 'https://www.linkedin.com/company/acme',
          industries: ['Software'],
          city: 'Springfield',
          state: 'IL',
          country: 'US',
          postalCode: '62701',
          stockSymbol: 'ACME',
        },
      ]);
      expect(documented.status).toBe(200);
      expect(documented.body.elements).toEqual([{ status: 201 }]);
      const employees = await li.send(companies, 'companies', [{ action: 'ADD', companyName: 'Acme', employeeCount: 40 }]);
      expect(employees.status).toBe(422);
      expect(employees.body.message).toBe(
        'Index: 0, [ERROR :: /employeeCount :: unrecognized field found but not allowed\n]',
      );
    });
  });
});
