import { ConnectorError } from '@outport/connector-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import connector, { LINKEDIN_VERSION } from '../src/index.js';
import { startLinkedInSandbox, type LinkedInSandbox, type LinkedInSandboxOptions } from '../src/sandbox/index.js';
import { batchCalls, connectionFor, contacts, exportSegment, segment } from './helpers.js';

/**
 * What the connector tells the run about each audience after sending it (LinkedIn's status and
 * matched size, read back from the segment), and how it copes with LinkedIn's rate limit and
 * version window.
 */
describe('the LinkedIn audience after a run', () => {
  let sandbox: LinkedInSandbox | undefined;
  const start = async (options: LinkedInSandboxOptions) =>
    (sandbox = await startLinkedInSandbox({ readyAfterMs: 0, ...options }));
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('is reported BUILDING with nothing matched yet while LinkedIn processes a new audience', async () => {
    const s = await start({});
    const outcome = await exportSegment(s, 'contact', segment('Fresh', 'profile', 400), contacts(400));
    const id = s.audience('Outport: Fresh')!.id;
    expect(outcome.note).toBe(`LinkedIn segment ${id}: BUILDING, 0 matched yet`);
  });

  it('is reported READY with its matched size once LinkedIn has matched it', async () => {
    const s = await start({ buildingMs: 0, matchRate: 1 });
    const outcome = await exportSegment(s, 'contact', segment('Customers', 'profile', 3_100), contacts(3_100));
    const id = s.audience('Outport: Customers')!.id;
    expect(outcome.note).toBe(`LinkedIn segment ${id}: READY, 3,100 of 3,100 matched`);
  });

  it('shows the matched part of the segment, and says when it is too small to serve', async () => {
    const s = await start({ buildingMs: 0, matchRate: 0.5 });
    const outcome = await exportSegment(s, 'contact', segment('Trial', 'profile', 400), contacts(400));
    const audience = s.audience('Outport: Trial')!;
    expect(audience.audienceSize).toBeLessThan(300);
    expect(outcome.note).toBe(
      `LinkedIn segment ${audience.id}: BUILDING, ${audience.audienceSize} of 400 matched (LinkedIn serves an audience from 300 matched members)`,
    );
  });

  it('reports a company audience by its reach and the companies matched', async () => {
    const s = await start({ buildingMs: 0, matchRate: 1, membersPerCompany: 250 });
    const outcome = await exportSegment(
      s,
      'company',
      segment('Accounts', 'account', 3),
      ['acme.com', 'globex.com', 'initech.com'].map((domain, i) => ({ key: `A${i}`, values: { companyWebsite: domain } })),
    );
    const id = s.audience('Outport: Accounts')!.id;
    expect(outcome.note).toBe(
      `LinkedIn segment ${id}: READY, 750 members at 3 of 3 companies matched (last 7 days)`,
    );
  });

  it('is sent anyway when LinkedIn rate-limits it: 429s are waited out as the SDK does', async () => {
    const s = await start({ requestsPerMinute: { users: 2 }, rateWindowMs: 1_000 });
    const outcome = await exportSegment(s, 'contact', segment('Busy', 'profile', 2_000), contacts(2_000));
    expect(outcome.rejected).toEqual([]);
    expect(outcome.accepted).toBe(2_000);
    expect(s.audience('Outport: Busy')!.size).toBe(2_000);
    expect(s.stats().throttled).toBeGreaterThan(0);
    // Every throttled batch went again.
    expect(batchCalls(s, 'users').length).toBe(4 + s.stats().throttled);
  });

  it("fails the connection with LinkedIn's answer once LinkedIn has retired the connector's version", async () => {
    // Thirteen months after the version's release, LinkedIn has retired it.
    const retired = Date.UTC(Number(LINKEDIN_VERSION.slice(0, 4)), Number(LINKEDIN_VERSION.slice(4, 6)) - 1 + 13, 1);
    const s = await start({ now: () => retired });
    const error = await connector.testConnection(connectionFor(s)).then(
      () => null,
      (e: unknown) => e as ConnectorError,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error!.kind).toBe('permanent');
    expect(error!.message).toBe(
      `LinkedIn no longer serves API version ${LINKEDIN_VERSION} that this connector uses (LinkedIn said: Requested version ${LINKEDIN_VERSION}01 is not active). Update the LinkedIn Ads connector.`,
    );
  });
});
