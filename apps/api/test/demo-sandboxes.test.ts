import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionsService } from '../src/connections/connections.service.js';
import { ConnectorRegistry } from '../src/connectors/connector-registry.js';
import { DemoExports } from '../src/demo/demo-exports.js';
import { DemoSandboxes } from '../src/demo/demo-sandboxes.js';
import { ExportsService } from '../src/exports/exports.service.js';
import { RunsService } from '../src/runs/runs.service.js';
import { databaseTargets, loginAs, startApi, type Session, type TestApi } from './harness.js';

const B2C = '/environments/consumer-brand';

/**
 * The embedded demo with OUTPORT_DEMO_SANDBOXES=true: the connectors' sandboxes start in-process,
 * exactly their addresses are reachable (private targets in general stay refused), the demo
 * connects both environments to them with working exports, and ports and credentials survive a
 * restart (or follow the sandbox to a new port when the old one is taken).
 */
describe('demo sandboxes', () => {
  let api: TestApi;
  let admin: Session;
  let sandboxes: DemoSandboxes;

  beforeAll(async () => {
    api = await startApi(databaseTargets()[0]!, { OUTPORT_DEMO_SANDBOXES: 'true', OUTPORT_ALLOW_PRIVATE_TARGETS: 'false' });
    await api.loadDemo(0.02);
    sandboxes = api.app.get(DemoSandboxes);
    await sandboxes.start();
    await api.db.run(() => new DemoExports(api.db, sandboxes, api.app.get(ConnectionsService), api.app.get(ExportsService), api.app.get(RunsService)).load());
    admin = await loginAs(api.url, 'admin');
  }, 120_000);
  afterAll(async () => api?.close());

  const connections = async () => (await admin.get(`${B2C}/connections`)).body.items as { id: string; name: string; connectorId: string; settings: Record<string, unknown>; sharing: { mode: string } }[];

  it('connects the demo to every connector’s sandbox, labelled as such, shared so a contributor sees Edit and View', async () => {
    const list = await connections();
    expect(list.map((c) => [c.name, c.sharing.mode]).sort()).toEqual([
      ['Data lake (sandbox folder)', 'contributors'],
      ['Klaviyo (sandbox)', 'contributors'],
      ['LinkedIn Ads (sandbox)', 'admins'],
      ['Mailchimp (sandbox)', 'contributors'],
      ['SFTP (sandbox)', 'users'],
    ]);
    for (const c of list) expect((await admin.post(`${B2C}/connections/${c.id}/test`)).body, c.name).toMatchObject({ ok: true });
    const contributor = await loginAs(api.url, 'contributor');
    const exports = (await contributor.get(`${B2C}/exports`)).body.items as { name: string; permission: string; status: string }[];
    expect(new Set(exports.map((e) => e.permission))).toEqual(new Set(['edit', 'view']));
    expect(exports.find((e) => e.name === 'Newsletter: French subscribers')?.status).toBe('succeeded');
    expect(exports.find((e) => e.name === 'Customers to the data lake')?.status).toBe('succeeded');
    // The consumer demo's system refresh is on, so its exports run by themselves; the business one is off.
    expect((await admin.get(`${B2C}/system/refresh-schedule`)).body).toMatchObject({ enabled: true, nextRunAt: expect.any(String) });
    expect((await admin.get('/environments/industrial-supplier/system/refresh-schedule')).body).toMatchObject({ enabled: false, nextRunAt: null });
  });

  it('reaches exactly the sandboxes: another loopback address is still refused', async () => {
    const mailchimp = sandboxes.get('mailchimp')!;
    const elsewhere = await admin.post(`${B2C}/connections`, {
      name: 'Not a sandbox',
      connectorId: 'mailchimp',
      settings: { apiBaseUrl: `http://127.0.0.1:${mailchimp.address!.port + 1}/3.0` },
      secrets: { apiKey: mailchimp.connection.secrets.apiKey },
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.detail).toMatch(/does not connect to private, loopback or link-local addresses/);
  });

  it('keeps ports and credentials across a restart, and follows a sandbox whose port was taken', async () => {
    const state = JSON.parse(readFileSync(join(api.config.dataDir, 'demo-sandboxes', 'sandboxes.json'), 'utf8')) as Record<string, { port: number }>;
    const before = sandboxes.get('mailchimp')!;
    expect(state.mailchimp?.port).toBe(before.address!.port);

    await sandboxes.onApplicationShutdown();
    await sandboxes.start();
    expect(sandboxes.get('mailchimp')!.address!.port).toBe(before.address!.port);
    expect(sandboxes.get('mailchimp')!.connection.secrets).toEqual(before.connection.secrets);

    // Something else took the port while Outport was down: the sandbox moves, and so do its connections.
    await sandboxes.onApplicationShutdown();
    const squatter: Server = await new Promise((resolve) => {
      const server = createServer().listen(before.address!.port, '127.0.0.1', () => resolve(server));
    });
    try {
      await sandboxes.start();
      const moved = sandboxes.get('mailchimp')!;
      expect(moved.address!.port).not.toBe(before.address!.port);
      const connection = (await connections()).find((c) => c.name === 'Mailchimp (sandbox)')!;
      expect(connection.settings.apiBaseUrl).toBe(`http://127.0.0.1:${moved.address!.port}/3.0`);
      expect((await admin.post(`${B2C}/connections/${connection.id}/test`)).body).toMatchObject({ ok: true });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('starts nothing unless the setting is on', async () => {
    const off = new DemoSandboxes({ ...api.config, demoSandboxes: false }, api.app.get(ConnectorRegistry), api.db);
    expect(await off.start()).toEqual([]);
  });
});
