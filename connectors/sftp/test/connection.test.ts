import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorError } from '@outport/connector-sdk';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import connector from '../src/index.js';
import { ed25519KeyPair } from '../src/sandbox/index.js';
import { failureOf, startTestServer, USER, type TestServer } from './helpers.js';

const silent = { info: () => undefined, warn: () => undefined };
const test = (server: TestServer, settings: Record<string, unknown>, secrets: Record<string, string>) =>
  connector.testConnection({ settings: { ...server.settings, ...settings } as never, secrets, signal: new AbortController().signal, logger: silent });

const ed25519 = ed25519KeyPair();
const encrypted = ed25519KeyPair({ passphrase: 'open sesame', cipher: 'aes256-ctr', rounds: 4 });
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

  // Without a fingerprint, a successful test reports the server's key for the host to record.
  const learned = () => ({ learned: { hostKeyFingerprint: server.hostKeyFingerprint } });

  it('signs in with a password, proves the folder is writable leaving nothing behind, and reports the host key it trusted', async () => {
    await expect(test(server, {}, server.secrets)).resolves.toEqual(learned());
    expect(server.files()).toEqual([]);
  });

  it('signs in with an OpenSSH private key', async () => {
    await expect(test(server, { username: 'keyed' }, { privateKey: ed25519.private })).resolves.toEqual(learned());
  });

  it('signs in with an RSA key in PEM format', async () => {
    await expect(test(server, { username: 'pem' }, { privateKey: rsaPem.privateKey })).resolves.toEqual(learned());
  });

  it('signs in with an encrypted key and its passphrase, and calls a wrong passphrase an auth problem', async () => {
    await expect(test(server, { username: 'locked' }, { privateKey: encrypted.private, passphrase: 'open sesame' })).resolves.toEqual(learned());
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

  it('refuses a server whose host key does not match, naming both keys and how to accept the new one', async () => {
    const expected = `SHA256:${'A'.repeat(43)}`;
    const error = await failureOf(test(server, { hostKeyFingerprint: expected }, server.secrets));
    expect(error).toMatchObject({ kind: 'auth', change: { setting: 'hostKeyFingerprint', trusted: expected, offered: server.hostKeyFingerprint } });
    expect(error.message).toBe(
      `The SFTP server at 127.0.0.1:${server.port} presented host key ${server.hostKeyFingerprint}, but this connection trusts ${expected}, so nothing was sent. ` +
        `If the server's key was changed on purpose, an admin accepts the new key by setting the connection's host key fingerprint to ${server.hostKeyFingerprint}; ` +
        'otherwise something may be intercepting the connection.',
    );
  });

  it("proves write access in the connection's default folder, creating it when missing, and leaves it empty", async () => {
    await expect(test(server, { defaultFolder: '/outbox/daily' }, server.secrets)).resolves.toEqual(learned());
    expect(server.files('/outbox/daily')).toEqual([]);
    mkdirSync(join(server.root, 'locked'));
    server.setReadOnlyPaths(['/locked']);
    try {
      const error = await failureOf(test(server, { defaultFolder: '/locked/inbox' }, server.secrets));
      expect(error).toMatchObject({ kind: 'permanent', message: 'The SFTP server denied permission to create the folder /locked/inbox.' });
    } finally {
      server.setReadOnlyPaths([]);
    }
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
      expect(error.message).toMatch(/^The SFTP server denied permission to create \/\.outport-probe-.*\.part\. Set the connection's default folder to one this account may write to/);
    } finally {
      server.setReadOnlyPaths([]);
    }
  });
});
