import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMailchimpSandbox, type MailchimpSandbox } from '../src/sandbox/index.js';
import { exportSegments, people, segment } from './helpers.js';

describe('riding out Mailchimp throttling and outages', () => {
  let sandbox: MailchimpSandbox;

  beforeEach(async () => {
    sandbox = await startMailchimpSandbox();
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('retries a storm of 429s and still delivers every member', async () => {
    // Mailchimp's 429s usually carry no delay: the connector backs off on its own.
    sandbox.server.inject({ kind: 'rate-limit', times: 2, via: 'none' });
    sandbox.server.inject({ kind: 'rate-limit', times: 3, retryAfterMs: 200, via: 'header' });
    const result = await exportSegments(sandbox, [{ item: segment('Storm', 1_100), records: people(1_100) }]);

    expect(result.items[0]!.accepted).toBe(1_100);
    expect(sandbox.tagMembers(sandbox.listId, 'Storm')).toHaveLength(1_100);
    expect(sandbox.server.stats().throttled).toBe(5);
  });

  it('retries 503s', async () => {
    sandbox.server.inject({ kind: 'server-error', times: 3, status: 503 });
    const result = await exportSegments(sandbox, [{ item: segment('Outage', 20), records: people(20) }]);

    expect(result.items[0]!.accepted).toBe(20);
    expect(sandbox.members()).toHaveLength(20);
    expect(sandbox.server.stats().serverErrors).toBe(3);
  });
});
