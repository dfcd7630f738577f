import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { startSftpServer } from '@outport/connector-sftp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../src/connectors/connector-registry.js';
import { Connection, Export } from '../src/database/entities/index.js';
import { newId } from '../src/common/ids.js';
import { databaseTargets, loginAs, type Session, startApi, type TestApi, waitForRun } from './harness.js';

const ENV = '/environments/consumer-brand';

/** A connector package built for a future SDK: the registry must refuse it, by name and versions. */
function futureConnector(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outport-future-connector-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@acme/connector-future', version: '3.0.0', outport: { connector: true } }));
  const manifest = {
    id: 'future', name: 'Future', category: 'other', description: 'Needs a newer SDK.', version: '3.0.0', sdk: '^9.0.0',
    exportTypes: ['data-out'],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  mkdirSync(join(dir, 'dist'));
  return dir;
}

describe.each(databaseTargets())('connectors and connections on $name', (target) => {
  let api: TestApi;
  let sandbox: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  let admin: Session;
  let contributor: Session;
  let viewer: Session;
  let future: string;

  beforeAll(async () => {
    future = futureConnector();
    api = await startApi(target, { OUTPORT_CONNECTOR_PATHS: future });
    await api.loadDemo(0.01);
    sandbox = await startMailchimpSandbox();
    [admin, contributor, viewer] = await Promise.all([loginAs(api.url, 'admin'), loginAs(api.url, 'contributor'), loginAs(api.url, 'viewer')]);
  });
  afterAll(async () => {
    await sandbox?.close();
    await api?.close();
    rmSync(future, { recursive: true, force: true });
  });

  const mailchimp = () => ({ name: 'Mailchimp (newsletters)', connectorId: 'mailchimp', settings: { apiBaseUrl: sandbox.url }, secrets: { apiKey: sandbox.apiKey } });

  it('discovers the installed connectors and serves their manifests', async () => {
    const res = await viewer.get('/connectors');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['data-lake', 'linkedin-ads', 'mailchimp', 'sftp']));
    const linkedin = res.body.items.find((c: { id: string }) => c.id === 'linkedin-ads');
    expect(linkedin.audienceKinds.map((k: { id: string }) => k.id).sort()).toEqual(['company', 'contact']);
    expect(linkedin.limits.membersPerSegment).toMatchObject({ min: 300, max: 100_000 });
  });

  it('refuses a connector built for an incompatible SDK, naming the package and the versions', () => {
    expect(ids(api)).not.toContain('future');
    const refusal = api.app.get(ConnectorRegistry).refused.find((r) => r.packageName === '@acme/connector-future');
    expect(refusal?.reason).toMatch(/3\.0\.0 needs connector SDK \^9\.0\.0, but this Outport has SDK 0\.\d+\.\d+/);
  });

  it('creates a connection only after the target accepts it, and never returns the secret', async () => {
    const bad = await admin.post(`${ENV}/connections`, { ...mailchimp(), secrets: { apiKey: 'wrongkey000-us21' } });
    expect(bad.status).toBe(422);
    // The target is named once, in the connector's words.
    expect(bad.body.detail).toMatch(/^Mailchimp refused the API key \(HTTP 401\)/);
    expect(bad.body.detail.match(/Mailchimp/g)).toHaveLength(1);
    expect(bad.body.detail).not.toContain('wrongkey000');
    expect((await admin.get(`${ENV}/connections`)).body.total).toBe(0);

    const created = await admin.post(`${ENV}/connections`, mailchimp());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ connectorId: 'mailchimp', connectorName: 'Mailchimp', available: true, canUse: true, secretsSet: ['apiKey'], sharing: { mode: 'admins' } });
    expect(JSON.stringify(created.body)).not.toContain(sandbox.apiKey);
    // Encrypted at rest: the stored row does not contain the key either.
    const row = await api.db.run(() => api.db.em.findOneOrFail(Connection, { id: created.body.id }));
    expect(row.secretsCiphertext).toBeTruthy();
    expect(row.secretsCiphertext).not.toContain(sandbox.apiKey);

    const test = await admin.post(`${ENV}/connections/${created.body.id}/test`);
    expect(test.body).toMatchObject({ ok: true });
  });

  it('validates settings against the connector schema', async () => {
    const res = await admin.post(`${ENV}/connections`, { name: 'Broken', connectorId: 'mailchimp', settings: { apiBaseUrl: 'not a url', color: 'blue' }, secrets: {} });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['apiBaseUrl', 'apiKey', 'color']);
    expect((await admin.post(`${ENV}/connections`, { ...mailchimp(), connectorId: 'nope' })).status).toBe(400);
  });

  it('neither requires nor keeps settings and secrets that do not apply (the data lake’s Azure fields for a local folder)', async () => {
    mkdirSync(join(api.config.localExportRoot, 'visible-when'), { recursive: true });
    const lake = await admin.post(`${ENV}/connections`, {
      name: 'Local lake',
      connectorId: 'data-lake',
      settings: { destination: 'local', rootPath: 'visible-when', accountName: 'staleaccount' },
      secrets: { accountKey: 'stale-azure-key' },
    });
    expect(lake.status).toBe(201);
    expect(lake.body.settings).toEqual({ destination: 'local', rootPath: 'visible-when' });
    expect(lake.body.secretsSet).toEqual([]);
    // Switching to Azure makes them apply again.
    const azure = await admin.patch(`${ENV}/connections/${lake.body.id}`, { settings: { destination: 'azure-blob' } });
    expect(azure.status).toBe(422);
    await admin.delete(`${ENV}/connections/${lake.body.id}`);
  });

  it('shows contributors and viewers the name and type only, and lets admins share', async () => {
    const list = await admin.get(`${ENV}/connections`);
    const id = list.body.items[0].id;
    const seen = await contributor.get(`${ENV}/connections/${id}`);
    expect(seen.body).toEqual({ id, name: 'Mailchimp (newsletters)', connectorId: 'mailchimp', connectorName: 'Mailchimp', available: true, canUse: false });
    expect((await contributor.post(`${ENV}/connections`, mailchimp())).status).toBe(403);
    expect((await contributor.patch(`${ENV}/connections/${id}`, { sharing: { mode: 'contributors' } })).status).toBe(403);

    expect((await admin.patch(`${ENV}/connections/${id}`, { sharing: { mode: 'contributors' } })).status).toBe(200);
    expect((await contributor.get(`${ENV}/connections/${id}`)).body.canUse).toBe(true);
    expect((await viewer.get(`${ENV}/connections/${id}`)).body).toMatchObject({ canUse: false });
    expect((await viewer.get(`${ENV}/connections/${id}`)).body).not.toHaveProperty('settings');

    const me = await contributor.get('/auth/me');
    await admin.patch(`${ENV}/connections/${id}`, { sharing: { mode: 'users', userIds: [me.body.id] } });
    expect((await contributor.get(`${ENV}/connections/${id}`)).body.canUse).toBe(true);
    const stranger = await admin.patch(`${ENV}/connections/${id}`, { sharing: { mode: 'users', userIds: ['no-such-user'] } });
    expect(stranger.status).toBe(400);
  });

  it('refuses to remove a connection that exports use, listing them', async () => {
    const id = (await admin.get(`${ENV}/connections`)).body.items[0].id;
    const env = (await admin.get('/environments')).body.items.find((e: { slug: string }) => e.slug === 'consumer-brand');
    await api.db.run(async () => {
      api.db.em.create(Export, { id: newId(), environment: env.id, name: 'Weekly newsletter', type: 'segment', connection: id, items: [], mapping: {}, options: {}, schedule: { kind: 'system-refresh' } });
      await api.db.em.flush();
    });
    const refused = await admin.delete(`${ENV}/connections/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.exports).toEqual([expect.objectContaining({ name: 'Weekly newsletter' })]);
    await api.db.run(() => api.db.em.nativeDelete(Export, { connection: id }));
    expect((await admin.delete(`${ENV}/connections/${id}`)).status).toBe(204);
  });

  it('keeps working when a connector package is removed: its connections show as unavailable', async () => {
    const env = (await admin.get('/environments')).body.items.find((e: { slug: string }) => e.slug === 'consumer-brand');
    const id = newId();
    await api.db.run(async () => {
      api.db.em.create(Connection, { id, environment: env.id, connectorId: 'uninstalled-crm', name: 'Old CRM', settings: {}, secretKeys: [], sharing: { mode: 'contributors' } });
      await api.db.em.flush();
    });
    const res = await contributor.get(`${ENV}/connections/${id}`);
    expect(res.body).toMatchObject({ name: 'Old CRM', connectorName: null, available: false, canUse: false });
  });

  it("records an SFTP server's host key on first use; a changed key stops tests and runs, naming both, until an admin accepts it", async () => {
    const root = mkdtempSync(join(tmpdir(), 'outport-api-sftp-'));
    const users = [{ username: 'outport', password: 'sandbox-password' }];
    let sftp = await startSftpServer({ users, root });
    try {
      const original = sftp.hostKeyFingerprint;
      const created = await admin.post(`${ENV}/connections`, { name: 'SFTP drop', connectorId: 'sftp', settings: { host: '127.0.0.1', port: sftp.port, username: 'outport' }, secrets: { password: 'sandbox-password' } });
      expect(created.status).toBe(201);
      expect(created.body.settings.hostKeyFingerprint).toBe(original);
      const id = created.body.id as string;
      const exp = await admin.post(`${ENV}/exports`, { name: 'Stores to SFTP', type: 'data-out', connectionId: id, tableIds: ['Store'] });
      expect(exp.status).toBe(201);
      const run = async () => waitForRun(admin, ENV, (await admin.post(`${ENV}/exports/${exp.body.id}/run`, {})).body.id);

      // The server comes back with another key (the sandbox makes a new one per start).
      await sftp.close();
      sftp = await startSftpServer({ users, root, port: sftp.port });
      const changed = { setting: 'hostKeyFingerprint', label: 'Host key fingerprint', trusted: original, offered: sftp.hostKeyFingerprint };
      const test = await admin.post(`${ENV}/connections/${id}/test`);
      expect(test.body).toMatchObject({ ok: false, identityChange: changed });
      expect(test.body.message).toContain(`SFTP cannot be used until an admin accepts its new identity: The SFTP server at 127.0.0.1:${sftp.port} presented host key ${changed.offered}, but this connection trusts ${original}`);
      const stopped = await run();
      expect(stopped).toMatchObject({ status: 'failed' });
      expect(stopped.error).toContain(`presented host key ${changed.offered}, but this connection trusts ${original}`);
      expect(readdirSync(root)).toEqual([]);

      // Saving other settings keeps the trusted key (and so fails); only an admin may accept the new one.
      const moved = await admin.patch(`${ENV}/connections/${id}`, { settings: { username: 'outport' } });
      expect(moved).toMatchObject({ status: 422, body: { identityChange: { setting: 'hostKeyFingerprint', trusted: original, offered: changed.offered } } });
      expect((await contributor.patch(`${ENV}/connections/${id}`, { settings: { hostKeyFingerprint: changed.offered } })).status).toBe(403);
      const accepted = await admin.patch(`${ENV}/connections/${id}`, { settings: { hostKeyFingerprint: changed.offered } });
      expect(accepted.status).toBe(200);
      expect(accepted.body.settings.hostKeyFingerprint).toBe(changed.offered);
      expect((await admin.post(`${ENV}/connections/${id}/test`)).body).toEqual({ ok: true, message: 'SFTP accepted the connection.', durationMs: expect.any(Number) });
      expect(await run()).toMatchObject({ status: 'succeeded' });
      expect(readdirSync(root)).toEqual([expect.stringMatching(/^Store_\d{12}\.csv$/)]);

      // A connection saved before keys were recorded gets its key at the next test.
      await api.db.run(async () => {
        const row = await api.db.em.findOneOrFail(Connection, { id });
        row.settings = { host: '127.0.0.1', port: sftp.port, username: 'outport' };
        await api.db.em.flush();
      });
      const recorded = await admin.post(`${ENV}/connections/${id}/test`);
      expect(recorded.body).toMatchObject({ ok: true, recorded: { hostKeyFingerprint: sftp.hostKeyFingerprint } });
      expect((await admin.get(`${ENV}/connections/${id}`)).body.settings.hostKeyFingerprint).toBe(sftp.hostKeyFingerprint);

      await admin.delete(`${ENV}/exports/${exp.body.id}`);
      expect((await admin.delete(`${ENV}/connections/${id}`)).status).toBe(204);
    } finally {
      await sftp.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

function ids(api: TestApi): string[] {
  return api.app.get(ConnectorRegistry).list().map((c) => c.manifest.id);
}
