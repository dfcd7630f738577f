/**
 * Bad input never gives a 5xx. Reads the checked-in OpenAPI document and, for every operation, sends
 * a corpus of malformed values (wrong types, NUL and control characters, huge strings and numbers,
 * deep nesting, unknown fields, broken percent-encoding and invalid UTF-8, broken CSV and NDJSON) in
 * path parameters, query parameters, cookies and bodies, as an admin with a session and with an API
 * key. Every answer must be below 500, every error must be application/problem+json, every unsafe
 * request must be refused, and the database must be unchanged afterwards.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Em } from '../src/database/orm.js';
import { databaseTargets, loginAs, type Session, startApi, type TestApi, waitForRun } from './harness.js';

type Schema = { $ref?: string; type?: string; nullable?: boolean; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[]; allOf?: Schema[] };
interface Operation {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query'; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const doc = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'openapi.json'), 'utf8')) as Doc;
const ENV = 'consumer-brand';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One request of the corpus: a raw URL (already percent-encoded, possibly badly) and what to send. */
interface Probe {
  label: string;
  method: string;
  url: string;
  body?: string | Uint8Array;
  contentType?: string;
  cookie?: string;
  /** Ingestion answers 200 with every row rejected: that is a refusal too. */
  ingestion?: boolean;
}

const deep = (depth: number, leaf = '1'): string => '['.repeat(depth) + leaf + ']'.repeat(depth);
const deepObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** Raw path segments: none of them names an object, most are not even valid. */
const PATH_VALUES = [
  '%00', 'x%00', '%0A', '%7F', // NUL and control characters
  '%ZZ', '%E0%A4%A', // broken percent-encoding
  '%FF', '%C0%AF', '%ED%A0%80', // invalid UTF-8: a stray byte, an overlong sequence, a surrogate
  'x'.repeat(3000), '-1', '99999999999999999999999', '%7B%7D', '%22%27%3B--', '%F0%9F%98%80', // wrong types and odd values
];

/** Raw query values that no query parameter accepts. */
const STRING_QUERY_VALUES = ['%00', 'a%00b', '%01', '%1B%5B31m', '%7F', '%ZZ', '%E0%A4%A', '%FF', '%C0%AF', 'x'.repeat(4000)];
const NUMBER_QUERY_VALUES = ['-1', '1e21', '1e308', '1e999', '99999999999999999999999', '9007199254740993', '100000000000', 'NaN', 'Infinity', '-Infinity', '1.5', '0x10', 'abc', '', '%00', '1%00', '%FF'];

/** Query strings sent to every operation, whatever it declares. */
const GENERIC_QUERIES = ['%00=1', 'x=%01', 'x=%FF', '%E0%A4%A=1'];

/** JSON values that fit no property (its own type is left out where it could be valid). */
function badValues(schema: Schema): string[] {
  const type = schema.type ?? (schema.properties ? 'object' : schema.$ref ? 'object' : undefined);
  const values = [
    '"\\u0000"', '"a\\u0000b"', deep(10_000), deepObject(10_000), '1e308', '-1e308', '1e999', '18446744073709551616',
    '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}',
  ];
  if (!schema.nullable) values.push('null');
  if (type !== 'string') values.push('"x"', `"${'x'.repeat(10_000)}"`);
  if (type === 'string' && !schema.enum) values.push(`"${'x'.repeat(300_000)}"`);
  if (schema.enum) values.push('"not-one-of-them"', `"${'x'.repeat(10_000)}"`);
  if (type !== 'boolean') values.push('true');
  if (type !== 'number' && type !== 'integer') values.push('12');
  if (type !== 'object') values.push('{}', '{"a":1}');
  if (type === 'object') values.push('{"\\u0000":1}', '{"a":"\\u0000"}', '{"a":{"b":{"c":null}}}');
  if (type !== 'array') values.push('[]', '["x"]');
  if (type === 'array') values.push('["\\u0000"]', '[1]', '[null]', '[[]]', '[{}]', `[${Array.from({ length: 600 }, () => '"x"').join(',')}]`);
  return values;
}

/** Whole JSON bodies that no operation accepts, with or without a declared body. */
const BROKEN_BODIES: { label: string; body: string | Uint8Array; contentType?: string }[] = [
  { label: 'deep array', body: deep(10_000) },
  { label: 'deep object', body: deepObject(10_000) },
  { label: 'deep array (50,000)', body: deep(50_000) },
  { label: 'truncated JSON', body: '{"name":' },
  { label: 'not JSON', body: 'name=x' },
  { label: 'NUL in a key', body: '{"\\u0000":1}' },
  { label: 'NUL in a value', body: '{"name":"\\u0000"}' },
  { label: 'raw NUL byte', body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x00, 0x22, 0x7d]) },
  { label: 'invalid UTF-8', body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]) },
  { label: 'lone surrogate escape with NUL', body: '{"a":"\\ud800\\u0000"}' },
  { label: 'huge body', body: `{"name":"${'x'.repeat(2_000_000)}"}` },
  { label: 'wrong charset', body: '{}', contentType: 'application/json; charset=utf-7' },
];

/** Malformed uploads for the records ingestion endpoint of the Fuzz table (columns id, n, d, b, e). */
const enc = (text: string) => new TextEncoder().encode(text);
const INGESTION: { label: string; body: string | Uint8Array; contentType: string }[] = [
  ...[
    ['NUL in a key', 'id,n\nk\u00001,1\n'],
    ['NUL in a value', 'id,n,e\nk1,1,a\u0000@example.com\n'],
    ['unterminated quote', 'id,n\n"k9,1\n'],
    ['wrong field count', 'id,n\nk9,1,2,3\n'],
    ['no key', 'id,n\n,1\n'],
    ['bad number', 'id,n\nk9,1e999\n'],
    ['bad date', 'id,d\nk9,2024-13-45\n'],
    ['bad boolean', 'id,b\nk9,maybe\n'],
    ['bad email', 'id,e\nk9,not-an-email\n'],
    ['unknown column only', 'nope\nx\n'],
    ['empty', ''],
    ['BOM only', '\ufeff'],
    ['header only with NUL', 'id,\u0000\n'],
    ['huge header', `${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',')}\nx\n`],
    ['huge line', `id,n\n${'x'.repeat(500_000)},1\n`],
    ['control characters in a key', 'id,n\nk\u0001\u001b,1\n'],
  ].map(([label, body]) => ({ label: `CSV ${label}`, body: body!, contentType: 'text/csv' })),
  { label: 'CSV invalid UTF-8', body: new Uint8Array([...enc('id,n\nk'), 0xff, 0xfe, 0xc0, 0xaf, ...enc(',1\n')]), contentType: 'text/csv' },
  ...[
    ['broken line', '{"id":\n'],
    ['array', '[]\n'],
    ['string', '"x"\n'],
    ['null', 'null\n'],
    ['null key', '{"id":null}\n'],
    ['object key', '{"id":{"x":1}}\n'],
    ['NUL in a key', '{"id":"k\\u00001","n":1}\n'],
    ['NUL in a field name', '{"id":"k9","\\u0000":1}\n'],
    ['deep line', `{"id":${deep(10_000, '"k9"')}}\n`],
    ['huge number', '{"id":"k9","n":1e999}\n'],
    ['wrong types', '{"id":12,"n":"abc","b":"maybe","d":true}\n'],
    ['prototype', '{"__proto__":{"id":"k9"}}\n'],
  ].map(([label, body]) => ({ label: `NDJSON ${label}`, body: body!, contentType: 'application/x-ndjson' })),
  { label: 'NDJSON invalid UTF-8', body: new Uint8Array([...enc('{"id":"k'), 0xff, 0xfe, ...enc('","n":1}\n')]), contentType: 'application/x-ndjson' },
  { label: 'JSON instead of CSV', body: '[{"id":"k9"}]', contentType: 'application/json' },
  { label: 'plain text', body: 'id,n\nk9,1\n', contentType: 'text/plain' },
  { label: 'no content type', body: 'id,n\nk9,1\n', contentType: '' },
];

function resolve(schema: Schema): Schema {
  if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()!]!);
  if (schema.allOf?.length) return schema.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {} as Schema);
  return schema;
}

const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

describe.each(databaseTargets())('bad input on $name', (target) => {
  let api: TestApi;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  let admin: Session;
  let apiKey: string;
  let sessionCookie: string;
  const ids: Record<string, string> = {};
  let fuzzTable = '';

  /** Row counts and last changes of every table of interest, and the Fuzz table's rows. */
  async function digest(): Promise<string> {
    const em = api.orm.em.fork() as unknown as Em;
    const counted = ['environment', 'app_user', 'membership', 'session', 'api_key', 'data_table', 'segment', 'segment_member', 'connection', 'export', 'export_member_state', 'run', 'run_task', 'run_chunk', 'run_rejection', 'audit_event', 'system_refresh_settings', 'system_refresh_run', 'refresh_process', 'login_throttle', 'alert_channel', 'alert_preference', 'alert', 'alert_delivery'];
    const touched = ['data_table', 'segment', 'connection', 'export', 'system_refresh_settings', 'alert_channel', 'alert_preference'];
    const parts = [
      ...counted.map((t) => `(select count(*) from ${t}) as ${t}_n`),
      ...touched.map((t) => `(select max(updated_at) from ${t}) as ${t}_u`),
      '(select count(revoked_at) from api_key) as keys_revoked',
      '(select sum(record_count) from data_table) as records',
      '(select sum(member_count) from segment) as members',
      `(select count(*) from ${fuzzTable}) as fuzz_n`,
    ];
    const [row] = await em.execute(`select ${parts.join(', ')}`);
    const fuzz = await em.execute(`select * from ${fuzzTable} order by id`);
    return JSON.stringify([row, fuzz], (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof Date ? v.toISOString() : v));
  }

  beforeAll(async () => {
    api = await startApi(target);
    await api.loadDemo(0.01);
    mailchimp = await startMailchimpSandbox();
    admin = await loginAs(api.url, 'admin');
    const base = `/environments/${ENV}`;
    const must = async (res: Promise<{ status: number; body: any }>) => {
      const r = await res;
      if (r.status >= 300) throw new Error(`fixture failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    apiKey = (await must(admin.post(`${base}/api-keys`, { name: 'fuzz', role: 'admin' }))).key;
    ids['api-keys'] = (await must(admin.post(`${base}/api-keys`, { name: 'to revoke', role: 'viewer' }))).id;
    const table = await must(
      admin.post(`${base}/tables`, {
        name: 'Fuzz',
        keyColumn: 'id',
        columns: [
          { name: 'id', type: 'string', nullable: false },
          { name: 'n', type: 'number' },
          { name: 'd', type: 'date' },
          { name: 'b', type: 'boolean' },
          { name: 'e', type: 'email' },
        ],
      }),
    );
    await must(admin.post(`${base}/tables/Fuzz/records`, 'id,n,d,b,e\nk1,1,2024-01-01,true,a@example.com\nk2,2,,false,\n', 'text/csv'));
    ids.tables = 'Fuzz';
    const segments = (await must(admin.get(`${base}/segments?limit=200`))).items as { id: string; name: string }[];
    ids.segments = segments[0]!.id;
    ids.connections = (await must(admin.post(`${base}/connections`, { name: 'Mailchimp', connectorId: 'mailchimp', settings: { apiBaseUrl: mailchimp.url }, secrets: { apiKey: mailchimp.apiKey } }))).id;
    const vip = segments.find((s) => s.name === 'VIP customers')!.id;
    ids.exports = (
      await must(
        admin.post(`${base}/exports`, {
          name: 'Fuzz newsletter',
          type: 'segment',
          connectionId: ids.connections,
          segmentIds: [vip],
          mapping: { email: 'email', firstName: 'firstName', lastName: 'lastName' },
          options: { audienceId: mailchimp.listId },
        }),
      )
    ).id;
    const run = await must(admin.post(`${base}/exports/${ids.exports}/run`, { dryRun: true }));
    await waitForRun(admin, base, run.id);
    ids.runs = run.id;
    ids.connectors = 'mailchimp';
    ids['alert-channels'] = (await must(admin.post(`${base}/alert-channels`, { name: 'Fuzz hook', kind: 'webhook', enabled: false, webhook: { url: mailchimp.url } }))).id;
    ids.users = (await must(admin.post(`${base}/users`, { email: 'fuzz-member@example.com', name: 'Fuzz member', role: 'viewer' }))).id;
    const refresh = await must(admin.post(`${base}/system/refresh`));
    for (let status = refresh.status; ['queued', 'running'].includes(status); ) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await must(admin.get(`${base}/system/refreshes/${refresh.id}`))).status;
    }
    ids.refreshes = refresh.id;
    const em = api.orm.em.fork() as unknown as Em;
    fuzzTable = (await em.execute<{ physical_name: string }[]>(`select physical_name from data_table where id = '${table.id}'`))[0]!.physical_name;
    sessionCookie = (admin as unknown as { cookie: string }).cookie;
  });
  afterAll(async () => {
    await mailchimp?.close();
    await api?.close();
  });

  /** The valid raw value of a path parameter of this path. */
  function validParam(path: string, name: string): string {
    if (name === 'env') return ENV;
    const segments = path.split('/');
    const before = segments[segments.indexOf(`{${name}}`) - 1]!;
    const value = ids[before];
    if (!value) throw new Error(`no fixture for {${name}} in ${path}`);
    return encodeURIComponent(value);
  }

  function probes(path: string, method: string, op: Operation): Probe[] {
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    const url = (overrides: Record<string, string> = {}, query = '') =>
      `${path.replace(/\{(\w+)\}/g, (_, name: string) => overrides[name] ?? validParam(path, name))}${query ? `?${query}` : ''}`;
    const jsonBody = op.requestBody?.content['application/json'];
    const baseBody = jsonBody ? '{}' : undefined;
    const out: Probe[] = [];
    const add = (label: string, probe: Omit<Probe, 'label' | 'method'>) => out.push({ label, method, ...(baseBody && !('body' in probe) ? { body: baseBody, contentType: 'application/json' } : {}), ...probe });

    for (const name of pathParams) for (const value of PATH_VALUES) add(`path ${name}=${value.slice(0, 20)}`, { url: url({ [name]: value }) });
    for (const query of GENERIC_QUERIES) add(`query ${query}`, { url: url({}, query) });
    add('badly encoded session cookie', { url: url(), cookie: 'outport_session=%E0%A4%A' });
    add('NUL-encoded session cookie', { url: url(), cookie: 'outport_session=%00' });

    for (const param of (op.parameters ?? []).filter((p) => p.in === 'query')) {
      const numeric = param.schema?.type === 'number' || param.schema?.type === 'integer';
      const values = numeric ? NUMBER_QUERY_VALUES : [...STRING_QUERY_VALUES, ...(param.name === 'sort' ? ['nope', '__proto__', 'constructor', 'id%3Bdrop%20table%20x', 'toString'] : [])];
      for (const value of values) add(`query ${param.name}=${value.slice(0, 20)}`, { url: url({}, `${param.name}=${value}`) });
      add(`query ${param.name} twice`, { url: url({}, `${param.name}=1&${param.name}=2`) });
      add(`query ${param.name}[] nested`, { url: url({}, `${param.name}[a][b]=1`) });
    }
    if (op.parameters?.some((p) => p.in === 'query')) {
      add('unknown query parameter', { url: url({}, 'unknownParam=1') });
      add('prototype query parameter', { url: url({}, '__proto__[x]=1') });
    }

    if (method !== 'GET') {
      for (const broken of BROKEN_BODIES) add(`body ${broken.label}`, { url: url(), body: broken.body, contentType: broken.contentType ?? 'application/json' });
    }
    if (jsonBody) {
      const schema = resolve(jsonBody.schema);
      add('body unknown field', { url: url(), body: '{"unknownField":1}', contentType: 'application/json' });
      for (const whole of ['[]', '"x"', '12', 'null', 'true']) add(`body ${whole}`, { url: url(), body: whole, contentType: 'application/json' });
      add('body as text/plain', { url: url(), body: '{}', contentType: 'text/plain' });
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        for (const value of badValues(prop)) add(`body ${name}=${value.slice(0, 20)}`, { url: url(), body: `{"${name}":${value}}`, contentType: 'application/json' });
        const nested = resolve(prop.items ?? prop);
        for (const [inner, innerSchema] of Object.entries(nested.properties ?? {})) {
          for (const value of badValues(innerSchema).slice(0, 6)) {
            const item = `{"${inner}":${value}}`;
            add(`body ${name}.${inner}=${value.slice(0, 20)}`, { url: url(), body: `{"${name}":${prop.items ? `[${item}]` : item}}`, contentType: 'application/json' });
          }
        }
      }
    }
    if (op.requestBody?.content['text/csv']) {
      for (const upload of INGESTION) add(`upload ${upload.label}`, { url: url(), body: upload.body, contentType: upload.contentType, ingestion: true });
    }
    return out;
  }

  async function send(probe: Probe, auth: 'session' | 'api-key') {
    const headers: Record<string, string> = {};
    if (auth === 'api-key') headers.authorization = `Bearer ${apiKey}`;
    // A session is used as the console uses it: from its own origin.
    else headers.origin = api.url;
    const cookies = [auth === 'session' && !probe.cookie ? sessionCookie : '', probe.cookie ?? ''].filter(Boolean);
    if (cookies.length) headers.cookie = cookies.join('; ');
    if (probe.body !== undefined && probe.contentType) headers['content-type'] = probe.contentType;
    const res = await fetch(`${api.url}${probe.url}`, { method: probe.method, headers, body: probe.body, signal: AbortSignal.timeout(20_000) });
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    return { status: res.status, type, text };
  }

  const statuses: Record<number, number> = {};

  /** Sends the probes a few at a time; returns what was wrong with the answers. */
  async function drive(list: Probe[], auth: 'session' | 'api-key'): Promise<string[]> {
    const wrong: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const probe = list[next++]!;
        const res = await send(probe, auth);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const where = `${auth} ${probe.method} ${probe.url.slice(0, 120)} [${probe.label}] → ${res.status}`;
        if (res.status >= 500) wrong.push(`${where}: ${res.text.slice(0, 200)}`);
        else if (res.status >= 400) {
          let body: { status?: unknown; title?: unknown } | null = null;
          try {
            body = JSON.parse(res.text) as { status?: unknown; title?: unknown };
          } catch {
            // reported below
          }
          if (!res.type.startsWith('application/problem+json') || body?.status !== res.status || typeof body?.title !== 'string') {
            wrong.push(`${where}: not a problem (${res.type}) ${res.text.slice(0, 120)}`);
          }
        } else if (probe.ingestion) {
          const result = JSON.parse(res.text) as { accepted: number };
          if (result.accepted !== 0) wrong.push(`${where}: accepted ${result.accepted} record(s)`);
        } else if (UNSAFE.has(probe.method)) {
          wrong.push(`${where}: an unsafe request with bad input was not refused`);
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    return wrong;
  }

  it(`drives every operation of the OpenAPI document (${operations.length}) with bad input: no 5xx, only problems, nothing written`, async () => {
    expect(operations.length).toBeGreaterThan(40);
    const started = Date.now();
    const wrong: string[] = [];
    let sent = 0;
    // Safe operations first; among unsafe ones, those that remove things last.
    const rank = (m: string) => (m === 'GET' ? 0 : m === 'DELETE' ? 2 : 1);
    for (const { path, method, op } of [...operations].sort((a, b) => rank(a.method) - rank(b.method))) {
      const list = probes(path, method, op);
      for (const auth of ['session', 'api-key'] as const) {
        const before = await digest();
        const problems = await drive(list, auth);
        sent += list.length;
        const after = await digest();
        if (after !== before) problems.push(`${auth} ${method} ${path}: the database changed (${op.operationId})`);
        wrong.push(...problems);
        if (op.operationId === 'logout') admin = await loginAs(api.url, 'admin');
        sessionCookie = (admin as unknown as { cookie: string }).cookie;
      }
    }
    console.log(`bad input on ${target.name}: ${sent} requests over ${operations.length} operations in ${Date.now() - started} ms`, statuses);
    if (process.env.BAD_INPUT_REPORT) appendFileSync(process.env.BAD_INPUT_REPORT, `${target.name}\n${wrong.join('\n')}\n`);
    expect(wrong.slice(0, 60), `${wrong.length} bad answers`).toEqual([]);
    // About 10,000 requests that grow with every operation: close to a minute alone, more on a busy machine.
  }, 300_000);

  it('answers the bad inputs of the review with a 400 problem naming the parameter', async () => {
    const base = `/api/v1/environments/${ENV}`;
    const check = async (probe: Omit<Probe, 'label'>, status: number, field: string) => {
      const res = await send({ label: '', ...probe }, 'session');
      expect(res.status, `${probe.method} ${probe.url}: ${res.text}`).toBe(status);
      expect(res.type).toMatch(/^application\/problem\+json/);
      const body = JSON.parse(res.text) as { detail: string; errors?: { field?: string }[] };
      expect(body.errors?.map((e) => e.field), body.detail).toContain(field);
      return body;
    };
    await check({ method: 'GET', url: `${base}/segments/a%00b` }, 400, 'id');
    await check({ method: 'DELETE', url: `${base}/exports/%00` }, 400, 'id');
    await check({ method: 'GET', url: `/api/v1/environments/%00/segments` }, 400, 'env');
    await check({ method: 'GET', url: `${base}/tables/Fuzz%01/records` }, 400, 'table');
    await check({ method: 'GET', url: `${base}/exports?q=a%00` }, 400, 'q');
    await check({ method: 'GET', url: `${base}/runs?exportId=%00` }, 400, 'exportId');
    await check({ method: 'GET', url: `${base}/segments?offset=99999999999999999999` }, 400, 'offset');
    await check({ method: 'GET', url: `${base}/tables/Fuzz/records?offset=1e21` }, 400, 'offset');
    await check({ method: 'GET', url: `${base}/segments/%E0%A4%A` }, 400, 'path');
    await check({ method: 'GET', url: `${base}/segments?q=%FF` }, 400, 'q');
    await check({ method: 'GET', url: `${base}/segments`, cookie: 'outport_session=%E0%A4%A' }, 400, 'outport_session');
    expect((await check({ method: 'POST', url: `${base}/segments`, body: `{"name":"x","rule":${deepObject(10_000)}}`, contentType: 'application/json' }, 400, 'body')).detail).toMatch(/deeper than 64/);
    await check({ method: 'POST', url: `${base}/segments`, body: '{"name":"a\\u0000"}', contentType: 'application/json' }, 400, 'name');
    for (const [collection, id] of [['segments', ids.segments], ['connections', ids.connections], ['exports', ids.exports]] as const) {
      await check({ method: 'PATCH', url: `${base}/${collection}/${id}`, body: '{"name":null}', contentType: 'application/json' }, 400, 'name');
    }
    await check({ method: 'PATCH', url: `${base}/segments/${ids.segments}`, body: '{"name":"x"}', contentType: 'text/plain' }, 415, 'content-type');
  });

  it('answers requests that are not even valid HTTP with a problem (400, 431)', async () => {
    const { port } = new URL(api.url);
    const raw = (head: Buffer) =>
      new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(head));
        const chunks: Buffer[] = [];
        socket.on('data', (d: Buffer) => chunks.push(d));
        socket.on('error', reject);
        socket.on('close', () => {
          const text = Buffer.concat(chunks).toString('latin1');
          const [head_, body = ''] = text.split('\r\n\r\n');
          resolve({ status: Number(head_!.split(' ')[1]), type: /content-type: ([^\r]+)/i.exec(head_!)?.[1] ?? '', body });
        });
      });
    const request = (path: Buffer | string, headers = '') =>
      Buffer.concat([Buffer.from('GET '), Buffer.from(path), Buffer.from(` HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`)]);
    const cases: [Buffer, number][] = [
      [request(Buffer.from([...Buffer.from(`/api/v1/environments/${ENV}/segments/a`), 0xff, 0xfe])), 400],
      [request(Buffer.from([...Buffer.from(`/api/v1/environments/${ENV}/segments/a`), 0x00])), 400],
      [request(Buffer.from([...Buffer.from(`/api/v1/environments/${ENV}/segments/a`), 0x01])), 400],
      [request(`/api/v1/environments/${ENV}/segments`, 'X-Bad: \u0001\r\n'), 400],
      [request(`/api/v1/environments/${ENV}/segments`, `Cookie: ${'x'.repeat(20_000)}\r\n`), 431],
      [request(`/api/v1/environments/${ENV}/segments?q=${'x'.repeat(20_000)}`), 431],
    ];
    for (const [bytes, status] of cases) {
      const res = await raw(bytes);
      expect(res.status).toBe(status);
      expect(res.type).toBe('application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ status });
    }
  });

  it('refuses an unknown sort on every list with the sortable columns, and honours the ones it names', async () => {
    const lists = operations.filter(({ method, op }) => method === 'GET' && op.parameters?.some((p) => p.name === 'sort'));
    expect(lists.map((l) => l.op.operationId).sort()).toEqual(
      ['listAlertChannels', 'listAlertDeliveries', 'listApiKeys', 'listConnections', 'listConnectors', 'listEnvironments', 'listExportRuns', 'listExports', 'listRecords', 'listRuns', 'listSegmentMembers', 'listSegments', 'listSystemRefreshes', 'listTables', 'listUsers'].sort(),
    );
    for (const { path } of lists) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => validParam(path, name));
      const res = await send({ label: '', method: 'GET', url: `${url}?sort=nope` }, 'api-key');
      expect(res.status, url).toBe(400);
      const body = JSON.parse(res.text) as { detail: string; errors: { field: string }[] };
      expect(body.detail).toMatch(/^Cannot sort by "nope"\. Sort by one of: \w+/);
      expect(body.errors[0]!.field).toBe('sort');
    }
    const get = async (url: string) => {
      const res = await send({ label: '', method: 'GET', url: `/api/v1/environments/${ENV}${url}` }, 'session');
      expect(res.status, `${url}: ${res.text}`).toBe(200);
      return (JSON.parse(res.text) as { items: any[] }).items;
    };
    const second = await admin.post(`/environments/${ENV}/connections`, { name: 'Another Mailchimp', connectorId: 'mailchimp', settings: { apiBaseUrl: mailchimp.url }, secrets: { apiKey: mailchimp.apiKey } });
    expect(second.status).toBe(201);
    expect((await get('/connections?sort=name&order=desc')).map((c) => c.name)).toEqual(['Mailchimp', 'Another Mailchimp']);
    expect((await get('/connections?sort=name')).map((c) => c.name)).toEqual(['Another Mailchimp', 'Mailchimp']);
    expect((await get('/connections?sort=createdAt&order=desc&limit=1')).map((c) => c.name)).toEqual(['Another Mailchimp']);
    expect((await get('/connections?q=another')).map((c) => c.name)).toEqual(['Another Mailchimp']);
    expect((await get('/tables/Fuzz/records?sort=n&order=desc')).map((r) => r.id)).toEqual(['k2', 'k1']);
    expect((await get('/tables/Fuzz/records?sort=e')).map((r) => r.id)).toEqual(['k1', 'k2']);
    expect((await get('/tables/Fuzz/records?order=desc')).map((r) => r.id)).toEqual(['k2', 'k1']);
    const members = await get(`/segments/${ids.segments}/members?order=desc&limit=5`);
    expect(members).toEqual([...members].sort().reverse());
    expect(await get(`/segments/${ids.segments}/members?sort=memberKey&limit=5`)).toEqual(await get(`/segments/${ids.segments}/members?limit=5`));
    expect((await get('/runs?sort=status&order=asc')).length).toBeGreaterThan(0);
    expect((await get(`/exports/${ids.exports}/runs?sort=finishedAt&order=desc`)).length).toBeGreaterThan(0);
    expect((await get('/api-keys?sort=name')).map((k) => k.name)).toEqual(['fuzz', 'to revoke']);
    expect((await get('/users?sort=role&order=desc')).map((u) => u.role)).toEqual(['viewer', 'viewer', 'contributor', 'admin']);
  });
});
