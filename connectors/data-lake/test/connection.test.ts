import { chmod, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { ConnectorError, configureLocalExportRoot, configureOutboundPolicy, resetLocalExportRoot, resetOutboundPolicy } from '@outport/connector-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDestination } from '../src/destinations/index.js';
import connector from '../src/index.js';
import { startDataLakeSandbox, type DataLakeSandbox } from '../src/sandbox/index.js';
import { silent } from './support.js';

const test = (settings: Record<string, string>, secrets: Record<string, string> = {}) =>
  connector.testConnection({ settings, secrets, signal: new AbortController().signal, logger: silent }).then(
    () => null,
    (error: unknown) => error as ConnectorError,
  );

describe('testing an Azure Blob connection', () => {
  let sandbox: DataLakeSandbox;
  const settings = () => ({ destination: 'azure-blob', accountName: sandbox.accountName, container: 'lake', blobEndpoint: sandbox.blobEndpoint });

  beforeAll(async () => {
    sandbox = await startDataLakeSandbox({ containers: ['lake'] });
  });
  afterAll(() => sandbox?.close());

  it('succeeds with the account key or a connection string, and leaves no probe behind', async () => {
    expect(await test(settings(), { accountKey: sandbox.accountKey })).toBeNull();
    expect(await test({ destination: 'azure-blob', container: 'lake' }, { connectionString: sandbox.connectionString })).toBeNull();
    expect(await sandbox.list('lake')).toEqual([]);
  });

  it('reports a wrong account key as an auth error that does not contain the key', async () => {
    const badKey = Buffer.from('not the right key at all, but long enough').toString('base64');
    const error = await test(settings(), { accountKey: badKey });
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error!.kind).toBe('auth');
    expect(error!.message).toMatch(/^Azure Storage did not accept the credentials for storage account devstoreaccount1 \(403 (AuthenticationFailed|AuthorizationFailure)\)\. Check the account key or connection string\.$/);
    expect(error!.message).not.toContain(badKey);
    const fromString = await test({ destination: 'azure-blob', container: 'lake' }, { connectionString: sandbox.connectionString.replace(sandbox.accountKey, badKey) });
    expect(fromString!.kind).toBe('auth');
    expect(fromString!.message).not.toContain(badKey);
  });

  it('says when the container does not exist', async () => {
    const error = await test({ ...settings(), container: 'missing' }, { accountKey: sandbox.accountKey });
    expect(error!.kind).toBe('permanent');
    expect(error!.message).toBe('The container missing in storage account devstoreaccount1 does not exist. Create it, or correct the container name.');
  });

  it('asks for credentials when none are given', async () => {
    const error = await test(settings());
    expect(error!.kind).toBe('auth');
    expect(error!.message).toMatch(/account key or a connection string/);
  });
});

describe('an Azure blob endpoint under the outbound-address policy', () => {
  // A loopback server that only counts connections: with private targets refused, none may arrive.
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  let port: number;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => resetOutboundPolicy());
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('refuses a loopback endpoint, given as a setting or in a connection string, before connecting', async () => {
    configureOutboundPolicy({ allowPrivateTargets: false });
    const key = Buffer.from('not a real key but long enough to look like one').toString('base64');
    const refused = 'Outport does not connect to private, loopback or link-local addresses (127.0.0.1). An operator can allow them with OUTPORT_ALLOW_PRIVATE_TARGETS=true.';
    const fromSetting = await test({ destination: 'azure-blob', accountName: 'devstoreaccount1', container: 'lake', blobEndpoint: `http://127.0.0.1:${port}/devstoreaccount1` }, { accountKey: key });
    expect(fromSetting!.kind).toBe('permanent');
    expect(fromSetting!.message).toBe(refused);
    const connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://localhost:${port}/devstoreaccount1;`;
    const fromString = await test({ destination: 'azure-blob', container: 'lake' }, { connectionString });
    expect(fromString!.message).toContain('(localhost resolves to 127.0.0.1)');
    expect(fromString!.message).not.toContain(key);
    expect(accepted).toBe(0);
  });
});

describe('testing a local folder connection', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'outport-lake-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  afterEach(() => resetLocalExportRoot());

  it('succeeds for a writable folder', async () => {
    expect(await test({ destination: 'local', rootPath: root })).toBeNull();
  });

  it('says when the folder does not exist', async () => {
    const error = await test({ destination: 'local', rootPath: join(root, 'nope') });
    expect(error!.message).toBe(`Could not open the folder ${join(root, 'nope')}: the folder does not exist.`);
  });

  it('says when the path is a file', async () => {
    await writeFile(join(root, 'file.txt'), 'x');
    const error = await test({ destination: 'local', rootPath: join(root, 'file.txt') });
    expect(error!.message).toBe(`${join(root, 'file.txt')} is not a folder.`);
  });

  it('says clearly when the folder is not writable', async () => {
    const readOnly = join(root, 'read-only');
    await writeFile(join(root, 'marker'), '');
    await rm(join(root, 'marker'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(readOnly);
    await chmod(readOnly, 0o555);
    // root ignores file modes, so a test running as root uses sysfs, which nobody can write to.
    const folder = process.getuid?.() === 0 ? '/sys/kernel' : readOnly;
    if (folder === '/sys/kernel') configureLocalExportRoot('/sys');
    const error = await test({ destination: 'local', rootPath: folder });
    expect(error!.kind).toBe('permanent');
    expect(error!.message).toBe(`Could not write to the folder ${folder}: permission denied. Give the Outport worker write access to the folder.`);
  });
});

describe('a local folder stays under the export root', () => {
  let base: string;
  let root: string;
  let outside: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'outport-lake-root-'));
    root = join(base, 'exports');
    outside = join(base, 'outside');
    await mkdir(join(root, 'lake'), { recursive: true });
    await mkdir(outside);
    await symlink(outside, join(root, 'escape'));
  });
  beforeEach(() => configureLocalExportRoot(root));
  afterEach(() => resetLocalExportRoot());
  afterAll(() => rm(base, { recursive: true, force: true }));

  it('resolves a relative folder against the root and writes there', async () => {
    expect(await test({ destination: 'local', rootPath: 'lake' })).toBeNull();
    expect(await test({ destination: 'local', rootPath: join(root, 'lake') })).toBeNull();
  });

  it('refuses .. and absolute paths elsewhere at connection test', async () => {
    for (const rootPath of ['../outside', outside, 'lake/../../outside']) {
      const error = await test({ destination: 'local', rootPath });
      expect(error!.kind, rootPath).toBe('permanent');
      expect(error!.message, rootPath).toBe(
        `${join(base, 'outside')} is outside the export folder ${root}. Local exports are written only there (OUTPORT_LOCAL_EXPORT_ROOT): give a folder inside it, or a path relative to it.`,
      );
    }
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses a symbolic link out of the root at connection test', async () => {
    const error = await test({ destination: 'local', rootPath: 'escape' });
    expect(error!.message).toBe(`${join(root, 'escape')} goes through a symbolic link that leads outside the export folder ${root}. Local exports are written only inside it.`);
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses at run time a link that appeared after the connection was tested', async () => {
    const ctx = { settings: { destination: 'local', rootPath: 'lake' }, secrets: {}, signal: new AbortController().signal };
    const destination = openDestination(ctx);
    await destination.check();
    await symlink(outside, join(root, 'lake', 'Customer'));
    const error = await destination.write('Customer/model.json', '{}', 'application/json').then(
      () => null,
      (e: unknown) => e as ConnectorError,
    );
    expect(error?.message).toMatch(/goes through a symbolic link that leads outside the export folder/);
    await expect(destination.write('../../outside/x.json', '{}', 'application/json')).rejects.toThrow(/would leave the folder|outside the export folder/);
    expect(await readdir(outside)).toEqual([]);
    expect(relative(root, join(root, 'lake'))).toBe('lake');
  });
});
