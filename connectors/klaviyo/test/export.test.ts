import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKlaviyoSandbox, type KlaviyoSandbox } from '../src/sandbox/index.js';
import { emailOf, exportContext, exportSegments, logger, people, segment } from './helpers.js';

describe('exporting segments to Klaviyo lists', () => {
  let sandbox: KlaviyoSandbox;

  beforeEach(async () => {
    sandbox = await startKlaviyoSandbox({ jobQueuedMs: 50, jobProcessingMs: 100 });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('imports each segment into its own list, named with the prefix, in jobs of at most 10,000 profiles', async () => {
    const everyone = segment('Everyone', 12_500);
    const vips = segment('VIP customers', 30);
    const result = await exportSegments(sandbox, [
      { item: everyone, records: people(12_500) },
      { item: vips, records: people(30, 100) },
    ]);

    expect(result.items.map((i) => [i.accepted, i.rejected.length])).toEqual([[12_500, 0], [30, 0]]);
    const list = sandbox.list('Outport: Everyone')!;
    expect(sandbox.members(list.id)).toHaveLength(12_500);
    expect(sandbox.members(sandbox.list('Outport: VIP customers')!.id).map((p) => p.email).sort()).toEqual(people(30, 100).map((_, i) => emailOf(100 + i)).sort());
    // Two jobs for the big segment (10,000 + 2,500) and one for the small one.
    expect(sandbox.jobs().map((job) => job.profiles.length).sort((a, b) => a - b)).toEqual([30, 2_500, 10_000]);

    // The address in plain text (normalised, never hashed), the names as given; one profile per person.
    const profile = sandbox.profile(emailOf(110))!;
    expect(profile).toMatchObject({ email: emailOf(110), first_name: 'First110', last_name: 'Last110' });
    expect(sandbox.members(list.id).filter((p) => p.id === profile.id)).toHaveLength(1);
    expect(result.items[0]!.note).toBe(`Klaviyo list "Outport: Everyone" (${list.id}): 12,500 profiles`);
  });

  it('never sends consent: the import carries profile attributes only, and no subscription endpoint is called', async () => {
    const records = people(5).map((r, i) => ({ ...r, values: { ...r.values, phone: `+1415555010${i}`, organization: 'Acme' } }));
    await exportSegments(sandbox, [{ item: segment('Consent', 5), records }]);

    const sent = sandbox.jobs().flatMap((job) => job.profiles);
    expect(sent).toHaveLength(5);
    for (const profile of sent) {
      expect(Object.keys(profile).sort()).toEqual(['attributes', 'type']);
      expect(Object.keys(profile.attributes as object).sort()).toEqual(['email', 'first_name', 'last_name', 'organization', 'phone_number']);
    }
    // Every request went to an endpoint the sandbox serves: none to subscription jobs (which it does not).
    expect(sandbox.server.stats().log.every((entry) => entry.status !== 404)).toBe(true);
  });

  it('finds the list again by name on the next run, and updates members whose values changed', async () => {
    const item = segment('Newsletter', 20);
    await exportSegments(sandbox, [{ item, records: people(20) }]);
    const changed = people(20).map((r, i) => (i < 3 ? { ...r, values: { ...r.values, firstName: `Renamed${i}` } } : r));
    const result = await exportSegments(sandbox, [{ item, records: changed.slice(0, 3) }]);

    expect(result.items[0]!.accepted).toBe(3);
    expect(sandbox.lists().filter((l) => l.name === 'Outport: Newsletter')).toHaveLength(1);
    expect(sandbox.profile(emailOf(1))!.first_name).toBe('Renamed1');
    expect(sandbox.profile(emailOf(5))!.first_name).toBe('First5');
    expect(sandbox.members(sandbox.list('Outport: Newsletter')!.id)).toHaveLength(20);
  });

  it('takes members that left the segment off the list (looked up by email, removed by profile id); their profiles stay', async () => {
    const item = segment('Churn risk', 2_500);
    await exportSegments(sandbox, [{ item, records: people(2_500) }]);
    sandbox.server.resetStats();
    // 1,200 leave, among them 5 Klaviyo never had on the list: removing them holds already.
    const leaving = [...people(1_195), ...people(5, 900_000)];
    const result = await exportSegments(sandbox, [{ item, records: [], removals: leaving }]);

    expect(result.items[0]).toMatchObject({ accepted: 1_200, rejected: [] });
    const list = sandbox.list('Outport: Churn risk')!;
    expect(sandbox.members(list.id)).toHaveLength(1_305);
    expect(sandbox.members(list.id).map((p) => p.email)).not.toContain(emailOf(3));
    expect(sandbox.profile(emailOf(3))).toBeDefined();
    // At most 1,000 profile ids per removal call, and 100 emails per lookup.
    const removals = sandbox.server.stats().log.filter((e) => e.operation === 'remove');
    expect(removals.map((e) => e.records).sort((a, b) => a - b)).toEqual([195, 1_000]);
    expect(sandbox.server.stats().log.filter((e) => e.operation === 'find-members')).toHaveLength(12);
  });

  it('sends nothing for removals from a list that does not exist yet', async () => {
    const result = await exportSegments(sandbox, [{ item: segment('Never sent', 3), records: [], removals: people(3) }]);
    expect(result.items[0]!.accepted).toBe(3);
    expect(sandbox.lists()).toHaveLength(0);
  });

  it('uses lists named exactly as the segments when the prefix is cleared', async () => {
    await exportSegments(sandbox, [{ item: segment('Exact "name" \\ here', 2), records: people(2) }], { listPrefix: '' });
    await exportSegments(sandbox, [{ item: segment('Exact "name" \\ here', 2), records: people(2) }], { listPrefix: '' });
    expect(sandbox.lists().map((l) => l.name)).toEqual(['Exact "name" \\ here']);
  });

  it('reports each profile Klaviyo refuses with its reason, across pages of import errors, and keeps the rest', async () => {
    // 150 refused addresses in one job: two pages of import errors (Klaviyo pages them by at most 100).
    const records = people(1_000);
    sandbox.rejectEmails(records.slice(0, 150).map((_, i) => emailOf(i)));
    const log = logger();
    const result = await exportSegments(sandbox, [{ item: segment('Partly refused', 1_000), records }], {}, exportContext(sandbox, {}, log));

    const outcome = result.items[0]!;
    expect(outcome.accepted).toBe(850);
    expect(outcome.rejected).toHaveLength(150);
    expect(outcome.rejected[0]).toEqual({ key: 'P0', field: 'email', reason: `Klaviyo refused the profile: The email address "${emailOf(0)}" cannot be imported (refused by the sandbox). (invalid)` });
    expect(log.warnings).toEqual([]);
    const pages = sandbox.server.stats().log.filter((e) => e.operation === 'import-errors');
    expect(pages).toHaveLength(2);
    expect(sandbox.members(sandbox.list('Outport: Partly refused')!.id)).toHaveLength(850);
  });

  it('refuses a phone number Klaviyo cannot read, that profile only, naming the field', async () => {
    const records = people(3);
    // The SDK's phone normalisation keeps "+1"; Klaviyo wants E.164 and refuses it.
    records[1] = { ...records[1]!, values: { ...records[1]!.values, phone: '+1' } };
    const result = await exportSegments(sandbox, [{ item: segment('Phones', 3), records }]);
    expect(result.items[0]!.accepted).toBe(2);
    expect(result.items[0]!.rejected).toEqual([{ key: 'P1', field: 'phone', reason: 'Klaviyo refused the profile: Invalid phone number: "+1" is not in E.164 format. (invalid)' }]);
  });
});
