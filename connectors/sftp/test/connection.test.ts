import { generateKeyPairSync } from 'node:crypto';
import { ConnectorError } from '@outport/connector-sdk';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import connector from '../src/index.js';
import { failureOf, startTestServer, USER, type TestServer } from './helpers.js';

const silent = { info: () => undefined, warn: () => undefined };
const test = (server: TestServer, settings: Record<string, unknown>, secrets: Record<string, string>) =>
  connector.testConnection({ settings: { ...server.settings, ...settings } as never, secrets, signal: new AbortController().signal, logger: silent });

const ed25519 = ssh2.utils.generateKeyPairSync('ed25519');
const encrypted = ssh2.utils.generateKeyPairSync('ed25519', { passphrase: 'open sesame', cipher: 'aes256-ctr', rounds: 4 });
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });
// The server side wants the OpenSSH form of the public key (what authorized_keys holds).
const rsaAuthorizedKey = `ssh-rsa ${(ssh2.utils.parseKey(rsaPem.privateKey) as ssh2.ParsedKey).getPublicSSH().toString('base64')}`;

describe('connecting', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      users: [
        USER,
        { username: 'keyed', publicKey: ed25519.public },
        { username: 'locked', publicKey: encrypted.public },
        { username: 'pem', publicKey: rsaAuthorizedKey },
      ],
    });
  });
  afterAll(() => server.stop());

  it('signs in with a password and proves the folder is writable, leaving nothing behind', async () => {
    await expect(test(server, {}, server.secrets)).resolves.toBeUndefined();
    expect(server.files()).toEqual([]);
  });

  it('signs in with an OpenSSH private key', async () => {
    await expect(test(server, { username: 'keyed' }, { privateKey: ed25519.private })).resolves.toBeUndefined();
  });

  it('signs in with an RSA key in PEM format', async () => {
    await expect(test(server, { username: 'pem' }, { privateKey: rsaPem.privateKey })).resolves.toBeUndefined();
  });

  it('signs in with an encrypted key and its passphrase, and calls a wrong passphrase an auth problem', async () => {
    await expect(test(server, { username: 'locked' }, { privateKey: encrypted.private, passphrase: 'open sesame' })).resolves.toBeUndefined();
    const error = await failureOf(test(server, { username: 'locked' }, { privateKey: encrypted.private, passphrase: 'wrong guess' }));
    expect(error).toMatchObject({ kind: 'auth' });
    expect(error.message).toMatch(/passphrase/);
    expect(error.message).not.toContain('wrong guess');
  });

  it('refuses a wrong password with an auth error naming the user but not the password', async () => {
    const error = await failureOf(test(server, {}, { password: 'hunter2-not-it' }));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'auth' });
    expect(error.message).toContain(`The SFTP server refused the credentials for user "${USER.username}"`);
    expect(error.message).not.toContain('hunter2-not-it');
  });

  it('refuses a key the server does not know as an auth error', async () => {
    const error = await failureOf(test(server, {}, { privateKey: ed25519.private }));
    expect(error).toMatchObject({ kind: 'auth' });
  });

  it('accepts the server when its host key matches the configured fingerprint, in either spelling', async () => {
    await expect(test(server, { hostKeyFingerprint: server.hostKeyFingerprint }, server.secrets)).resolves.toBeUndefined();
    await expect(test(server, { hostKeyFingerprint: `${server.hostKeyFingerprint.slice('SHA256:'.length)}=` }, server.secrets)).resolves.toBeUndefined();
  });

  it('refuses a server whose host key does not match, saying which key it saw', async () => {
    const expected = `SHA256:${'A'.repeat(43)}`;
    const error = await failureOf(test(server, { hostKeyFingerprint: expected }, server.secrets));
    expect(error).toMatchObject({ kind: 'permanent' });
    expect(error.message).toContain(server.hostKeyFingerprint);
    expect(error.message).toContain(expected);
  });

  it('treats a refused connection as worth retrying', async () => {
    const closed = await startTestServer();
    const settings = closed.settings;
    await closed.stop();
    const error = await failureOf(test(server, settings, server.secrets));
    expect(error).toMatchObject({ kind: 'retryable' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('reports a read-only login folder as a permission problem', async () => {
    server.setReadOnlyPaths(['/']);
    try {
      const error = await failureOf(test(server, {}, server.secrets));
      expect(error).toMatchObject({ kind: 'permanent' });
      expect(error.message).toMatch(/denied permission to create \/\.outport-probe-.*\.part/);
    } finally {
      server.setReadOnlyPaths([]);
    }
  });
});
