import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, loginAs, Session, startApi, waitForRun, type TestApi } from './harness.js';

/**
 * Every operation of the OpenAPI document, called by every kind of caller, against exports on a
 * connection shared with all contributors, one shared with the contributor by name, and one kept
 * to admins. The expected outcome of each call stands in the one table below; the test fails on
 * any difference and when an operation has no row (so a new endpoint cannot skip the check).
 */

const ENV = 'consumer-brand';
const document = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string }>>;
};

type Caller = 'anonymous' | 'admin' | 'contributor' | 'viewer' | 'adminKey' | 'contributorKey' | 'viewerKey';
const CALLERS: Caller[] = ['anonymous', 'admin', 'contributor', 'viewer', 'adminKey', 'contributorKey', 'viewerKey'];
/** Whose connection the export (or run, or connection) of a call is on. */
type Variant = 'shared' | 'named' | 'unshared';
const VARIANTS: Variant[] = ['shared', 'named', 'unshared'];

/** ok: 2xx. refused: 2xx, with the object listed as failed or skipped for lack of permission. A number: that status. */
type Outcome = 'ok' | 'refused' | 401 | 403 | 404;
type ByVariant = Outcome | Record<Variant, Outcome>;

// Shorthands for the rows: what a caller with edit rights per variant gets.
const OK = 'ok' as const;
/** A contributor session: may edit on connections shared with all contributors or with them by name. */
const EDIT: ByVariant = { shared: OK, named: OK, unshared: 403 };
/** A contributor API key has no user, so a connection shared with named users is not shared with it. */
const EDIT_KEY: ByVariant = { shared: OK, named: 403, unshared: 403 };
const INSIDE: ByVariant = { shared: OK, named: OK, unshared: 'refused' };
const INSIDE_KEY: ByVariant = { shared: OK, named: 'refused', unshared: 'refused' };

//                                anonymous admin contributor viewer adminKey contributorKey viewerKey
const TABLE: Record<string, [Outcome, ByVariant, ByVariant, ByVariant, ByVariant, ByVariant, ByVariant]> = {
  getHealth: /*               */ [OK, OK, OK, OK, OK, OK, OK],
  login: /*                   */ [OK, OK, OK, OK, OK, OK, OK],
  logout: /*                  */ [401, OK, OK, OK, OK, OK, OK],
  getMe: /*                   */ [401, OK, OK, OK, OK, OK, OK],
  listConnectors: /*          */ [401, OK, OK, OK, OK, OK, OK],
  getConnector: /*            */ [401, OK, OK, OK, OK, OK, OK],
  listEnvironments: /*        */ [401, OK, OK, OK, OK, OK, OK],
  listApiKeys: /*             */ [401, OK, 403, 403, OK, 403, 403],
  createApiKey: /*            */ [401, OK, 403, 403, OK, 403, 403],
  revokeApiKey: /*            */ [401, OK, 403, 403, OK, 403, 403],
  listConnections: /*         */ [401, OK, OK, OK, OK, OK, OK],
  getConnection: /*           */ [401, OK, OK, OK, OK, OK, OK],
  createConnection: /*        */ [401, OK, 403, 403, OK, 403, 403],
  updateConnection: /*        */ [401, OK, 403, 403, OK, 403, 403],
  testConnection: /*          */ [401, OK, 403, 403, OK, 403, 403],
  removeConnection: /*        */ [401, OK, 403, 403, OK, 403, 403],
  listExports: /*             */ [401, OK, OK, OK, OK, OK, OK],
  getExport: /*               */ [401, OK, OK, OK, OK, OK, OK],
  listExportRuns: /*          */ [401, OK, OK, OK, OK, OK, OK],
  createExport: /*            */ [401, OK, EDIT, 403, OK, EDIT_KEY, 403],
  listExportCandidates: /*    */ [401, OK, EDIT, 403, OK, EDIT_KEY, 403],
  updateExport: /*            */ [401, OK, EDIT, 403, OK, EDIT_KEY, 403],
  duplicateExport: /*         */ [401, OK, EDIT, 403, OK, EDIT_KEY, 403],
  detachExport: /*            */ [401, OK, EDIT, 403, OK, EDIT_KEY, 403],
  removeExport: /*            */ [401, OK, EDIT, 403, OK, EDIT_KEY, 403],
  runExport: /*               */ [401, OK, EDIT, 403, OK, EDIT_KEY, 403],
  bulkExports: /*             */ [401, OK, INSIDE, 403, OK, INSIDE_KEY, 403],
  runAllExports: /*           */ [401, OK, INSIDE, 403, OK, INSIDE_KEY, 403],
  staggerExports: /*          */ [401, OK, INSIDE, 403, OK, INSIDE_KEY, 403],
  getRefreshSchedule: /*      */ [401, OK, OK, OK, OK, OK, OK],
  setRefreshSchedule: /*      */ [401, OK, OK, 403, OK, OK, 403],
  startSystemRefresh: /*      */ [401, OK, OK, 403, OK, OK, 403],
  getSystemStatus: /*         */ [401, OK, OK, OK, OK, OK, OK],
  listSystemRefreshes: /*     */ [401, OK, OK, OK, OK, OK, OK],
  getSystemRefresh: /*        */ [401, OK, OK, OK, OK, OK, OK],
  cancelSystemRefresh: /*     */ [401, OK, OK, 403, OK, OK, 403],
  listRuns: /*                */ [401, OK, OK, OK, OK, OK, OK],
  getRun: /*                  */ [401, OK, OK, OK, OK, OK, OK],
  streamRunEvents: /*         */ [401, OK, OK, OK, OK, OK, OK],
  downloadRunRejections: /*   */ [401, OK, OK, OK, OK, OK, OK],
  cancelRun: /*               */ [401, OK, EDIT, 403, OK, EDIT_KEY, 403],
  listSegments: /*            */ [401, OK, OK, OK, OK, OK, OK],
  getSegment: /*              */ [401, OK, OK, OK, OK, OK, OK],
  listSegmentMembers: /*      */ [401, OK, OK, OK, OK, OK, OK],
  createSegment: /*           */ [401, OK, OK, 403, OK, OK, 403],
  updateSegment: /*           */ [401, OK, OK, 403, OK, OK, 403],
  removeSegment: /*           */ [401, OK, OK, 403, OK, OK, 403],
  refreshSegment: /*          */ [401, OK, OK, 403, OK, OK, 403],
  listTables: /*              */ [401, OK, OK, OK, OK, OK, OK],
  getTable: /*                */ [401, OK, OK, OK, OK, OK, OK],
  listRecords: /*             */ [401, OK, OK, OK, OK, OK, OK],
  createTable: /*             */ [401, OK, OK, 403, OK, OK, 403],
  addTableColumns: /*         */ [401, OK, OK, 403, OK, OK, 403],
  ingestRecords: /*           */ [401, OK, OK, 403, OK, OK, 403],
  listAlertChannels: /*       */ [401, OK, 403, 403, OK, 403, 403],
  createAlertChannel: /*      */ [401, OK, 403, 403, OK, 403, 403],
  getAlertChannel: /*         */ [401, OK, 403, 403, OK, 403, 403],
  updateAlertChannel: /*      */ [401, OK, 403, 403, OK, 403, 403],
  removeAlertChannel: /*      */ [401, OK, 403, 403, OK, 403, 403],
  testAlertChannel: /*        */ [401, OK, 403, 403, OK, 403, 403],
  listAlertDeliveries: /*     */ [401, OK, 403, 403, OK, 403, 403],
  // Preferences are each user's own: every member has them, API keys have none.
  getAlertPreferences: /*     */ [401, OK, OK, OK, 403, 403, 403],
  setAlertPreferences: /*     */ [401, OK, OK, OK, 403, 403, 403],
  listUsers: /*               */ [401, OK, 403, 403, OK, 403, 403],
  addUser: /*                 */ [401, OK, 403, 403, OK, 403, 403],
  updateUser: /*              */ [401, OK, 403, 403, OK, 403, 403],
  removeUser: /*              */ [401, OK, 403, 403, OK, 403, 403],
};

interface Call {
  path: string;
  body?: unknown;
  contentType?: string;
  /** For `refused`: whether the answer lists the object as not allowed. */
  refusedInside?: (body: any) => boolean;
}

const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId })),
);

describe('permission matrix', () => {
  const target = databaseTargets()[0]!;
  let api: TestApi;
  let admin: Session;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  const callers = {} as Record<Caller, Session>;
  const connection = {} as Record<Variant, string>;
  let segmentId = '';
  let tables = 0;
  const violations: string[] = [];
  const off = { kind: 'custom', enabled: false, schedule: { recurrence: { frequency: 'daily', times: ['06:00'] }, startDate: '2026-01-01', startTime: '06:00', timeZone: 'UTC' } };
  const custom = { ...off, enabled: true };
  /** One system refresh at a time: waits until the last one has ended. */
  const refreshesIdle = async () => {
    for (;;) {
      const latest = (await admin.get(`/environments/${ENV}/system/status`)).body.latest as { status: string } | null;
      if (!latest || !['queued', 'running'].includes(latest.status)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const exportBody = (variant: Variant, name: string, schedule: unknown = off) => ({
    name,
    type: 'segment',
    connectionId: connection[variant],
    segmentIds: [segmentId],
    mapping: { email: 'email' },
    options: { audienceId: mailchimp.listId },
    allowDuplicateTargets: true,
    schedule,
  });
  let n = 0;
  const newExport = async (variant: Variant, schedule?: unknown): Promise<string> => {
    const res = await admin.post(`/environments/${ENV}/exports`, exportBody(variant, `Matrix ${variant} ${++n}`, schedule));
    if (res.status !== 201) throw new Error(`fixture export: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };
  const finishedRun = async (variant: Variant): Promise<string> => {
    const id = await newExport(variant);
    const run = (await admin.post(`/environments/${ENV}/exports/${id}/run`, {})).body;
    return (await waitForRun(admin, `/environments/${ENV}`, run.id)).id;
  };

  /** A fresh fixture per call, so one call never depends on what another did. */
  const FIXTURES: Record<string, (variant: Variant, caller: Caller) => Call | Promise<Call>> = {
    getHealth: () => ({ path: '/health' }),
    login: () => ({ path: '/auth/login', body: { email: 'viewer@outport.demo', password: 'demo-viewer-2026' } }),
    logout: () => ({ path: '/auth/logout' }),
    getMe: () => ({ path: '/auth/me' }),
    listConnectors: () => ({ path: '/connectors' }),
    getConnector: () => ({ path: '/connectors/mailchimp' }),
    listEnvironments: () => ({ path: '/environments' }),
    listApiKeys: () => ({ path: `/environments/${ENV}/api-keys` }),
    createApiKey: () => ({ path: `/environments/${ENV}/api-keys`, body: { name: 'Matrix key', role: 'viewer' } }),
    revokeApiKey: async () => ({ path: `/environments/${ENV}/api-keys/${(await admin.post(`/environments/${ENV}/api-keys`, { name: 'To revoke', role: 'viewer' })).body.id}` }),
    listConnections: () => ({ path: `/environments/${ENV}/connections` }),
    getConnection: (v) => ({ path: `/environments/${ENV}/connections/${connection[v]}` }),
    createConnection: () => ({ path: `/environments/${ENV}/connections`, body: mailchimpConnection(`Matrix connection ${++n}`) }),
    updateConnection: (v) => ({ path: `/environments/${ENV}/connections/${connection[v]}`, body: { name: `Mailchimp (${v})` } }),
    testConnection: (v) => ({ path: `/environments/${ENV}/connections/${connection[v]}/test` }),
    removeConnection: async () => ({ path: `/environments/${ENV}/connections/${(await admin.post(`/environments/${ENV}/connections`, mailchimpConnection(`Unused ${++n}`))).body.id}` }),
    listExports: () => ({ path: `/environments/${ENV}/exports` }),
    getExport: async (v) => ({ path: `/environments/${ENV}/exports/${await newExport(v)}` }),
    listExportRuns: async (v) => ({ path: `/environments/${ENV}/exports/${await newExport(v)}/runs` }),
    createExport: (v) => ({ path: `/environments/${ENV}/exports`, body: exportBody(v, `Created ${v} ${++n}`) }),
    listExportCandidates: (v) => ({ path: `/environments/${ENV}/exports/candidates`, body: { connectionId: connection[v], mapping: { email: 'email' } } }),
    updateExport: async (v) => ({ path: `/environments/${ENV}/exports/${await newExport(v)}`, body: { name: `Renamed ${++n}` } }),
    duplicateExport: async (v) => ({ path: `/environments/${ENV}/exports/${await newExport(v)}/duplicate`, body: { allowDuplicateTargets: true } }),
    detachExport: async (v) => ({ path: `/environments/${ENV}/exports/${await newExport(v)}/detach` }),
    removeExport: async (v) => ({ path: `/environments/${ENV}/exports/${await newExport(v)}` }),
    runExport: async (v) => ({ path: `/environments/${ENV}/exports/${await newExport(v)}/run`, body: {} }),
    bulkExports: async (v) => {
      const id = await newExport(v);
      return { path: `/environments/${ENV}/exports/bulk`, body: { action: 'run', ids: [id] }, refusedInside: (b) => b.done.length === 0 && b.failed[0]?.id === id };
    },
    runAllExports: async (v) => {
      const id = await newExport(v, { kind: 'system-refresh' });
      return {
        path: `/environments/${ENV}/exports/run-all`,
        refusedInside: (b) => !b.started.some((r: { exportId: string }) => r.exportId === id) && b.skipped.some((s: { exportId: string; reason: string }) => s.exportId === id && /not shared with you/.test(s.reason)),
      };
    },
    staggerExports: async (v) => {
      const id = await newExport(v, custom);
      return { path: `/environments/${ENV}/exports/stagger`, body: { ids: [id] }, refusedInside: (b) => b.proposals.length === 0 && b.skipped[0]?.id === id };
    },
    getRefreshSchedule: () => ({ path: `/environments/${ENV}/system/refresh-schedule` }),
    setRefreshSchedule: () => ({ path: `/environments/${ENV}/system/refresh-schedule`, body: { enabled: false, frequency: 'daily', days: [], times: ['02:00'], timeZone: 'UTC' } }),
    startSystemRefresh: async () => {
      await refreshesIdle();
      return { path: `/environments/${ENV}/system/refresh` };
    },
    getSystemStatus: () => ({ path: `/environments/${ENV}/system/status` }),
    listSystemRefreshes: () => ({ path: `/environments/${ENV}/system/refreshes` }),
    getSystemRefresh: async () => {
      await refreshesIdle();
      const started = await admin.post(`/environments/${ENV}/system/refresh`);
      return { path: `/environments/${ENV}/system/refreshes/${started.body.id}` };
    },
    cancelSystemRefresh: async () => {
      await refreshesIdle();
      const started = await admin.post(`/environments/${ENV}/system/refresh`);
      return { path: `/environments/${ENV}/system/refreshes/${started.body.id}/cancel` };
    },
    listRuns: () => ({ path: `/environments/${ENV}/runs` }),
    getRun: async (v) => ({ path: `/environments/${ENV}/runs/${await finishedRun(v)}` }),
    streamRunEvents: async (v) => ({ path: `/environments/${ENV}/runs/${await finishedRun(v)}/events` }),
    downloadRunRejections: async (v) => ({ path: `/environments/${ENV}/runs/${await finishedRun(v)}/rejections.csv` }),
    cancelRun: async (v) => {
      const id = await newExport(v);
      return { path: `/environments/${ENV}/runs/${(await admin.post(`/environments/${ENV}/exports/${id}/run`, {})).body.id}/cancel` };
    },
    listSegments: () => ({ path: `/environments/${ENV}/segments` }),
    getSegment: () => ({ path: `/environments/${ENV}/segments/${segmentId}` }),
    listSegmentMembers: () => ({ path: `/environments/${ENV}/segments/${segmentId}/members` }),
    createSegment: () => ({ path: `/environments/${ENV}/segments`, body: segmentBody(`Matrix segment ${++n}`) }),
    updateSegment: async () => ({ path: `/environments/${ENV}/segments/${await newSegment()}`, body: { name: `Renamed segment ${++n}` } }),
    removeSegment: async () => ({ path: `/environments/${ENV}/segments/${await newSegment()}` }),
    refreshSegment: async () => ({ path: `/environments/${ENV}/segments/${await newSegment()}/refresh` }),
    listTables: () => ({ path: `/environments/${ENV}/tables` }),
    getTable: () => ({ path: `/environments/${ENV}/tables/Customer` }),
    listRecords: () => ({ path: `/environments/${ENV}/tables/Customer/records` }),
    createTable: () => ({ path: `/environments/${ENV}/tables`, body: { name: `Matrix${++tables}`, keyColumn: 'id', columns: [{ name: 'id', type: 'string' }] } }),
    addTableColumns: async () => ({ path: `/environments/${ENV}/tables/${await newTable()}/columns`, body: { columns: [{ name: 'note', type: 'string' }] } }),
    ingestRecords: async () => ({ path: `/environments/${ENV}/tables/${await newTable()}/records`, body: 'id\nA\nB\n', contentType: 'text/csv' }),
    listAlertChannels: () => ({ path: `/environments/${ENV}/alert-channels` }),
    createAlertChannel: () => ({ path: `/environments/${ENV}/alert-channels`, body: alertChannelBody(`Matrix channel ${++n}`) }),
    getAlertChannel: async () => ({ path: `/environments/${ENV}/alert-channels/${await newAlertChannel()}` }),
    updateAlertChannel: async () => ({ path: `/environments/${ENV}/alert-channels/${await newAlertChannel()}`, body: { name: `Renamed channel ${++n}` } }),
    removeAlertChannel: async () => ({ path: `/environments/${ENV}/alert-channels/${await newAlertChannel()}` }),
    testAlertChannel: async () => ({ path: `/environments/${ENV}/alert-channels/${await newAlertChannel()}/test` }),
    listAlertDeliveries: async () => ({ path: `/environments/${ENV}/alert-channels/${await newAlertChannel()}/deliveries` }),
    getAlertPreferences: () => ({ path: `/environments/${ENV}/alert-preferences` }),
    setAlertPreferences: () => ({ path: `/environments/${ENV}/alert-preferences`, body: { optedOut: ['run.succeeded_with_warnings'] } }),
    listUsers: () => ({ path: `/environments/${ENV}/users` }),
    addUser: () => ({ path: `/environments/${ENV}/users`, body: { email: `matrix${++n}@example.com`, name: 'Matrix invitee', role: 'viewer' } }),
    updateUser: async () => ({ path: `/environments/${ENV}/users/${await newMember()}`, body: { role: 'contributor' } }),
    removeUser: async () => ({ path: `/environments/${ENV}/users/${await newMember()}` }),
  };

  const mailchimpConnection = (name: string) => ({ name, connectorId: 'mailchimp', settings: { apiBaseUrl: mailchimp.url }, secrets: { apiKey: mailchimp.apiKey } });
  const segmentBody = (name: string) => ({ name, baseTable: 'Customer', rule: { kind: 'group', combinator: 'and', rules: [{ kind: 'condition', field: 'country', operator: 'equals', value: 'FR' }] } });
  const newMember = async () => (await admin.post(`/environments/${ENV}/users`, { email: `member${++n}@example.com`, name: 'Fixture member', role: 'viewer' })).body.id as string;
  const newSegment = async () => (await admin.post(`/environments/${ENV}/segments`, segmentBody(`Fixture segment ${++n}`))).body.id as string;
  // Switched off, so runs that fail here alert no one; the test message goes to the Mailchimp sandbox, which refuses it (ok: false).
  const alertChannelBody = (name: string) => ({ name, kind: 'webhook', enabled: false, webhook: { url: mailchimp.url } });
  const newAlertChannel = async () => (await admin.post(`/environments/${ENV}/alert-channels`, alertChannelBody(`Fixture channel ${++n}`))).body.id as string;
  const newTable = async () => {
    const name = `Matrix${++tables}`;
    await admin.post(`/environments/${ENV}/tables`, { name, keyColumn: 'id', columns: [{ name: 'id', type: 'string' }] });
    return name;
  };

  beforeAll(async () => {
    api = await startApi(target);
    await api.loadDemo(0.01);
    mailchimp = await startMailchimpSandbox();
    admin = await loginAs(api.url, 'admin');
    const contributor = await loginAs(api.url, 'contributor');
    const contributorId = (await contributor.get('/auth/me')).body.id as string;
    const sharing: Record<Variant, unknown> = { shared: { mode: 'contributors' }, named: { mode: 'users', userIds: [contributorId] }, unshared: { mode: 'admins' } };
    for (const variant of VARIANTS) {
      connection[variant] = (await admin.post(`/environments/${ENV}/connections`, { ...mailchimpConnection(`Mailchimp (${variant})`), sharing: sharing[variant] })).body.id;
    }
    segmentId = (await admin.get(`/environments/${ENV}/segments?limit=100`)).body.items.find((s: { name: string }) => s.name === 'French newsletter subscribers').id;
    const key = async (role: string) => (await admin.post(`/environments/${ENV}/api-keys`, { name: `Matrix ${role}`, role })).body.key as string;
    Object.assign(callers, {
      anonymous: new Session(api.url),
      admin,
      contributor,
      viewer: await loginAs(api.url, 'viewer'),
      adminKey: new Session(api.url, await key('admin')),
      contributorKey: new Session(api.url, await key('contributor')),
      viewerKey: new Session(api.url, await key('viewer')),
    });
  });
  afterAll(async () => {
    await mailchimp?.close();
    await api?.close();
  });

  it('has a row and a fixture for every operation of the OpenAPI document', () => {
    const ids = operations.map((o) => o.operationId).sort();
    expect(Object.keys(TABLE).sort()).toEqual(ids);
    expect(Object.keys(FIXTURES).sort()).toEqual(ids);
  });

  it('gives every caller exactly the outcome in the table, on shared and unshared connections: 0 violations', async () => {
    let calls = 0;
    for (const op of operations) {
      const row = TABLE[op.operationId]!;
      const variantMatters = row.some((cell) => typeof cell === 'object');
      for (const variant of variantMatters ? VARIANTS : (['shared'] as Variant[])) {
        for (const [i, caller] of CALLERS.entries()) {
          const cell = row[i]!;
          const expected = typeof cell === 'object' ? cell[variant] : cell;
          // Logging out ends the caller's session, so it gets a fresh one; logging in replaces the cookie, so it gets a copy.
          const session =
            op.operationId === 'logout' && !caller.endsWith('Key') && caller !== 'anonymous'
              ? await loginAs(api.url, caller as 'admin')
              : op.operationId === 'login'
                ? callers[caller].from(api.url)
                : callers[caller];
          const call = await FIXTURES[op.operationId]!(variant, caller);
          const res = await session.request(op.method, call.path, call.body, call.contentType, op.operationId === 'streamRunEvents' ? { accept: 'text/event-stream' } : {});
          calls++;
          const got: 'ok' | 'refused' | number = res.status >= 200 && res.status < 300 ? (call.refusedInside?.(res.body) ? 'refused' : 'ok') : res.status;
          if (got !== expected) violations.push(`${op.operationId} as ${caller} (${variant}): expected ${expected}, got ${got} ${res.status >= 400 ? JSON.stringify(res.body?.detail ?? res.body) : ''}`);
          if (res.status >= 400 && !String(res.type).includes('application/problem+json')) violations.push(`${op.operationId} as ${caller}: ${res.status} is not problem+json`);
        }
      }
    }
    expect(calls).toBeGreaterThan(400);
    expect(violations).toEqual([]);
  }, 600_000);
});
