import { sha256Hex } from '@outport/connector-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECORDS_PER_REQUEST } from '../src/manifest.js';
import { startLinkedInSandbox, type LinkedInSandbox } from '../src/sandbox/index.js';
import { batchCalls, contacts, exportSegment, segment } from './helpers.js';

describe('contact audiences', () => {
  let sandbox: LinkedInSandbox;
  beforeEach(async () => {
    // No 5 s wait after creating an audience (LinkedIn's; test/new-audience.test.ts covers it).
    sandbox = await startLinkedInSandbox({ readyAfterMs: 0 });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('sends 1,000 members as SHA-256 email hashes only, in batches within the limit', async () => {
    const item = segment('Newsletter readers', 'profile', 1_000);
    const outcome = await exportSegment(sandbox, 'contact', item, contacts(1_000));

    expect(outcome.rejected).toEqual([]);
    expect(outcome.accepted).toBe(1_000);
    const audience = sandbox.audience('Outport: Newsletter readers')!;
    expect(audience.type).toBe('USER');
    expect(audience.size).toBe(1_000);
    // Each hash is of the trimmed, lower-cased address.
    expect(audience.members).toContain(sha256Hex('person.17@example.com'));

    const calls = batchCalls(sandbox, 'users');
    expect(calls).toHaveLength(Math.ceil(1_000 / RECORDS_PER_REQUEST));
    expect(sandbox.stats().maxRecordsPerRequest).toBeLessThanOrEqual(RECORDS_PER_REQUEST);
    // No address, in any form, went over the wire.
    for (const request of sandbox.requests()) {
      expect(request.body).not.toMatch(/@/);
      expect(request.body.toLowerCase()).not.toContain('example.com');
    }
    const first = JSON.parse(calls[0]!.body);
    expect(first.elements[0]).toEqual({
      action: 'ADD',
      userIds: [{ idType: 'SHA256_EMAIL', idValue: sha256Hex('person.0@example.com') }],
      firstName: 'annmarie 0',
      lastName: 'oneil',
      company: 'Acme',
      country: 'US',
    });
  });

  it('finds the audience it created on the next run instead of creating a second', async () => {
    const item = segment('Trial users', 'profile', 400);
    await exportSegment(sandbox, 'contact', item, contacts(400));
    await exportSegment(sandbox, 'contact', item, contacts(450));

    expect(sandbox.audiences()).toHaveLength(1);
    expect(
      sandbox.requests().filter((r) => r.method === 'POST' && r.path === '/rest/dmpSegments'),
    ).toHaveLength(1);
    expect(sandbox.audience('Outport: Trial users')!.size).toBe(450);
  });

  it('keeps one audience per segment even when a renamed segment is exported again', async () => {
    const item = segment('Old name', 'profile', 10);
    await exportSegment(sandbox, 'contact', item, contacts(10));
    await exportSegment(sandbox, 'contact', { ...item, name: 'New name' }, contacts(10, 10));

    expect(sandbox.audiences()).toHaveLength(1);
    expect(sandbox.audience('Outport: Old name')!.size).toBe(20);
  });

  it('removes members that left the segment', async () => {
    const item = segment('Churn risk', 'profile', 600);
    const members = contacts(600);
    await exportSegment(sandbox, 'contact', item, members);
    const outcome = await exportSegment(sandbox, 'contact', item, [], members.slice(0, 250));

    expect(outcome.accepted).toBe(250);
    const audience = sandbox.audience('Outport: Churn risk')!;
    expect(audience.size).toBe(350);
    expect(audience.members).not.toContain(sha256Hex('person.0@example.com'));
    const removal = JSON.parse(batchCalls(sandbox, 'users').at(-1)!.body);
    expect(removal.elements[0]).toEqual({
      action: 'REMOVE',
      userIds: [{ idType: 'SHA256_EMAIL', idValue: sha256Hex('person.0@example.com') }],
    });
  });

  it('reports members LinkedIn refuses one by one, with its reason, and keeps the rest', async () => {
    sandbox.rejectHashes([sha256Hex('person.3@example.com'), sha256Hex('person.8@example.com')]);
    const item = segment('Partial', 'profile', 10);
    const outcome = await exportSegment(sandbox, 'contact', item, contacts(10));

    expect(outcome.accepted).toBe(8);
    expect(outcome.rejected).toEqual([
      { key: 'P3', reason: 'LinkedIn refused it: The member could not be processed (HTTP 400)' },
      { key: 'P8', reason: 'LinkedIn refused it: The member could not be processed (HTTP 400)' },
    ]);
    expect(sandbox.audience('Outport: Partial')!.size).toBe(8);
  });

  it('leaves out a country that is not a two-letter code instead of losing the member', async () => {
    const item = segment('Countries', 'profile', 1);
    const [record] = contacts(1);
    record!.values.country = 'Germany';
    const outcome = await exportSegment(sandbox, 'contact', item, [record!]);

    expect(outcome.accepted).toBe(1);
    expect(JSON.parse(batchCalls(sandbox, 'users')[0]!.body).elements[0]).not.toHaveProperty('country');
  });
});
