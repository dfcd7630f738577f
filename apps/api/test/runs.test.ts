import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { checkModelJson } from '@outport/connector-data-lake/sandbox';
import { DEMO_USERS } from '@outport/demo-data';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DataTable, Environment, Export, Segment } from '../src/database/entities/index.js';
import { databaseTargets, Session, startApi, waitForRun, type DatabaseTarget, type TestApi } from './harness.js';

const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
const ENV = '/environments/consumer-brand';
const MAPPING = { email: 'email', firstName: 'firstName', lastName: 'lastName' };

/** Every database, on the in-process queue; and on Bull when Redis is there (mandatory in CI). */
function matrix(): { name: string; target: DatabaseTarget; redis: string | null }[] {
  const redis = process.env.REDIS_URL ?? null;
  if (!redis && process.env.CI === 'true') throw new Error('CI=true but REDIS_URL is not set: the Bull suite must run in CI.');
  const targets = databaseTargets();
  const combos = targets.map((target) => ({ name: `${target.name}, in-process queue`, target, redis: null as string | null }));
  if (redis) combos.push({ name: `${targets.at(-1)!.name}, Bull on Redis`, target: targets.at(-1)!, redis });
  return combos;
}

describe.each(matrix())('runs on $name', ({ target, redis }) => {
  let api: TestApi;
  let s: Session;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  let lake: string;
  let mailchimpExport: string;
  let segmentId: string;

  beforeAll(async () => {
    api = await startApi(target, redis ? { REDIS_URL: redis, OUTPORT_QUEUE_PREFIX: `test-${process.pid}-${Date.now()}` } : {});
    // Local folders are written only under the export root (a folder in the data folder by default).
    lake = join(api.config.localExportRoot, 'lake');
    mkdirSync(lake, { recursive: true });
    await api.loadDemo(0.02);
    mailchimp = await startMailchimpSandbox();
    s = new Session(api.url);
    await s.login(admin.email, admin.password);
  });
  afterAll(async () => {
    await mailchimp?.close();
    await api?.close();
  });

  it('runs a segment export to Mailchimp and a data-out export to a data lake, with progress', async () => {
    const connection = await s.post(`${ENV}/connections`, { name: 'Mailchimp', connectorId: 'mailchimp', settings: { apiBaseUrl: mailchimp.url }, secrets: { apiKey: mailchimp.apiKey } });
    const segments = (await s.get(`${ENV}/segments?limit=100`)).body.items as { id: string; name: string; memberCount: number }[];
    const segment = segments.find((x) => x.name === 'French newsletter subscribers')!;
    segmentId = segment.id;
    const exp = await s.post(`${ENV}/exports`, { name: 'French newsletter', type: 'segment', connectionId: connection.body.id, segmentIds: [segment.id], mapping: MAPPING, options: { audienceId: mailchimp.listId } });
    mailchimpExport = exp.body.id;

    const started = await s.post(`${ENV}/exports/${mailchimpExport}/run`, {});
    expect(started.status).toBe(202);
    expect(started.body.tasks.map((t: { kind: string }) => t.kind)).toEqual(['prepare', 'segment', 'finalize']);

    // Progress as server-sent events, until the run ends.
    const events = await fetch(`${api.url}/api/v1${ENV}/runs/${started.body.id}/events`, { headers: { cookie: (s as any).cookie } });
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const stream = await events.text();
    const updates = stream.split('\n').filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5)));
    expect(updates.at(-1).status).toBe('succeeded');

    const run = await waitForRun(s, ENV, started.body.id);
    expect(run.tasks[1]).toMatchObject({ status: 'succeeded', counts: { sent: segment.memberCount, accepted: segment.memberCount, rejected: 0 } });
    expect(mailchimp.tagMembers(mailchimp.listId, 'French newsletter subscribers')).toHaveLength(segment.memberCount);

    const lakeConnection = await s.post(`${ENV}/connections`, { name: 'Lake', connectorId: 'data-lake', settings: { destination: 'local', rootPath: 'lake' }, secrets: {} });
    expect(lakeConnection.status).toBe(201);
    const dataOut = await s.post(`${ENV}/exports`, { name: 'Lake copy', type: 'data-out', connectionId: lakeConnection.body.id, tableIds: ['Customer', 'Store'] });
    const lakeRun = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${dataOut.body.id}/run`, {})).body.id);
    expect(lakeRun.status).toBe('succeeded');
    const customers = (await s.get(`${ENV}/tables/Customer`)).body.recordCount;
    // <folder>/Outport_<environment id>/<export name>/…, as Customer Insights lays out its exports.
    const environmentId = (await api.db.run(() => api.db.em.findOneOrFail(Environment, { slug: 'consumer-brand' }))).id;
    const exportFolder = join(lake, `Outport_${environmentId}`, 'Lake copy');
    const files = walk(join(exportFolder, 'Customer')).filter((f) => f.endsWith('.csv'));
    const rows = files.flatMap((f) => parse<Record<string, string>>(readFileSync(f), { columns: true }));
    expect(rows).toHaveLength(customers);
    const first = (await s.get(`${ENV}/tables/Customer/records?limit=1`)).body.items[0];
    expect(rows.find((r) => r.customerId === first.customerId)?.email).toBe(first.email);
    const model = JSON.parse(readFileSync(join(exportFolder, 'model.json'), 'utf8'));
    expect(await checkModelJson(model)).toEqual([]);
    expect(model.entities.map((e: { name: string }) => e.name).sort()).toEqual(['Customer', 'Store']);
  });

  it('sends only the difference on the next run: new members added, leavers removed', async () => {
    const before = mailchimp.tagMembers(mailchimp.listId, 'French newsletter subscribers').length;
    // Widen the segment (all French customers, opted in or not) and refresh it.
    await s.patch(`${ENV}/segments/${segmentId}`, { rule: { kind: 'group', combinator: 'and', rules: [{ kind: 'condition', field: 'country', operator: 'equals', value: 'FR' }] } });
    const widened = (await s.post(`${ENV}/segments/${segmentId}/refresh`)).body.memberCount as number;
    expect(widened).toBeGreaterThan(before);

    const dry = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${mailchimpExport}/run`, { dryRun: true })).body.id);
    expect(dry.tasks[1].plan).toEqual({ adds: widened - before, updates: 0, removes: 0, rejected: 0 });
    expect(mailchimp.tagMembers(mailchimp.listId, 'French newsletter subscribers')).toHaveLength(before);

    const added = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${mailchimpExport}/run`, {})).body.id);
    expect(added.tasks[1].counts).toMatchObject({ sent: widened - before, added: widened - before, updated: 0, removed: 0 });
    expect(mailchimp.tagMembers(mailchimp.listId, 'French newsletter subscribers')).toHaveLength(widened);

    // Narrow it back: the members who left are removed from the tag, nothing else is sent.
    await s.patch(`${ENV}/segments/${segmentId}`, {
      rule: { kind: 'group', combinator: 'and', rules: [{ kind: 'condition', field: 'country', operator: 'equals', value: 'FR' }, { kind: 'condition', field: 'emailOptIn', operator: 'equals', value: true }] },
    });
    await s.post(`${ENV}/segments/${segmentId}/refresh`);
    const removed = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${mailchimpExport}/run`, {})).body.id);
    expect(removed.tasks[1].counts).toMatchObject({ sent: widened - before, added: 0, updated: 0, removed: widened - before });
    expect(mailchimp.tagMembers(mailchimp.listId, 'French newsletter subscribers')).toHaveLength(before);

    const unchanged = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${mailchimpExport}/run`, {})).body.id);
    expect(unchanged.tasks[1].counts.sent).toBe(0);
    const full = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${mailchimpExport}/run`, { fullResync: true })).body.id);
    // A full resync sends every member again: the target holds them all, so they count as updated.
    expect(full.tasks[1].counts).toMatchObject({ sent: before, added: 0, updated: before, removed: 0 });
  });

  it('sends members whose mapped values changed as updates, and nothing for unchanged members', async () => {
    const target = await startMailchimpSandbox();
    try {
      const connection = await s.post(`${ENV}/connections`, { name: 'Mailchimp (updates)', connectorId: 'mailchimp', settings: { apiBaseUrl: target.url }, secrets: { apiKey: target.apiKey } });
      const customers = (await s.get(`${ENV}/tables/Customer/records?limit=8`)).body.items as { customerId: string; email: string }[];
      const ids = customers.map((c) => c.customerId);
      const chosen = (keys: string[]) => ({ kind: 'group', combinator: 'and', rules: [{ kind: 'condition', field: 'customerId', operator: 'inList', value: keys }] });
      const segment = await s.post(`${ENV}/segments`, { name: 'Chosen customers', baseTable: 'Customer', rule: chosen(ids.slice(0, 6)) });
      await s.post(`${ENV}/segments/${segment.body.id}/refresh`);
      const exp = await s.post(`${ENV}/exports`, { name: 'Chosen, with phones', type: 'segment', connectionId: connection.body.id, segmentIds: [segment.body.id], mapping: { ...MAPPING, phone: 'phone' }, options: { audienceId: target.listId } });
      const first = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, {})).body.id);
      expect(first.status).toBe('succeeded');
      expect(first.tasks[1].counts).toMatchObject({ sent: 6, accepted: 6, added: 6, updated: 0, removed: 0 });
      const delivered = new Map(target.deliveries());

      // At the source: two members get a new first name and phone, one leaves the segment, one joins.
      const changed = ids.slice(2, 4);
      await api.db.run(async () => {
        const table = await api.db.em.findOneOrFail(DataTable, { name: 'Customer', environment: (await api.db.em.findOneOrFail(Environment, { slug: 'consumer-brand' })).id });
        const db = api.db.em.getKysely<any>();
        for (const [i, key] of changed.entries()) {
          await sql`update ${sql.table(table.physicalName)} set ${sql.ref('firstName')} = ${`Renamed ${i}`}, phone = ${`+33 6 12 34 56 7${i}`} where ${sql.ref(table.keyColumn)} = ${key}`.execute(db);
        }
      });
      await s.patch(`${ENV}/segments/${segment.body.id}`, { rule: chosen(ids.slice(1, 7)) });
      await s.post(`${ENV}/segments/${segment.body.id}/refresh`);

      const dry = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, { dryRun: true })).body.id);
      expect(dry.tasks[1].plan).toEqual({ adds: 1, updates: 2, removes: 1, rejected: 0 });
      expect(new Map(target.deliveries())).toEqual(delivered);

      const run = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, {})).body.id);
      expect(run.status).toBe('succeeded');
      expect(run.tasks[1].counts).toMatchObject({ sent: 4, accepted: 4, rejected: 0, added: 1, updated: 2, removed: 1 });
      expect(run.counts).toMatchObject({ added: 1, updated: 2, removed: 1 });
      // Mailchimp received exactly the two changed members again, with their new values, and the newcomer.
      const email = (key: string) => customers.find((c) => c.customerId === key)!.email.toLowerCase();
      const sentAgain = [...target.deliveries()].filter(([address, n]) => n !== (delivered.get(address) ?? 0)).map(([address]) => address);
      expect(sentAgain.sort()).toEqual([...changed, ids[6]!].map(email).sort());
      for (const [i, key] of changed.entries()) {
        expect(target.members().find((m) => m.email_address.toLowerCase() === email(key))?.merge_fields).toMatchObject({ FNAME: `Renamed ${i}`, PHONE: `+336123456${70 + i}` });
      }
      expect(target.tagMembers(target.listId, 'Chosen customers').map((e) => e.toLowerCase()).sort()).toEqual(ids.slice(1, 7).map(email).sort());

      // Nothing changed since: nothing is sent.
      const quiet = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, {})).body.id);
      expect(quiet.tasks[1].counts).toMatchObject({ sent: 0, added: 0, updated: 0, removed: 0 });
    } finally {
      await target.close();
    }
  });

  it('stores rejected records with reasons, downloadable as CSV, and ends with warnings', async () => {
    const members = mailchimp.tagMembers(mailchimp.listId, 'French newsletter subscribers');
    mailchimp.rejectEmails(members.slice(0, 2));
    // One member's email went bad at the source: refused before sending, never seen by Mailchimp.
    const setEmail = (key: string | null, email: string | null) =>
      api.db.run(async () => {
        const table = await api.db.em.findOneOrFail(DataTable, { name: 'Customer', environment: (await api.db.em.findOneOrFail(Environment, { slug: 'consumer-brand' })).id });
        const db = api.db.em.getKysely<any>();
        const member = key ?? (await sql<{ key: string }>`select member_key as key from segment_member where segment_id = ${segmentId} order by member_key desc limit 1`.execute(db)).rows[0]!.key;
        const { rows } = await sql<{ email: string }>`select email from ${sql.table(table.physicalName)} where ${sql.ref(table.keyColumn)} = ${member}`.execute(db);
        await sql`update ${sql.table(table.physicalName)} set email = ${email} where ${sql.ref(table.keyColumn)} = ${member}`.execute(db);
        return { key: member, email: rows[0]!.email };
      });
    const { key: broken, email } = await setEmail(null, 'not-an-email');
    const run = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${mailchimpExport}/run`, { fullResync: true })).body.id).finally(() => setEmail(broken, email));
    expect(run.status).toBe('succeeded_with_warnings');
    expect(run.tasks[1].counts.rejected).toBe(3);
    const csv = await fetch(`${api.url}/api/v1${ENV}/runs/${run.id}/rejections.csv`, { headers: { cookie: (s as any).cookie } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parse<{ item: string; key: string; field: string; reason: string }>(await csv.text(), { columns: true });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.item === 'French newsletter subscribers')).toBe(true);
    expect(rows.find((r) => r.key === broken)).toMatchObject({ field: 'email', reason: '"not-an-email" is not a valid email address' });
    expect(rows.filter((r) => r.key !== broken).every((r) => r.reason.length > 5)).toBe(true);
  });

  it('fails an ineligible segment at run time with the message, and never runs a detached export', async () => {
    const accountish = (await s.get(`${ENV}/segments?limit=100`)).body.items.find((x: { name: string }) => x.name === 'VIP customers');
    // An old export whose mapping lost the required email (as after a table change): the task fails.
    await api.db.run(async () => {
      const exp = await api.db.em.findOneOrFail(Export, { id: mailchimpExport });
      exp.items = [accountish.id];
      exp.mapping = { firstName: 'firstName' };
      await api.db.em.flush();
    });
    const run = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${mailchimpExport}/run`, {})).body.id);
    expect(run.status).toBe('failed');
    expect(run.tasks[1].error).toBe("The required field 'Email address' is not mapped to a column of segment 'VIP customers'.");

    await s.post(`${ENV}/exports/${mailchimpExport}/detach`);
    const refused = await s.post(`${ENV}/exports/${mailchimpExport}/run`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/no connection/);
  });

  it('a run that fails part-way says which steps did not run as Skipped, never as Cancelled', async () => {
    const connection = await s.post(`${ENV}/connections`, { name: 'Mailchimp (expiring)', connectorId: 'mailchimp', settings: { apiBaseUrl: mailchimp.url }, secrets: { apiKey: mailchimp.apiKey } });
    const segment = (await s.get(`${ENV}/segments?limit=100`)).body.items.find((x: { name: string }) => x.name === 'Lapsed buyers');
    const exp = await s.post(`${ENV}/exports`, { name: 'Lapsed buyers (expiring key)', type: 'segment', connectionId: connection.body.id, segmentIds: [segment.id], mapping: MAPPING, options: { audienceId: mailchimp.listId } });
    mailchimp.server.inject({ kind: 'expired-auth', times: 1000 });
    try {
      const run = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, {})).body.id);
      expect(run.status).toBe('failed');
      const statuses = run.tasks.map((t: { kind: string; status: string }) => [t.kind, t.status]);
      expect(statuses).not.toContainEqual(['finalize', 'cancelled']);
      expect(run.tasks.filter((t: { status: string }) => t.status === 'cancelled')).toEqual([]);
      const undone = run.tasks.filter((t: { status: string }) => t.status === 'skipped');
      for (const task of undone) expect(task.error).toBe('Not run: an earlier step failed.');
      expect(run.cancelRequested).toBe(false);
    } finally {
      mailchimp.server.clearFaults();
    }
  });

  it("fails an account segment at run time where the target takes contacts, in the seed product's words", async () => {
    const B2B = '/environments/industrial-supplier';
    const connection = await s.post(`${B2B}/connections`, { name: 'Mailchimp', connectorId: 'mailchimp', settings: { apiBaseUrl: mailchimp.url }, secrets: { apiKey: mailchimp.apiKey } });
    const segments = (await s.get(`${B2B}/segments?limit=100`)).body.items as { id: string; name: string }[];
    const contacts = segments.find((x) => x.name === 'Decision makers')!;
    const accounts = segments.find((x) => x.name === 'Key manufacturing accounts')!;
    const exp = await s.post(`${B2B}/exports`, { name: 'Decision makers', type: 'segment', connectionId: connection.body.id, segmentIds: [contacts.id], mapping: MAPPING, options: { audienceId: mailchimp.listId } });
    expect(exp.status).toBe(201);
    // An older export that already holds an account segment (saving one is refused).
    await api.db.run(async () => {
      const stored = await api.db.em.findOneOrFail(Export, { id: exp.body.id });
      stored.items = [accounts.id, contacts.id];
      await api.db.em.flush();
    });
    const run = await waitForRun(s, B2B, (await s.post(`${B2B}/exports/${exp.body.id}/run`, {})).body.id);
    const sentence = "The following segment is not eligible for this export destination: 'Key manufacturing accounts'. Please choose only segments of type ContactProfile and try again.";
    expect(run.status).toBe('failed');
    expect(run.tasks.map((t: { label: string; status: string; error: string | null }) => [t.label, t.status, t.error])).toEqual([
      [expect.any(String), 'succeeded', null],
      ['Key manufacturing accounts', 'failed', sentence],
      ['Decision makers', 'succeeded', null],
      [expect.any(String), 'succeeded', null],
    ]);
    expect(run.error).toBe(`Key manufacturing accounts: ${sentence}`);
  });

  it('splits a large segment into chunks that run as jobs of their own, each member sent once', async () => {
    const target = await startMailchimpSandbox({ latencyMs: 20 });
    // The chunk size is read when a run is planned; this run's segment is cut into parts of 100.
    api.config.runChunkSize = 100;
    try {
      const connection = await s.post(`${ENV}/connections`, { name: 'Mailchimp (parts)', connectorId: 'mailchimp', settings: { apiBaseUrl: target.url }, secrets: { apiKey: target.apiKey } });
      const segment = (await s.get(`${ENV}/segments?limit=100`)).body.items.find((x: { name: string }) => x.name === 'All opted-in customers');
      const exp = await s.post(`${ENV}/exports`, { name: 'Everyone in parts', type: 'segment', connectionId: connection.body.id, segmentIds: [segment.id], mapping: MAPPING, options: { audienceId: target.listId } });
      const run = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, {})).body.id);
      expect(run.status).toBe('succeeded');
      const task = run.tasks[1];
      expect(task.chunks.length).toBe(Math.ceil(segment.memberCount / 100));
      expect(task.chunks.every((c: { status: string }) => c.status === 'succeeded')).toBe(true);
      expect(task.chunks.reduce((sum: number, c: { counts: { sent: number } }) => sum + c.counts.sent, 0)).toBe(segment.memberCount);
      expect(task.counts).toMatchObject({ sent: segment.memberCount, accepted: segment.memberCount, rejected: 0 });
      // One tag, created once by the first chunk, holding every member, each delivered exactly once.
      expect(target.tagMembers(target.listId, 'All opted-in customers')).toHaveLength(segment.memberCount);
      expect([...target.deliveries().values()].every((n) => n === 1)).toBe(true);
      expect(target.deliveries().size).toBe(segment.memberCount);

      // The next run is planned in chunks too, and each sends only its part of the difference: none.
      const again = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, {})).body.id);
      expect(again.status).toBe('succeeded');
      expect(again.tasks[1].counts.sent).toBe(0);
      expect(again.tasks[1].chunks.length).toBe(task.chunks.length);

      // Members of several chunks change at the source: each chunk sends its own changed members, once.
      const changed = await api.db.run(async () => {
        const db = api.db.em.getKysely<any>();
        const { rows } = await sql<{ key: string }>`select member_key as key from segment_member where segment_id = ${segment.id} order by member_key`.execute(db);
        const picked = [rows[0]!.key, rows[Math.floor(rows.length / 2)]!.key, rows.at(-1)!.key];
        const table = await api.db.em.findOneOrFail(DataTable, { name: 'Customer', environment: (await api.db.em.findOneOrFail(Environment, { slug: 'consumer-brand' })).id });
        const emails: string[] = [];
        for (const key of picked) {
          await sql`update ${sql.table(table.physicalName)} set ${sql.ref('lastName')} = ${'Changed'} where ${sql.ref(table.keyColumn)} = ${key}`.execute(db);
          emails.push((await sql<{ email: string }>`select email from ${sql.table(table.physicalName)} where ${sql.ref(table.keyColumn)} = ${key}`.execute(db)).rows[0]!.email.toLowerCase());
        }
        return emails;
      });
      const updated = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, {})).body.id);
      expect(updated.status).toBe('succeeded');
      expect(updated.tasks[1].counts).toMatchObject({ sent: 3, accepted: 3, added: 0, updated: 3, removed: 0 });
      expect(updated.tasks[1].chunks.filter((c: { counts: { updated: number } }) => c.counts.updated > 0).length).toBe(3);
      // Exactly the changed members were delivered a second time, with their new values.
      expect([...target.deliveries()].filter(([, n]) => n !== 1).map(([email]) => email).sort()).toEqual(changed.sort());
      expect(target.members().filter((m) => m.merge_fields.LNAME === 'Changed').map((m) => m.email_address.toLowerCase()).sort()).toEqual(changed.sort());

      // A chunk that fails for good fails its segment: the chunks after the first never start.
      target.server.inject({ kind: 'expired-auth', times: 1 });
      const refused = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, { fullResync: true })).body.id);
      expect(refused.status).toBe('failed');
      const parts = refused.tasks[1].chunks as { status: string; error: string | null }[];
      expect(parts[0]).toMatchObject({ status: 'failed' });
      expect(parts.slice(1).every((c) => c.status === 'cancelled' && c.error === 'Not started: the first chunk of this segment did not succeed.')).toBe(true);
      expect(refused.tasks[1].error).toMatch(new RegExp(`^Chunk 1 of ${parts.length}: .*Mailchimp`));
      expect(refused.error).toContain('All opted-in customers: Chunk 1 of');
    } finally {
      api.config.runChunkSize = 100_000;
      await target.close();
    }
  });

  it('runs one run per export at a time, and cancels within a batch', async () => {
    const connection = (await s.get(`${ENV}/connections`)).body.items.find((c: { name: string }) => c.name === 'Mailchimp');
    const big = (await s.get(`${ENV}/segments?limit=100`)).body.items.find((x: { name: string }) => x.name === 'All opted-in customers');
    const exp = await s.post(`${ENV}/exports`, { name: 'Everyone', type: 'segment', connectionId: connection.id, segmentIds: [big.id], mapping: MAPPING, options: { audienceId: mailchimp.listId } });
    mailchimp.setLatency(400);
    try {
      const first = await s.post(`${ENV}/exports/${exp.body.id}/run`, {});
      const second = await s.post(`${ENV}/exports/${exp.body.id}/run`, {});
      expect(second.status).toBe(409);
      expect(second.body.runId).toBe(first.body.id);
      await new Promise((r) => setTimeout(r, 600));
      await s.post(`${ENV}/runs/${first.body.id}/cancel`);
      const run = await waitForRun(s, ENV, first.body.id);
      expect(run.status).toBe('cancelled');
      expect(run.tasks[1].counts.sent).toBeLessThan(big.memberCount);
    } finally {
      mailchimp.setLatency(0);
    }
    const history = await s.get(`${ENV}/exports/${exp.body.id}/runs`);
    expect(history.body.items[0]).toMatchObject({ status: 'cancelled', trigger: 'manual', exportName: 'Everyone' });
  });

  it('waits while a segment it reads is refreshing, then runs on the fresh members', async () => {
    const setRefreshing = (status: 'refreshing' | 'succeeded') =>
      api.db.run(async () => {
        const segment = await api.db.em.findOneOrFail(Segment, { id: segmentId });
        segment.refreshStatus = status;
        await api.db.em.flush();
      });
    const connection = (await s.get(`${ENV}/connections`)).body.items.find((c: { name: string }) => c.name === 'Mailchimp');
    const exp = await s.post(`${ENV}/exports`, { name: 'French, after refresh', type: 'segment', connectionId: connection.id, segmentIds: [segmentId], mapping: MAPPING, options: { audienceId: mailchimp.listId }, allowDuplicateTargets: true });
    expect(exp.status).toBe(201);
    await setRefreshing('refreshing');
    const started = await s.post(`${ENV}/exports/${exp.body.id}/run`, {});
    expect(started.status).toBe(202);
    let waiting: any;
    for (const until = Date.now() + 10_000; waiting?.status !== 'waiting'; ) {
      if (Date.now() > until) throw new Error(`the run is ${waiting?.status}, not waiting`);
      await new Promise((r) => setTimeout(r, 100));
      waiting = (await s.get(`${ENV}/runs/${started.body.id}`)).body;
    }
    expect(waiting.waitingFor).toBe('The segment "French newsletter subscribers" to finish refreshing.');
    expect(waiting.tasks.every((t: { status: string }) => t.status === 'pending')).toBe(true);
    // A waiting run is an active one: the export does not start twice.
    expect((await s.post(`${ENV}/exports/${exp.body.id}/run`, {})).status).toBe(409);
    await setRefreshing('succeeded');
    const run = await waitForRun(s, ENV, started.body.id);
    // With warnings: the sandbox still refuses the two emails of the rejections test.
    expect(run.status).toBe('succeeded_with_warnings');
    expect(run.tasks[1].counts.accepted + run.tasks[1].counts.rejected).toBe(run.tasks[1].counts.read);
    expect(run.tasks[1].counts.accepted).toBeGreaterThan(0);
    expect(run.waitingFor).toBeNull();
    // Once it ran, the details still say what it waited for.
    expect(run.tasks[0]).toMatchObject({ kind: 'prepare', note: expect.stringMatching(/^Waited \d+(\.\d)? s for the segment "French newsletter subscribers" to finish refreshing\.$/) });
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
