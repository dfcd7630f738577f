import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectorError } from '@outport/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('testing a local folder connection', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'outport-lake-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

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
    const error = await test({ destination: 'local', rootPath: folder });
    expect(error!.kind).toBe('permanent');
    expect(error!.message).toBe(`Could not write to the folder ${folder}: permission denied. Give the Outport worker write access to the folder.`);
  });
});
