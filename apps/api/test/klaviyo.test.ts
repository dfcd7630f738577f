import { startKlaviyoSandbox, type KlaviyoSandbox } from '@outport/connector-klaviyo/sandbox';
import { DEMO_USERS } from '@outport/demo-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, Session, startApi, waitForRun, type TestApi } from './harness.js';

const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
const ENV = '/environments/consumer-brand';

// The Klaviyo connector as a user meets it: listed by the API, connected, and a demo segment
// exported through a real run into the Klaviyo sandbox. SQLite only: the run engine's database
// paths are covered on every database by runs.test.ts.
describe('Klaviyo through the API', () => {
  let api: TestApi;
  let s: Session;
  let klaviyo: KlaviyoSandbox;

  beforeAll(async () => {
    api = await startApi(databaseTargets()[0]!);
    await api.loadDemo(0.02);
    klaviyo = await startKlaviyoSandbox({ jobQueuedMs: 100, jobProcessingMs: 200 });
    s = new Session(api.url);
    await s.login(admin.email, admin.password);
  });
  afterAll(async () => {
    await klaviyo?.close();
    await api?.close();
  });

  /** Every item of a paginated list. */
  async function all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = (await s.get(`${path}?limit=100&offset=${offset}`)).body as { items: T[]; total: number };
      items.push(...page.items);
      if (items.length >= page.total || page.items.length === 0) return items;
    }
  }

  it('lists Klaviyo among the connectors, with its fields and per-endpoint limits', async () => {
    const connectors = (await s.get('/connectors')).body.items as { id: string; name: string; category: string; packageName: string; version: string }[];
    const entry = connectors.find((c) => c.id === 'klaviyo');
    expect(entry).toMatchObject({ name: 'Klaviyo', category: 'email', packageName: '@outport/connector-klaviyo' });
    const detail = (await s.get('/connectors/klaviyo')).body;
    expect(detail.limits.operations.remove.recordsPerRequest).toBe(1_000);
    expect(detail.limits.operations.upsert.recordsPerRequest).toBe(10_000);
    expect(detail.audienceKinds[0].fields.find((f: { key: string }) => f.key === 'email')).toMatchObject({ required: true, hash: 'none' });
  });

  it('exports a demo segment into a Klaviyo list through a run, then sends nothing on an unchanged re-run', async () => {
    const connection = await s.post(`${ENV}/connections`, { name: 'Klaviyo', connectorId: 'klaviyo', settings: { apiBaseUrl: klaviyo.url }, secrets: { apiKey: klaviyo.apiKey } });
    expect(connection.status).toBe(201);
    const tested = await s.post(`${ENV}/connections/${connection.body.id}/test`, {});
    expect(tested.body).toMatchObject({ ok: true });

    const segments = (await s.get(`${ENV}/segments?limit=100`)).body.items as { id: string; name: string; memberCount: number }[];
    const segment = segments.find((x) => x.name === 'French newsletter subscribers')!;
    const exp = await s.post(`${ENV}/exports`, {
      name: 'French newsletter to Klaviyo',
      type: 'segment',
      connectionId: connection.body.id,
      segmentIds: [segment.id],
      mapping: { email: 'email', firstName: 'firstName', lastName: 'lastName' },
      options: { listPrefix: 'Outport: ' },
    });
    expect(exp.status).toBe(201);

    const run = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, {})).body.id);
    expect(run.status).toBe('succeeded');
    expect(run.tasks[1]).toMatchObject({ status: 'succeeded', counts: { sent: segment.memberCount, accepted: segment.memberCount, rejected: 0 } });
    const list = klaviyo.list('Outport: French newsletter subscribers')!;
    expect(run.tasks[1].note).toBe(`Klaviyo list "Outport: French newsletter subscribers" (${list.id}): ${segment.memberCount.toLocaleString('en-US')} profiles`);
    expect(klaviyo.members(list.id)).toHaveLength(segment.memberCount);
    // The members' addresses, in plain text, are what the list holds.
    const keys = new Set(await all<string>(`${ENV}/segments/${segment.id}/members`));
    const customers = await all<{ customerId: string; email: string }>(`${ENV}/tables/Customer/records`);
    const emails = customers.filter((c) => keys.has(c.customerId)).map((c) => c.email.trim().toLowerCase());
    expect(klaviyo.members(list.id).map((p) => p.email).sort()).toEqual(emails.sort());

    const jobs = klaviyo.jobs().length;
    const again = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.body.id}/run`, {})).body.id);
    expect(again.status).toBe('succeeded');
    expect(klaviyo.jobs()).toHaveLength(jobs);
    expect(klaviyo.deliveries(list.id)).toBe(segment.memberCount);
  });
});
