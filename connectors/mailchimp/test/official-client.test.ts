import mailchimp from '@mailchimp/mailchimp_marketing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailchimpSandbox, type MailchimpSandbox } from '../src/sandbox/index.js';

// Done-when: the official Mailchimp client, pointed at the sandbox, works as against Mailchimp.
describe('the official @mailchimp/mailchimp_marketing client against the sandbox', () => {
  let sandbox: MailchimpSandbox;

  beforeAll(async () => {
    sandbox = await startMailchimpSandbox();
    mailchimp.basePath = sandbox.url;
    mailchimp.setConfig({ apiKey: sandbox.apiKey });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('pings', async () => {
    await expect(mailchimp.ping.get()).resolves.toEqual({ health_status: "Everything's Chimpy!" });
  });

  it('reads the audience', async () => {
    const list = (await mailchimp.lists.getList(sandbox.listId)) as any;
    expect(list.id).toBe(sandbox.listId);
    expect(list.stats.member_count).toBe(0);
  });

  it('batch subscribes members and reports the invalid ones', async () => {
    const result = (await mailchimp.lists.batchListMembers(sandbox.listId, {
      members: [
        { email_address: 'ada@example.com', status: 'subscribed', merge_fields: { FNAME: 'Ada' } },
        { email_address: 'not-an-email', status: 'subscribed' },
      ],
      update_existing: true,
    })) as any;
    expect(result.total_created).toBe(1);
    expect(result.new_members[0].email_address).toBe('ada@example.com');
    expect(result.error_count).toBe(1);
    expect(result.errors[0]).toMatchObject({ email_address: 'not-an-email', error: expect.stringContaining('looks fake or invalid') });
    expect(sandbox.members().map((m) => m.email_address)).toContain('ada@example.com');
  });

  it('gets a Mailchimp-shaped error for an unknown audience', async () => {
    const error = (await mailchimp.lists.getList('nope').catch((e: unknown) => e)) as any;
    expect(error.status).toBe(404);
    expect(error.response.body).toMatchObject({ title: 'Resource Not Found', status: 404, detail: expect.any(String), type: expect.any(String), instance: expect.any(String) });
  });

  it('is refused with a wrong key', async () => {
    mailchimp.setConfig({ apiKey: 'wrong0000000000000000-us21' });
    try {
      const error = (await mailchimp.ping.get().catch((e: unknown) => e)) as any;
      expect(error.status).toBe(401);
      expect(error.response.body.title).toBe('API Key Invalid');
    } finally {
      mailchimp.setConfig({ apiKey: sandbox.apiKey });
    }
  });
});
