import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import type { SourceRecord, Values } from '@outport/connector-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import connector from '../src/index.js';
import { exportContext, exportItem, failureOf, parseCsv, tableItem } from './helpers.js';
import { KEY_USER, openSshAvailable, PASSWORD_USER, startOpenSsh, WRITABLE, type OpenSsh } from './openssh.js';

// The connector against Debian's OpenSSH server, as customers run it: a chrooted account
// (ChrootDirectory owned by root with a writable folder, ForceCommand internal-sftp), an Ed25519 and
// an RSA host key, password and key users. CI installs openssh-server and runs as root; locally the
// suite is skipped when sshd is missing.
if (!openSshAvailable && process.env.CI === 'true') {
  throw new Error('CI=true but /usr/sbin/sshd is missing or the tests do not run as root: the OpenSSH suite must run in CI (apt-get install openssh-server).');
}

const silent = { info: () => undefined, warn: () => undefined };
const TRICKY = ['plain', 'semi;colon', 'comma, here', 'say "hi"', 'two\nlines', 'ünïcödé 日本語 🎉', ''];
const row = (i: number): SourceRecord => ({ key: `row-${i}`, values: { id: `row-${i}`, note: `${TRICKY[i % TRICKY.length]!} #${i}`, score: i / 4, active: i % 2 === 0 } });
const rows = (count: number) => Array.from({ length: count }, (_, i) => row(i));

describe.skipIf(!openSshAvailable)('SFTP against OpenSSH', () => {
  let sshd: OpenSsh;
  beforeAll(async () => {
    sshd = await startOpenSsh();
  });
  afterAll(async () => {
    await sshd?.close();
  });
  afterEach(async () => {
    if (!sshd.running()) await sshd.start();
    for (const name of readdirSync(sshd.uploadDir)) rmSync(join(sshd.uploadDir, name), { recursive: true, force: true });
  });

  const keyUser = (settings: Values = {}) => ({
    settings: { host: sshd.host, port: sshd.port, username: KEY_USER, defaultFolder: WRITABLE, ...settings },
    secrets: { privateKey: sshd.privateKey },
  });
  const testConnection = (target: { settings: Values; secrets: Record<string, string> }) =>
    connector.testConnection({ ...target, signal: new AbortController().signal, logger: silent });
  const uploaded = () => readdirSync(sshd.uploadDir).sort();

  it("saves a chrooted account: the test writes in the account's writable folder (creating it), not in the root-owned top", async () => {
    const account = { host: sshd.host, port: sshd.port, username: PASSWORD_USER };
    const top = await failureOf(testConnection({ settings: account, secrets: { password: sshd.password } }));
    expect(top).toMatchObject({ kind: 'permanent' });
    expect(top.message).toMatch(/^The SFTP server denied permission to create \/\.outport-probe-.*\.part\. Set the connection's default folder/);

    const saved = await testConnection({ settings: { ...account, defaultFolder: `${WRITABLE}/daily` }, secrets: { password: sshd.password } });
    expect(saved).toEqual({ learned: { hostKeyFingerprint: sshd.fingerprints().ed25519 } });
    expect(uploaded()).toEqual(['daily']);
    expect(readdirSync(join(sshd.uploadDir, 'daily'))).toEqual([]);
  });

  it("exports rows into the chroot's writable folder, and they read back row for row", async () => {
    const context = exportContext({ settings: { host: sshd.host, port: sshd.port, username: PASSWORD_USER, hostKeyFingerprint: sshd.fingerprints().ed25519 }, secrets: { password: sshd.password } }, { folder: WRITABLE, delimiter: ';', gzip: true });
    const result = await exportItem(context, tableItem('Orders', 20_000), rows(20_000));
    expect(result.items[0]).toMatchObject({ accepted: 20_000, rejected: [] });
    expect(uploaded()).toEqual(['Orders_202503140926.csv.gz']);
    const parsed = parseCsv(readGzip(join(sshd.uploadDir, 'Orders_202503140926.csv.gz')), ';');
    expect(parsed[0]).toEqual(['id', 'note', 'score', 'active']);
    expect(parsed.slice(1)).toEqual(rows(20_000).map(({ values: v }) => [v.id, v.note, String(v.score), String(v.active)]));
  });

  it('records the host key on first use; after a key change runs stop, sending nothing, until the new key is accepted', async () => {
    const first = await testConnection(keyUser());
    const trusted = sshd.fingerprints().ed25519;
    expect(first).toEqual({ learned: { hostKeyFingerprint: trusted } });

    await sshd.stop();
    sshd.newHostKeys();
    await sshd.start();
    const logFrom = sshd.log().length;
    const offered = sshd.fingerprints().ed25519;
    const change = { setting: 'hostKeyFingerprint', trusted, offered };
    const recorded = keyUser({ hostKeyFingerprint: trusted });
    const testFailure = await failureOf(testConnection(recorded));
    expect(testFailure).toMatchObject({ kind: 'auth', change });
    expect(testFailure.message).toContain(`presented host key ${offered}, but this connection trusts ${trusted}, so nothing was sent.`);
    const runFailure = await failureOf(exportItem(exportContext(recorded), tableItem('Orders', 100), rows(100)));
    expect(runFailure).toMatchObject({ kind: 'auth', change });
    expect(uploaded()).toEqual([]);
    // The server never even learned who was connecting: the key is checked before signing in.
    expect(sshd.log().slice(logFrom)).not.toContain(KEY_USER);

    // An admin accepts the new key: it is what the connection trusts from now on.
    const accepted = keyUser({ hostKeyFingerprint: offered });
    await expect(testConnection(accepted)).resolves.toBeUndefined();
    await exportItem(exportContext(accepted), tableItem('Orders', 100), rows(100));
    expect(uploaded()).toEqual(['Orders_202503140926.csv']);
  });

  it("accepts a pinned fingerprint of any of the server's keys, not only the one a handshake shows first", async () => {
    const { ed25519, rsa } = sshd.fingerprints();
    const logFrom = sshd.log().length;
    const connections = () => sshd.log().slice(logFrom).split('Connection from').length - 1;
    // ssh2 asks for Ed25519 first, so pinning the RSA key takes a second handshake, asking for the
    // key types not seen yet; after that the connector asks for RSA first.
    await expect(testConnection(keyUser({ hostKeyFingerprint: rsa }))).resolves.toBeUndefined();
    expect(connections()).toBe(2);
    await exportItem(exportContext(keyUser({ hostKeyFingerprint: rsa })), tableItem('ViaRsa', 10), rows(10));
    expect(connections()).toBe(3);
    await expect(testConnection(keyUser({ hostKeyFingerprint: ed25519 }))).resolves.toBeUndefined();
    expect(connections()).toBe(4);
    expect(uploaded()).toEqual(['ViaRsa_202503140926.csv']);
  });

  it('survives a 30-second server outage in the middle of a run, leaving no .part file', async () => {
    const target = keyUser({ hostKeyFingerprint: sshd.fingerprints().ed25519 });
    const total = 60_000;
    let outage: Promise<void> | undefined;
    function* rowsThenOutage(): Generator<SourceRecord> {
      for (let i = 0; i < total; i++) {
        if (i === 25_000) outage = sshd.stop().then(() => sleep(30_000)).then(() => sshd.start());
        yield row(i);
      }
    }
    const interrupted = await failureOf(exportItem(exportContext(target), tableItem('Orders', total), rowsThenOutage()));
    expect(interrupted).toMatchObject({ kind: 'retryable' });

    // What the run engine does with a retryable failure: it runs the item again, from the start
    // (file targets write items whole). Connecting is refused until sshd is back.
    const retried = Date.now();
    const result = await exportItem(exportContext(target), tableItem('Orders', total), rows(total));
    expect(Date.now() - retried).toBeGreaterThan(20_000);
    await outage;
    expect(result.items[0]).toMatchObject({ accepted: total, rejected: [] });
    expect(uploaded()).toEqual(['Orders_202503140926.csv']);
    expect(parseCsv(readText(join(sshd.uploadDir, 'Orders_202503140926.csv')), ',')).toHaveLength(total + 1);
  });
});

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

function readGzip(path: string): string {
  return gunzipSync(readFileSync(path)).toString('utf8');
}
