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

  it('retries a storm of 429s, which name no delay, and still delivers every member', async () => {
    // Mailchimp's 429s carry no Retry-After: the connector backs off on its own.
    sandbox.server.inject({ kind: 'rate-limit', times: 2, via: 'none' });
    sandbox.server.inject({ kind: 'rate-limit', times: 1, retryAfterMs: 60_000, via: 'header' });
    const result = await exportSegments(sandbox, [{ item: segment('Storm', 1_100), records: people(1_100) }]);

    expect(result.items[0]!.accepted).toBe(1_100);
    expect(sandbox.tagMembers(sandbox.listId, 'Storm')).toHaveLength(1_100);
    expect(sandbox.server.stats().throttled).toBe(3);
  });

  it('waits as asked when the sandbox is told to name a delay (injectedRetryAfterHeader)', async () => {
    const named = await startMailchimpSandbox({ injectedRetryAfterHeader: true });
    try {
      named.server.inject({ kind: 'rate-limit', times: 1, retryAfterMs: 1_000, via: 'header' });
      const started = Date.now();
      const result = await exportSegments(named, [{ item: segment('Patient', 5), records: people(5) }]);
      expect(result.items[0]!.accepted).toBe(5);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    } finally {
      await named.close();
    }
  });

  it('retries 503s', async () => {
    sandbox.server.inject({ kind: 'server-error', times: 3, status: 503 });
    const result = await exportSegments(sandbox, [{ item: segment('Outage', 20), records: people(20) }]);

    expect(result.items[0]!.accepted).toBe(20);
    expect(sandbox.members()).toHaveLength(20);
    expect(sandbox.server.stats().serverErrors).toBe(3);
  });
});
