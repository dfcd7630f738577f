import { fingerprintValues } from '@outport/connector-sdk';
import { DEMO_USERS } from '@outport/demo-data';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataTable, Environment, Segment } from '../src/database/entities/index.js';
import { RecordReader } from '../src/runs/record-reader.js';
import { databaseTargets, Session, startApi, type TestApi } from './harness.js';

const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
const ENV = '/environments/consumer-brand';

// Values that trip up text formats: separators, quotes, backslashes, line breaks, tabs, non-ASCII,
// empty strings versus nulls, fractional and negative numbers, dates and times around midnight UTC.
const RECORDS = [
  { id: 'a', note: 'plain', amount: 1.5, active: true, day: '2024-02-29', at: '2026-03-29T00:30:00.000Z' },
  { id: 'b', note: 'comma, "quotes" and \\backslash\\', amount: -0.1, active: false, day: '1999-12-31', at: '2026-10-25T23:59:59.123Z' },
  { id: 'c', note: 'line\nbreak\r\nand\ttab', amount: 1e21, active: null, day: null, at: null },
  { id: 'd', note: '', amount: 0, active: true, day: '2026-01-01', at: '2026-01-01T12:00:00.000Z' },
  { id: 'e', note: null, amount: null, active: false, day: '2026-07-04', at: '2026-07-04T09:15:00.000Z' },
  { id: 'f', note: 'ünïcødé ✓ 日本語 \\N', amount: 123456.789, active: true, day: '2026-12-31', at: '2026-12-31T23:00:00.000Z' },
];

describe.each(databaseTargets())('reading a table whole for a data-out run on $name', (target) => {
  let api: TestApi;
  let s: Session;
  beforeAll(async () => {
    api = await startApi(target);
    await api.loadDemo(0.002);
    s = new Session(api.url);
    await s.login(admin.email, admin.password);
    const created = await s.post(`${ENV}/tables`, {
      name: 'Awkward',
      keyColumn: 'id',
      columns: [
        { name: 'id', type: 'string' },
        { name: 'note', type: 'string' },
        { name: 'amount', type: 'number' },
        { name: 'active', type: 'boolean' },
        { name: 'day', type: 'date' },
        { name: 'at', type: 'datetime' },
      ],
    });
    expect(created.status).toBe(201);
    const loaded = await s.post(`${ENV}/tables/Awkward/records`, RECORDS.map((r) => JSON.stringify(r)).join('\n'), 'application/x-ndjson');
    expect(loaded.body).toMatchObject({ accepted: RECORDS.length, rejected: 0 });
  });
  afterAll(async () => api?.close());

  it('yields every row in key order with its values exactly as stored', async () => {
    const rows = await api.db.run(async () => {
      const table = await api.db.em.findOneOrFail(DataTable, { name: 'Awkward', environment: (await api.db.em.findOneOrFail(Environment, { slug: 'consumer-brand' })).id });
      const out = [];
      for await (const record of api.app.get(RecordReader).tableRows(table)) out.push(record);
      return out;
    });
    expect(rows.map((r) => r.key)).toEqual(RECORDS.map((r) => r.id));
    // Ingestion stores an empty cell as null (CSV cannot tell them apart), so `note: ''` reads back null.
    expect(rows.map((r) => r.values)).toEqual(RECORDS.map((r) => ({ ...r, note: r.note === '' ? null : r.note })));
  });

  it('reads segment members with what the target holds of each: nothing, a fingerprint, or (older rows) the values sent', async () => {
    const segment = (await s.get(`${ENV}/segments?limit=100`)).body.items.find((x: { name: string }) => x.name === 'All opted-in customers');
    const read = () =>
      api.db.run(async () => {
        const stored = await api.db.em.findOneOrFail(Segment, { id: segment.id });
        const table = await api.db.em.findOneOrFail(DataTable, { id: stored.baseTable });
        const source = { exportId: 'export-1', segmentId: segment.id, table, mapping: { email: 'email', firstName: 'firstName' } };
        const out = [];
        for await (const record of api.app.get(RecordReader).segmentMembers(source, { tracked: true })) out.push(record);
        return out;
      });
    const before = await read();
    expect(before.length).toBe(segment.memberCount);
    expect(before.every((r) => r.sent === null)).toBe(true);
    const [withHash, legacy] = before;
    await api.db.run(() =>
      api.db.em
        .getKysely<any>()
        .insertInto('export_member_state')
        .values([
          { export_id: 'export-1', segment_id: segment.id, member_key: withHash!.key, sent_values: JSON.stringify({ email: 'x@y.io' }), sent_hash: 'AAAAAAAAAAAAAAAAAAAAAA' },
          { export_id: 'export-1', segment_id: segment.id, member_key: legacy!.key, sent_values: JSON.stringify({ email: 'old@y.io', firstName: 'Old' }), sent_hash: null },
          // Another export's state is not this one's.
          { export_id: 'export-2', segment_id: segment.id, member_key: before[2]!.key, sent_values: '{}', sent_hash: 'BBBBBBBBBBBBBBBBBBBBBB' },
        ])
        .execute(),
    );
    const after = await read();
    expect(after.map((r) => r.values)).toEqual(before.map((r) => r.values));
    expect(after.slice(0, 3).map((r) => r.sent)).toEqual(['AAAAAAAAAAAAAAAAAAAAAA', fingerprintValues({ email: 'old@y.io', firstName: 'Old' }), null]);
  });

  it('reads the members of a segment over a table keyed by numbers, across pages, each with its own values', async () => {
    // More than a page (2,000), with keys whose text forms sort apart from their values.
    const keys = [...Array.from({ length: 2_100 }, (_, i) => i + 1), -7, 0.5, 1e15, 2 ** 53 - 1, 1e21];
    const created = await s.post(`${ENV}/tables`, { name: 'Numbered', keyColumn: 'n', columns: [{ name: 'n', type: 'number' }, { name: 'email', type: 'email' }] });
    expect(created.status).toBe(201);
    const rows = keys.map((n, i) => ({ n, email: `n${i}@example.com` }));
    const loaded = await s.post(`${ENV}/tables/Numbered/records`, rows.map((r) => JSON.stringify(r)).join('\n'), 'application/x-ndjson');
    expect(loaded.body).toMatchObject({ accepted: rows.length, rejected: 0 });
    // Segments are built on the environment's customer table (string keys in the demo): a segment
    // never refreshed gets this table's keys as members, written as a refresh writes them, cast to text.
    const created2 = await s.post(`${ENV}/segments`, { name: 'Numbered members', baseTable: 'Customer', rule: { kind: 'group', combinator: 'and', rules: [{ kind: 'condition', field: 'email', operator: 'isNotEmpty' }] } });
    expect(created2.status, JSON.stringify(created2.body)).toBe(201);
    const segmentId = created2.body.id as string;
    await api.db.run(async () => {
      const table = await api.db.em.findOneOrFail(DataTable, { name: 'Numbered', environment: (await api.db.em.findOneOrFail(Environment, { slug: 'consumer-brand' })).id });
      await sql`insert into segment_member (segment_id, member_key) select ${segmentId}, cast(r.n as text) from ${sql.table(table.physicalName)} as r`.execute(api.db.em.getKysely<any>());
    });
    const members = await api.db.run(async () => {
      const table = await api.db.em.findOneOrFail(DataTable, { name: 'Numbered', environment: (await api.db.em.findOneOrFail(Environment, { slug: 'consumer-brand' })).id });
      const out = [];
      for await (const record of api.app.get(RecordReader).segmentMembers({ exportId: 'export-n', segmentId, table, mapping: { email: 'email' } }, { tracked: true })) out.push(record);
      return out;
    });
    expect(members).toHaveLength(rows.length);
    const emailOf = new Map(rows.map((r) => [r.n, r.email]));
    for (const member of members) expect(member.values.email, member.key).toBe(emailOf.get(Number(member.key)));
    expect(new Set(members.map((m) => Number(m.key)))).toEqual(new Set(keys));
  });
});
