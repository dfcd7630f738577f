import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRule, normalizeRule, type CellValue, type RuleNode } from '@outport/core';
import { demoEnvironments, DEMO_USERS } from '@outport/demo-data';
import { databaseTargets, Session, startApi, type TestApi } from './harness.js';

const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
const ENV = '/environments/consumer-brand';

const MEMBERS_CSV = [
  'memberId,email,name,points,joinedOn,active,lastSeenAt,website',
  'M001,ann@example.com,Ann,120,2024-01-15,true,2026-10-01T10:00:00Z,https://ann.example.com',
  'M002,not-an-email,Bob,50,2024-02-01,true,,',
  'M003,carla@example.com,"Carla, Jr.",abc,2024-03-01,false,,',
  'M004,dan@example.com,Dan,300,2024-02-30,true,,',
  'M005,eve@example.com,Eve,75,2023-12-24,yes,2026-09-30T08:30:00+02:00,',
  'M006,frank@example.com,Frank,10',
  ',gina@example.com,Gina,1,2024-01-01,true,,',
  'M007,"hal@example.com",Hal,999.5,2022-06-30,0,,http://hal.example.org',
].join('\n');

describe.each(databaseTargets())('tables, ingestion and segments on $name', (target) => {
  let api: TestApi;
  let s: Session;

  beforeAll(async () => {
    api = await startApi(target);
    await api.loadDemo(0.02);
    s = new Session(api.url);
    await s.login(admin.email, admin.password);
  });
  afterAll(async () => api?.close());

  it('defines a table with typed columns and refuses a bad definition', async () => {
    const created = await s.post(`${ENV}/tables`, {
      name: 'LoyaltyMember',
      keyColumn: 'memberId',
      columns: [
        { name: 'memberId', type: 'string' },
        { name: 'email', type: 'email' },
        { name: 'name', type: 'string' },
        { name: 'points', type: 'number' },
        { name: 'joinedOn', type: 'date' },
        { name: 'active', type: 'boolean' },
        { name: 'lastSeenAt', type: 'datetime' },
        { name: 'website', type: 'url' },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'LoyaltyMember', keyColumn: 'memberId', recordCount: 0, segmentType: null });

    const bad = await s.post(`${ENV}/tables`, { name: 'Broken', keyColumn: 'missing', columns: [{ name: 'id', type: 'string' }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('missing');
    const duplicate = await s.post(`${ENV}/tables`, { name: 'LoyaltyMember', keyColumn: 'id', columns: [{ name: 'id', type: 'string' }] });
    expect(duplicate.status).toBe(409);
  });

  it('keeps the good rows of a CSV and reports each bad row with its line and reason', async () => {
    const res = await s.post(`${ENV}/tables/LoyaltyMember/records`, MEMBERS_CSV, 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 8, accepted: 3, rejected: 5, recordCount: 3 });
    const byLine = Object.fromEntries(res.body.errors.map((e: { line: number; message: string }) => [e.line, e.message]));
    expect(Object.keys(byLine).map(Number).sort((a, b) => a - b)).toEqual([3, 4, 5, 7, 8]);
    expect(byLine[3]).toMatch(/column email/);
    expect(byLine[4]).toMatch(/column points: "abc" is not a number/);
    expect(byLine[5]).toMatch(/column joinedOn/);
    expect(byLine[7]).toMatch(/different number of fields/);
    expect(byLine[8]).toMatch(/memberId: a value is required/);

    const records = await s.get(`${ENV}/tables/LoyaltyMember/records`);
    expect(records.body.items).toEqual([
      { memberId: 'M001', email: 'ann@example.com', name: 'Ann', points: 120, joinedOn: '2024-01-15', active: true, lastSeenAt: '2026-10-01T10:00:00.000Z', website: 'https://ann.example.com' },
      { memberId: 'M005', email: 'eve@example.com', name: 'Eve', points: 75, joinedOn: '2023-12-24', active: true, lastSeenAt: '2026-09-30T06:30:00.000Z', website: null },
      { memberId: 'M007', email: 'hal@example.com', name: 'Hal', points: 999.5, joinedOn: '2022-06-30', active: false, lastSeenAt: null, website: 'http://hal.example.org' },
    ]);
  });

  it('streams NDJSON, updates rows by key and leaves columns not sent untouched', async () => {
    const ndjson = [
      JSON.stringify({ memberId: 'M001', points: 130 }),
      '{not json',
      JSON.stringify({ memberId: 'M008', points: 5, shoeSize: 42 }),
      JSON.stringify({ memberId: 'M009', points: 7 }),
    ].join('\n');
    const res = await s.post(`${ENV}/tables/LoyaltyMember/records`, ndjson, 'application/x-ndjson');
    expect(res.body).toMatchObject({ received: 4, accepted: 2, rejected: 2, recordCount: 4 });
    expect(res.body.errors).toEqual([
      { line: 2, message: 'Line 2 is not valid JSON.' },
      expect.objectContaining({ line: 3, message: expect.stringContaining('shoeSize') }),
    ]);
    const records = await s.get(`${ENV}/tables/LoyaltyMember/records?limit=1`);
    expect(records.body.items[0]).toMatchObject({ memberId: 'M001', points: 130, email: 'ann@example.com' });
  });

  it('refuses an upload whose header names unknown columns, before writing anything', async () => {
    const res = await s.post(`${ENV}/tables/LoyaltyMember/records`, 'memberId,nickname\nM100,Zed', 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'nickname', message: 'Column "nickname" is not defined on table LoyaltyMember.' }]);
    expect((await s.get(`${ENV}/tables/LoyaltyMember`)).body.recordCount).toBe(4);
    const wrongType = await s.post(`${ENV}/tables/LoyaltyMember/records`, '<xml/>', 'application/xml');
    expect(wrongType.status).toBe(415);
  });

  it('lists tables with paging, sorting and search', async () => {
    const sorted = await s.get(`${ENV}/tables?sort=recordCount&order=desc`);
    expect(sorted.body.items.map((t: { name: string }) => t.name)).toEqual(['Customer', 'LoyaltyMember', 'Store']);
    const searched = await s.get(`${ENV}/tables?q=loyal`);
    expect(searched.body).toMatchObject({ total: 1, items: [expect.objectContaining({ name: 'LoyaltyMember' })] });
    const paged = await s.get(`${ENV}/tables?limit=1&offset=1&sort=name`);
    expect(paged.body).toMatchObject({ total: 3, limit: 1, offset: 1, items: [expect.objectContaining({ name: 'LoyaltyMember' })] });
  });

  it('refreshes demo segments in the database to exactly the members the rule selects', async () => {
    // Cross-check the SQL compiler against core's reference evaluator on the same generated rows.
    for (const demo of demoEnvironments({ scale: 0.02 })) {
      const accounts = new Map<string, Record<string, CellValue>>();
      const accountTable = demo.tables.find((t) => t.name === 'Account');
      if (accountTable) for (const row of accountTable.rows()) accounts.set(String(row.accountId), row);
      const listed = await s.get(`/environments/${demo.slug}/segments?limit=200`);
      for (const segment of demo.segments) {
        const table = demo.tables.find((t) => t.name === segment.baseTable)!;
        const scope = { columns: table.columns, ...(accountTable ? { accountColumns: accountTable.columns } : {}) };
        const rule = normalizeRule(segment.rule, scope);
        let expected = 0;
        for (const row of table.rows()) {
          const account = segment.baseTable === 'Contact' ? (accounts.get(String(row.accountId)) ?? null) : null;
          if (evaluateRule(rule, row, account)) expected++;
        }
        const stored = listed.body.items.find((item: { name: string }) => item.name === segment.name);
        expect({ segment: segment.name, members: stored.memberCount }).toEqual({ segment: segment.name, members: expected });
        expect(stored.refreshStatus).toBe('succeeded');
      }
    }
  });

  it('creates a segment from a rule tree, refreshes it and lists its members in key order', async () => {
    const rule: RuleNode = {
      kind: 'group',
      combinator: 'and',
      rules: [
        { kind: 'condition', field: 'country', operator: 'inList', value: ['fr', 'DE'] },
        {
          kind: 'group',
          combinator: 'or',
          rules: [
            { kind: 'condition', field: 'lifetimeValue', operator: 'greaterThan', value: '400' },
            { kind: 'condition', field: 'signupDate', operator: 'after', value: '2026-06-01' },
          ],
        },
      ],
    };
    const created = await s.post(`${ENV}/segments`, { name: 'Valuable French and Germans', baseTable: 'Customer', rule });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'profile', refreshStatus: 'never', memberCount: 0 });
    expect(created.body.ruleText).toContain('lifetime value');
    const refreshed = await s.post(`${ENV}/segments/${created.body.id}/refresh`);
    expect(refreshed.body.refreshStatus).toBe('succeeded');
    expect(refreshed.body.memberCount).toBeGreaterThan(0);

    const customers = demoEnvironments({ scale: 0.02 })[0]!.tables.find((t) => t.name === 'Customer')!;
    const normalized = normalizeRule(rule, { columns: customers.columns });
    const expected = [...customers.rows()].filter((row) => evaluateRule(normalized, row)).map((row) => String(row.customerId)).sort();
    const members = await s.get(`${ENV}/segments/${created.body.id}/members?limit=200`);
    expect(members.body.total).toBe(expected.length);
    expect(members.body.items).toEqual(expected.slice(0, 200));
  });

  it('explains what is wrong with a rule, and where', async () => {
    const res = await s.post(`${ENV}/segments`, {
      name: 'Broken',
      baseTable: 'Customer',
      rule: { kind: 'group', combinator: 'and', rules: [{ kind: 'condition', field: 'ctry', operator: 'equals', value: 'FR' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/rules\[0\].*ctry/);
    const wrongBase = await s.post(`${ENV}/segments`, { name: 'Stores', baseTable: 'Store', rule: { kind: 'group', combinator: 'and', rules: [] } });
    expect(wrongBase.status).toBe(400);
    expect(wrongBase.body.detail).toContain('Customer');
  });
});
