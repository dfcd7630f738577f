import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLinkedInSandbox } from '@outport/connector-linkedin-ads/sandbox';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { startSftpServer, type SftpServer } from '@outport/connector-sftp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, loginAs, type Session, startApi, type TestApi } from './harness.js';

// The outbound-address policy seen from the API: with private targets refused (the default),
// creating a connection that points at loopback fails with a clear message, before anything
// connects (the sandboxes count accepted connections), and reads the same whether the port is open.
// Every address used here is on loopback.

const ENV = '/environments/consumer-brand';
const REFUSED = 'Outport does not connect to private, loopback or link-local addresses (127.0.0.1). An operator can allow them with OUTPORT_ALLOW_PRIVATE_TARGETS=true.';
const target = databaseTargets()[0]!;

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('outbound-address policy with private targets refused (the default)', () => {
  let api: TestApi;
  let admin: Session;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  let linkedin: Awaited<ReturnType<typeof startLinkedInSandbox>>;
  let sftp: SftpServer;
  let sftpRoot: string;
  let closed: number;

  beforeAll(async () => {
    api = await startApi(target, { OUTPORT_ALLOW_PRIVATE_TARGETS: 'false' });
    await api.loadDemo(0.01);
    admin = await loginAs(api.url, 'admin');
    mailchimp = await startMailchimpSandbox();
    linkedin = await startLinkedInSandbox();
    sftpRoot = mkdtempSync(join(tmpdir(), 'outport-policy-sftp-'));
    sftp = await startSftpServer({ users: [{ username: 'outport', password: 'sandbox-password' }], root: sftpRoot });
    closed = await closedPort();
  });
  afterAll(async () => {
    await mailchimp?.close();
    await linkedin?.close();
    await sftp?.close();
    await api?.close();
    rmSync(sftpRoot, { recursive: true, force: true });
  });

  const create = (body: object) => admin.post(`${ENV}/connections`, body);
  const mailchimpAt = (apiBaseUrl: string) => ({ name: 'Mailchimp', connectorId: 'mailchimp', settings: { apiBaseUrl }, secrets: { apiKey: mailchimp.apiKey } });
  const linkedinAt = (apiBaseUrl: string) => ({
    name: 'LinkedIn',
    connectorId: 'linkedin-ads',
    settings: { apiBaseUrl, adAccountId: linkedin.adAccountId },
    secrets: { accessToken: linkedin.accessToken },
  });
  const sftpAt = (host: string, port: number) => ({ name: 'SFTP', connectorId: 'sftp', settings: { host, port, username: 'outport' }, secrets: { password: 'sandbox-password' } });

  it('refuses a Mailchimp connection to a sandbox on 127.0.0.1 before connecting, the same for a closed port', async () => {
    const open = await create(mailchimpAt(mailchimp.url));
    expect(open.status).toBe(422);
    expect(open.body.detail).toBe(`Mailchimp was not contacted: ${REFUSED} Nothing was saved.`);
    expect(mailchimp.server.stats().connections).toBe(0);

    const shut = await create(mailchimpAt(`http://127.0.0.1:${closed}/3.0`));
    expect(shut.status).toBe(422);
    expect(shut.body.detail).toBe(open.body.detail);
  });

  it('refuses a LinkedIn connection to a sandbox on 127.0.0.1 before connecting, the same for a closed port', async () => {
    const open = await create(linkedinAt(linkedin.apiBaseUrl));
    expect(open.status).toBe(422);
    expect(open.body.detail).toBe(`LinkedIn Ads was not contacted: ${REFUSED} Nothing was saved.`);
    expect(linkedin.stats().connections).toBe(0);

    const shut = await create(linkedinAt(`http://127.0.0.1:${closed}/rest`));
    expect(shut.body.detail).toBe(open.body.detail);
  });

  it('refuses an SFTP host on 127.0.0.1 or localhost before connecting', async () => {
    const open = await create(sftpAt('127.0.0.1', sftp.port));
    expect(open.status).toBe(422);
    expect(open.body.detail).toBe(`SFTP was not contacted: ${REFUSED} Nothing was saved.`);
    const shut = await create(sftpAt('127.0.0.1', closed));
    expect(shut.body.detail).toBe(open.body.detail);
    const named = await create(sftpAt('localhost', sftp.port));
    expect(named.status).toBe(422);
    expect(named.body.detail).toContain('(localhost resolves to 127.0.0.1)');
    expect(sftp.acceptedConnections()).toBe(0);
  });

  it('refuses an Azure blob endpoint on 127.0.0.1', async () => {
    const res = await create({
      name: 'Lake',
      connectorId: 'data-lake',
      settings: { destination: 'azure-blob', accountName: 'devstoreaccount1', container: 'lake', blobEndpoint: `http://127.0.0.1:${closed}/devstoreaccount1` },
      secrets: { accountKey: Buffer.from('not-a-real-key').toString('base64') },
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain(REFUSED);
    expect((await admin.get(`${ENV}/connections`)).body.total).toBe(0);
  });

  it('writes local folders only under the export root: a subfolder works, .. and symlinks out are refused', async () => {
    const root = api.config.localExportRoot;
    mkdirSync(join(root, 'lake'), { recursive: true });
    const lake = (rootPath: string) => ({ name: `Lake ${rootPath}`, connectorId: 'data-lake', settings: { destination: 'local', rootPath }, secrets: {} });

    expect((await create(lake('lake'))).status).toBe(201);
    expect((await create(lake(join(root, 'lake')))).status).toBe(201);

    const up = await create(lake('../escape'));
    expect(up.status).toBe(422);
    expect(up.body.detail).toMatch(/is outside the export folder .*OUTPORT_LOCAL_EXPORT_ROOT/);

    const outside = mkdtempSync(join(tmpdir(), 'outport-outside-'));
    symlinkSync(outside, join(root, 'sneaky'));
    const linked = await create(lake('sneaky'));
    expect(linked.status).toBe(422);
    expect(linked.body.detail).toMatch(/symbolic link/);
    rmSync(outside, { recursive: true, force: true });
  });
});

describe('outbound-address policy with an allow-listed sandbox', () => {
  let api: TestApi;
  let admin: Session;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  let linkedin: Awaited<ReturnType<typeof startLinkedInSandbox>>;

  beforeAll(async () => {
    mailchimp = await startMailchimpSandbox();
    linkedin = await startLinkedInSandbox();
    api = await startApi(target, { OUTPORT_ALLOW_PRIVATE_TARGETS: 'false', OUTPORT_ALLOWED_TARGETS: `127.0.0.1:${mailchimp.server.port}` });
    await api.loadDemo(0.01);
    admin = await loginAs(api.url, 'admin');
  });
  afterAll(async () => {
    await mailchimp?.close();
    await linkedin?.close();
    await api?.close();
  });

  it('connects to the allow-listed host:port only', async () => {
    const allowed = await admin.post(`${ENV}/connections`, { name: 'Mailchimp', connectorId: 'mailchimp', settings: { apiBaseUrl: mailchimp.url }, secrets: { apiKey: mailchimp.apiKey } });
    expect(allowed.status).toBe(201);
    expect(mailchimp.server.stats().connections).toBeGreaterThan(0);

    const other = await admin.post(`${ENV}/connections`, {
      name: 'LinkedIn',
      connectorId: 'linkedin-ads',
      settings: { apiBaseUrl: linkedin.apiBaseUrl, adAccountId: linkedin.adAccountId },
      secrets: { accessToken: linkedin.accessToken },
    });
    expect(other.status).toBe(422);
    expect(linkedin.stats().connections).toBe(0);
  });
});
