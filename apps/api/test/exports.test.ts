import { startLinkedInSandbox } from '@outport/connector-linkedin-ads/sandbox';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { DEMO_USERS } from '@outport/demo-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../src/database/entities/index.js';
import { databaseTargets, loginAs, type Session, startApi, type TestApi } from './harness.js';

const user = (role: string) => DEMO_USERS.find((u) => u.role === role)!;
const B2C = '/environments/consumer-brand';
const B2B = '/environments/industrial-supplier';
const MAPPING = { email: 'email', firstName: 'firstName', lastName: 'lastName' };

describe.each(databaseTargets())('exports on $name', (target) => {
  let api: TestApi;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  let linkedin: Awaited<ReturnType<typeof startLinkedInSandbox>>;
  let admin: Session;
  let contributor: Session;
  let viewer: Session;
  const ids: Record<string, string> = {};

  const segment = async (env: string, name: string) =>
    ((await admin.get(`${env}/segments?limit=200`)).body.items as { id: string; name: string }[]).find((s) => s.name === name)!.id;

  beforeAll(async () => {
    api = await startApi(target);
    await api.loadDemo(0.02);
    mailchimp = await startMailchimpSandbox();
    linkedin = await startLinkedInSandbox();
    [admin, contributor, viewer] = await Promise.all([loginAs(api.url, 'admin'), loginAs(api.url, 'contributor'), loginAs(api.url, 'viewer')]);
    for (const env of [B2C, B2B]) {
      const mc = await admin.post(`${env}/connections`, { name: 'Mailchimp', connectorId: 'mailchimp', settings: { apiBaseUrl: mailchimp.url }, secrets: { apiKey: mailchimp.apiKey } });
      ids[`${env}:mailchimp`] = mc.body.id;
      const li = await admin.post(`${env}/connections`, {
        name: 'LinkedIn',
        connectorId: 'linkedin-ads',
        settings: { apiBaseUrl: linkedin.apiBaseUrl, adAccountId: linkedin.adAccountId },
        secrets: { accessToken: linkedin.accessToken },
      });
      ids[`${env}:linkedin`] = li.body.id;
    }
  });
  afterAll(async () => {
    await mailchimp?.close();
    await linkedin?.close();
    await api?.close();
  });

  it('saves a segment export after checking eligibility, mapping and options, and says precisely what is wrong', async () => {
    const vip = await segment(B2C, 'VIP customers');
    const missing = await admin.post(`${B2C}/exports`, { name: 'VIP newsletter', type: 'segment', connectionId: ids[`${B2C}:mailchimp`], segmentIds: [vip], mapping: { firstName: 'firstName' }, options: {} });
    expect(missing.status).toBe(400);
    const messages = missing.body.errors.map((e: { message: string }) => e.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/Audience ID is required/i)]));

    const unmapped = await admin.post(`${B2C}/exports`, { name: 'VIP newsletter', type: 'segment', connectionId: ids[`${B2C}:mailchimp`], segmentIds: [vip], mapping: { firstName: 'firstName' }, options: { audienceId: mailchimp.listId } });
    expect(unmapped.body.errors.map((e: { message: string }) => e.message)).toEqual(["The required field 'Email address' is not mapped to a column of segment 'VIP customers'."]);

    const created = await admin.post(`${B2C}/exports`, { name: 'VIP newsletter', type: 'segment', connectionId: ids[`${B2C}:mailchimp`], segmentIds: [vip], mapping: MAPPING, options: { audienceId: mailchimp.listId } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'VIP newsletter',
      type: 'segment',
      active: true,
      connection: { name: 'Mailchimp', connectorName: 'Mailchimp' },
      items: [expect.objectContaining({ name: 'VIP customers', segmentType: 'profile' })],
      schedule: { kind: 'system-refresh' },
      scheduleText: 'With system refresh',
      status: 'never',
      permission: 'edit',
      updatedBy: user('admin').name,
    });
  });

  it("refuses account segments where the target takes contacts, in the seed product's words, when creating and when changing", async () => {
    const accounts = await segment(B2B, 'Key manufacturing accounts');
    const sentence = "The following segment is not eligible for this export destination: 'Key manufacturing accounts'. Please choose only segments of type ContactProfile and try again.";
    const res = await admin.post(`${B2B}/exports`, { name: 'Accounts to Mailchimp', type: 'segment', connectionId: ids[`${B2B}:mailchimp`], segmentIds: [accounts], mapping: MAPPING, options: { audienceId: mailchimp.listId } });
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.detail).toBe(sentence);
    expect(res.body.errors).toEqual([{ field: 'segmentIds', message: sentence }]);

    const contacts = await admin.post(`${B2B}/exports`, { name: 'Contacts to Mailchimp', type: 'segment', connectionId: ids[`${B2B}:mailchimp`], segmentIds: [await segment(B2B, 'Decision makers')], mapping: MAPPING, options: { audienceId: mailchimp.listId } });
    expect(contacts.status).toBe(201);
    const changed = await admin.patch(`${B2B}/exports/${contacts.body.id}`, { segmentIds: [accounts] });
    expect(changed.status).toBe(400);
    expect(changed.body.detail).toBe(sentence);
    expect(changed.body.errors).toEqual([{ field: 'segmentIds', message: sentence }]);
    // LinkedIn's contact audience says the same; its company audience takes account segments.
    const linkedIn = await admin.post(`${B2B}/exports/candidates`, { connectionId: ids[`${B2B}:linkedin`], audienceKind: 'contact', mapping: { email: 'email' } });
    expect(linkedIn.body.items.find((c: { name: string }) => c.name === 'Key manufacturing accounts').reasons[0]).toBe(sentence);
    await admin.delete(`${B2B}/exports/${contacts.body.id}`);
  });

  it('shows each candidate segment with its member count, eligibility and limit verdict before saving', async () => {
    const res = await admin.post(`${B2B}/exports/candidates`, { connectionId: ids[`${B2B}:linkedin`], audienceKind: 'company', mapping: { companyName: 'name', companyWebsite: 'website' } });
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.items.map((c: { name: string }) => [c.name, c]));
    expect(byName['Key manufacturing accounts']).toMatchObject({ segmentType: 'account', eligible: true });
    expect(byName['Decision makers']).toMatchObject({ segmentType: 'contact', eligible: false });
    // LinkedIn needs at least 300 members: the small demo segments would be skipped.
    expect(byName['Key manufacturing accounts'].limit).toBe('skip');
    expect(byName['Key manufacturing accounts'].limitMessage).toMatch(/at least 300/);
  });

  it('flags a segment that another export already sends to the same target object', async () => {
    const vip = await segment(B2C, 'VIP customers');
    const body = { name: 'VIP again', type: 'segment', connectionId: ids[`${B2C}:mailchimp`], segmentIds: [vip], mapping: MAPPING, options: { audienceId: mailchimp.listId } };
    const refused = await admin.post(`${B2C}/exports`, body);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/already goes to the same Mailchimp target through VIP newsletter/);
    const candidates = await admin.post(`${B2C}/exports/candidates`, { connectionId: ids[`${B2C}:mailchimp`], options: { audienceId: mailchimp.listId }, mapping: MAPPING });
    expect(candidates.body.items.find((c: { name: string }) => c.name === 'VIP customers').duplicateOf).toEqual(['VIP newsletter']);
    expect((await admin.post(`${B2C}/exports`, { ...body, allowDuplicateTargets: true })).status).toBe(201);
  });

  it('lists exports with the caller\'s permission, sorted by any column and searchable', async () => {
    const list = await contributor.get(`${B2C}/exports?sort=name`);
    expect(list.body.items.map((e: { name: string; permission: string }) => `${e.name}:${e.permission}`)).toEqual(['VIP again:view', 'VIP newsletter:view']);
    await admin.patch(`${B2C}/connections/${ids[`${B2C}:mailchimp`]}`, { sharing: { mode: 'contributors' } });
    expect((await contributor.get(`${B2C}/exports`)).body.items.every((e: { permission: string }) => e.permission === 'edit')).toBe(true);
    expect((await viewer.get(`${B2C}/exports`)).body.items.every((e: { permission: string }) => e.permission === 'view')).toBe(true);

    const desc = await admin.get(`${B2C}/exports?sort=name&order=desc`);
    expect(desc.body.items[0].name).toBe('VIP newsletter');
    expect((await admin.get(`${B2C}/exports?q=mailchimp`)).body.total).toBe(2);
    expect((await admin.get(`${B2C}/exports?q=linkedin`)).body.total).toBe(0);
    for (const column of ['type', 'connectionName', 'connectionType', 'status', 'schedule', 'lastRefreshedAt', 'updatedAt', 'updatedBy']) {
      expect((await admin.get(`${B2C}/exports?sort=${column}`)).status).toBe(200);
    }
    expect((await admin.get(`${B2C}/exports?sort=color`)).status).toBe(400);
  });

  it('sorts the list by the caller\'s permission', async () => {
    // A LinkedIn export the contributor may only view, beside the Mailchimp ones now shared with them.
    const vip = await segment(B2C, 'VIP customers');
    const linkedIn = await admin.post(`${B2C}/exports`, { name: 'VIP on LinkedIn', type: 'segment', connectionId: ids[`${B2C}:linkedin`], segmentIds: [vip], mapping: { email: 'email' } });
    expect(linkedIn.status).toBe(201);
    const order = async (session: Session, query: string) => ((await session.get(`${B2C}/exports?${query}`)).body.items as { name: string; permission: string }[]).map((e) => e.permission);
    expect(await order(contributor, 'sort=permission')).toEqual(['edit', 'edit', 'view']);
    expect(await order(contributor, 'sort=permission&order=desc')).toEqual(['view', 'edit', 'edit']);
    expect(await order(viewer, 'sort=permission')).toEqual(['view', 'view', 'view']);
    expect((await contributor.get(`${B2C}/exports?sort=permission&order=desc&limit=1`)).body.items[0].name).toBe('VIP on LinkedIn');
    expect((await admin.delete(`${B2C}/exports/${linkedIn.body.id}`)).status).toBe(204);
  });

  it('duplicates with the duplicate-target check of creating: refused until allowed, like saving', async () => {
    const original = (await admin.get(`${B2C}/exports?q=VIP newsletter`)).body.items[0];
    // The copy would send VIP customers to the same Mailchimp audience again: the problem creating such an export gets.
    const refused = await contributor.post(`${B2C}/exports/${original.id}/duplicate`);
    expect(refused.status).toBe(400);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([{ field: 'segmentIds', message: expect.stringMatching(/^Segment 'VIP customers' already goes to the same Mailchimp target through VIP again, VIP newsletter; .*allowDuplicateTargets/) }]);
    expect(refused.body.detail).toBe(refused.body.errors[0].message);
    const created = await admin.post(`${B2C}/exports`, { name: 'VIP third', type: 'segment', connectionId: ids[`${B2C}:mailchimp`], segmentIds: [original.items[0].id], mapping: MAPPING, options: { audienceId: mailchimp.listId } });
    expect({ ...created.body, instance: null }).toEqual({ ...refused.body, instance: null });
    expect((await admin.get(`${B2C}/exports?q=Copy of`)).body.total).toBe(0);
    // A viewer is refused for who they are before anything is checked.
    expect((await viewer.post(`${B2C}/exports/${original.id}/duplicate`, { allowDuplicateTargets: true })).status).toBe(403);
  });

  it('duplicates, detaches, re-attaches and removes, recording each change', async () => {
    const original = (await admin.get(`${B2C}/exports?q=VIP newsletter`)).body.items[0];
    const copy = await contributor.post(`${B2C}/exports/${original.id}/duplicate`, { allowDuplicateTargets: true });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Copy of VIP newsletter', status: 'never', active: true });

    const detached = await contributor.post(`${B2C}/exports/${copy.body.id}/detach`);
    expect(detached.body).toMatchObject({ connection: null, active: false, items: original.items });
    // Only admins edit an export without a connection (re-attaching means choosing one).
    expect((await contributor.patch(`${B2C}/exports/${copy.body.id}`, { connectionId: ids[`${B2C}:mailchimp`] })).status).toBe(403);
    const reattached = await admin.patch(`${B2C}/exports/${copy.body.id}`, { connectionId: ids[`${B2C}:mailchimp`], allowDuplicateTargets: true });
    expect(reattached.body).toMatchObject({ active: true, connection: { name: 'Mailchimp' } });

    const bulk = await admin.post(`${B2C}/exports/bulk`, { action: 'remove', ids: [copy.body.id, 'nope'] });
    expect(bulk.body).toEqual({ done: [copy.body.id], failed: [{ id: 'nope', message: expect.stringContaining('nope') }] });

    const events = await api.db.run(() => api.db.em.find(AuditEvent, { targetId: copy.body.id }, { orderBy: { createdAt: 'asc' } }));
    expect(events.map((e) => e.action)).toEqual(['export.duplicated', 'export.detached', 'export.updated', 'export.removed']);
    expect(events[1]!.before).toMatchObject({ connection: ids[`${B2C}:mailchimp`] });
    expect(events[1]!.after).toMatchObject({ connection: null });
    expect(events[1]!.actorLabel).toBe(user('contributor').email);
  });

  it('validates schedules and data-out tables', async () => {
    const badSchedule = await admin.patch(`${B2C}/exports/${(await admin.get(`${B2C}/exports?q=VIP newsletter`)).body.items[0].id}`, {
      schedule: { kind: 'custom', enabled: true, schedule: { recurrence: { frequency: 'daily', times: ['06:00'] }, startDate: '2026-12-01', startTime: '06:00', timeZone: 'Mars/Olympus' } },
    });
    expect(badSchedule.status).toBe(400);
    expect(badSchedule.body.errors[0].message).toContain('Mars/Olympus');

    const good = await admin.patch(`${B2C}/exports/${(await admin.get(`${B2C}/exports?q=VIP newsletter`)).body.items[0].id}`, {
      schedule: { kind: 'custom', enabled: true, schedule: { recurrence: { frequency: 'weekly', days: ['mon', 'thu'], time: '09:00' }, startDate: '2026-12-01', startTime: '09:00', timeZone: 'Europe/Paris' } },
    });
    expect(good.body.scheduleText).toBe('Weekly on Mon, Thu at 09:00 (Europe/Paris)');

    const wrongType = await admin.post(`${B2C}/exports`, { name: 'Tables to Mailchimp', type: 'data-out', connectionId: ids[`${B2C}:mailchimp`], tableIds: ['Customer'], options: { audienceId: mailchimp.listId } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors[0].message).toBe('Mailchimp does not take data-out exports.');
  });
});
