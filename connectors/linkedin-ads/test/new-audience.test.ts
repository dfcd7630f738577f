import { afterEach, describe, expect, it } from 'vitest';
import { startLinkedInSandbox, type LinkedInSandbox } from '../src/sandbox/index.js';
import { batchCalls, contacts, exportSegment, segment } from './helpers.js';

describe('a freshly created audience', () => {
  let sandbox: LinkedInSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
  });

  it('is waited out while LinkedIn still answers "not found" for it, then filled', async () => {
    sandbox = await startLinkedInSandbox({ readyAfterMs: 1_500 });
    const started = Date.now();
    const outcome = await exportSegment(
      sandbox,
      'contact',
      segment('Brand new', 'profile', 20),
      contacts(20),
    );

    expect(outcome.rejected).toEqual([]);
    expect(outcome.accepted).toBe(20);
    expect(sandbox.audience('Outport: Brand new')!.size).toBe(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    // The first attempts met the not-ready window; the same batch was sent again until it passed.
    expect(batchCalls(sandbox, 'users').length).toBeGreaterThan(1);
  });

  it('is not waited for again on later runs', async () => {
    sandbox = await startLinkedInSandbox({ readyAfterMs: 300 });
    const item = segment('Settled', 'profile', 5);
    await exportSegment(sandbox, 'contact', item, contacts(5));
    const before = batchCalls(sandbox, 'users').length;
    await exportSegment(sandbox, 'contact', item, contacts(5, 5));

    expect(batchCalls(sandbox, 'users').length - before).toBe(1);
  });
});
