import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMailchimpSandbox, type MailchimpSandbox } from '../src/sandbox/index.js';
import { emailOf, exportSegments, people, segment } from './helpers.js';

describe('exporting segments to a Mailchimp audience', () => {
  let sandbox: MailchimpSandbox;

  beforeEach(async () => {
    // A little latency so batches overlap, as they do against Mailchimp; and no field in the
    // connector's bodies that Mailchimp's schemas do not name (stricter than Mailchimp, which ignores them).
    sandbox = await startMailchimpSandbox({ latencyMs: 20, rejectUnknownFields: true });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('puts every member of two segments in the audience, each on its own tag, within the limits', async () => {
    const everyone = segment('Everyone', 1_200);
    const vips = segment('VIP customers', 30);
    const result = await exportSegments(sandbox, [
      { item: everyone, records: people(1_200) },
      { item: vips, records: people(30, 100) },
    ]);

    expect(result.items.map((i) => [i.accepted, i.rejected.length])).toEqual([[1_200, 0], [30, 0]]);
    const members = sandbox.members();
    expect(members).toHaveLength(1_200);
    expect(new Set(sandbox.tagMembers(sandbox.listId, 'Everyone'))).toEqual(new Set(people(1_200).map((_, i) => emailOf(i))));
    expect(new Set(sandbox.tagMembers(sandbox.listId, 'VIP customers'))).toEqual(new Set(people(30).map((_, i) => emailOf(100 + i))));

    // Normalised addresses, merge fields, and both tags on a member of both segments.
    const both = members.find((m) => m.email_address === emailOf(110))!;
    expect(both.merge_fields).toEqual({ FNAME: 'First110', LNAME: 'Last110' });
    expect(both.tags.map((t) => t.name).sort()).toEqual(['Everyone', 'VIP customers']);
    expect(both.status).toBe('subscribed');

    const stats = sandbox.server.stats();
    expect(stats.maxRecordsPerRequest).toBeLessThanOrEqual(500);
    expect(stats.maxConcurrent).toBeLessThanOrEqual(10);
    expect(stats.maxConcurrent).toBeGreaterThan(1);
    // The connector keeps within Mailchimp's 10 connections, so the sandbox never had to refuse one.
    expect(stats.throttled).toBe(0);
  });

  it('takes members that left a segment off its tag but leaves them in the audience', async () => {
    const item = segment('Churn risk', 40);
    await exportSegments(sandbox, [{ item, records: people(40) }]);
    const result = await exportSegments(sandbox, [{ item, records: [], removals: people(10) }]);

    expect(result.items[0]!.accepted).toBe(10);
    expect(sandbox.tagMembers(sandbox.listId, 'Churn risk')).toHaveLength(30);
    expect(sandbox.tagMembers(sandbox.listId, 'Churn risk')).not.toContain(emailOf(3));
    expect(sandbox.members()).toHaveLength(40);
  });

  it('reuses the existing tag on a re-run instead of creating another', async () => {
    const item = segment('Newsletter', 5);
    await exportSegments(sandbox, [{ item, records: people(5) }]);
    await exportSegments(sandbox, [{ item, records: people(5) }]);
    const segments = await fetch(`${sandbox.url}/lists/${sandbox.listId}/segments?type=static`, {
      headers: { authorization: `Basic ${Buffer.from(`any:${sandbox.apiKey}`).toString('base64')}` },
    }).then((r) => r.json() as Promise<{ segments: { name: string; member_count: number }[] }>);
    expect(segments.segments).toEqual([expect.objectContaining({ name: 'Newsletter', member_count: 5 })]);
  });

  it('uses the tag another export created meanwhile, when several exports to one audience start at once', async () => {
    const item = segment('Spring launch', 20);
    const results = await Promise.all([1, 2, 3, 4].map(() => exportSegments(sandbox, [{ item, records: people(20) }])));
    expect(results.map((r) => r.items[0]!.accepted)).toEqual([20, 20, 20, 20]);
    expect(sandbox.tagMembers(sandbox.listId, 'Spring launch')).toHaveLength(20);
  });

  it('reports members Mailchimp refuses one by one, in its words, and keeps the rest', async () => {
    sandbox.rejectEmails([emailOf(2), emailOf(7)]);
    const result = await exportSegments(sandbox, [{ item: segment('Spring sale', 10), records: people(10) }]);
    const outcome = result.items[0]!;

    expect(outcome.accepted).toBe(8);
    expect(outcome.rejected.map((r) => r.key).sort()).toEqual(['P2', 'P7']);
    for (const rejection of outcome.rejected) {
      expect(rejection.reason).toMatch(/^Mailchimp refused the member: person\d@example\.com has signed up to a lot of lists very recently/);
    }
    expect(sandbox.tagMembers(sandbox.listId, 'Spring sale')).toHaveLength(8);
    expect(sandbox.members().map((m) => m.email_address)).not.toContain(emailOf(2));
  });

  it('never re-subscribes someone who unsubscribed or was cleaned, and still updates and tags them', async () => {
    const item = segment('Loyal customers', 8);
    await exportSegments(sandbox, [{ item, records: people(6) }]);
    sandbox.unsubscribe([emailOf(0)]); // through an unsubscribe link
    sandbox.unsubscribe([emailOf(1)], { by: 'account' }); // by the account, through the API
    sandbox.clean([emailOf(2)]); // bounced
    sandbox.unsubscribe([emailOf(6)]); // unsubscribed before Outport ever sent them
    sandbox.clean([emailOf(7)]);

    const renamed = people(8).map((p) => ({ ...p, values: { ...p.values, firstName: `Renamed${p.key}` } }));
    const again = await exportSegments(sandbox, [{ item, records: renamed }]);

    expect(again.items[0]).toMatchObject({ accepted: 8, rejected: [] });
    const statusOf = (i: number) => sandbox.member(emailOf(i))?.status;
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(statusOf)).toEqual(['unsubscribed', 'unsubscribed', 'cleaned', 'subscribed', 'subscribed', 'subscribed', 'unsubscribed', 'cleaned']);
    expect(sandbox.member(emailOf(0))!.merge_fields).toMatchObject({ FNAME: 'RenamedP0' });
    expect(sandbox.member(emailOf(7))!.merge_fields).toMatchObject({ FNAME: 'RenamedP7' });
    expect(new Set(sandbox.tagMembers(sandbox.listId, 'Loyal customers'))).toEqual(new Set(people(8).map((_, i) => emailOf(i))));
  });

  it('gives the chosen status to people new to the audience only', async () => {
    await exportSegments(sandbox, [{ item: segment('Early', 2), records: people(2) }]);
    const result = await exportSegments(sandbox, [{ item: segment('Confirm first', 4), records: people(4) }], { newMemberStatus: 'pending' });

    expect(result.items[0]!.accepted).toBe(4);
    expect([0, 1, 2, 3].map((i) => sandbox.member(emailOf(i))?.status)).toEqual(['subscribed', 'subscribed', 'pending', 'pending']);
  });

  it('refuses a new-member status that would not put people on the list, before sending anything', async () => {
    for (const status of ['unsubscribed', 'cleaned', 'bogus']) {
      await expect(exportSegments(sandbox, [{ item: segment('X', 1), records: people(1) }], { newMemberStatus: status })).rejects.toMatchObject({
        kind: 'permanent',
        message: expect.stringContaining('use subscribed, pending or transactional'),
      });
    }
    expect(sandbox.server.stats().requests).toBe(0);
  });

  it('fails before sending anything when the audience does not exist', async () => {
    const missing = { ...sandbox, listId: 'doesnotexist' };
    await expect(exportSegments(missing, [{ item: segment('X', 1), records: people(1) }])).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('reading audience doesnotexist (HTTP 404): Resource Not Found'),
    });
  });
});
