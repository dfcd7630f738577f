import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceRecord } from '@outport/connector-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startSftpServer, type SftpServer } from '../src/sandbox/index.js';
import { exportContext, exportItem, failureOf, partOf, startTestServer, tableItem, USER, type TestServer } from './helpers.js';

// Host keys, restarts and what interrupted attempts leave behind, against the sandbox. The same
// behaviour against OpenSSH is in openssh.test.ts.

const row = (i: number): SourceRecord => ({ key: `row-${i}`, values: { id: `row-${i}`, note: `note ${i}`, score: i, active: true } });
const rows = (count: number) => Array.from({ length: count }, (_, i) => row(i));

describe('recovering from interruptions', () => {
  const servers: { stop(): Promise<void> }[] = [];
  const track = <T extends { stop(): Promise<void> }>(server: T): T => (servers.push(server), server);
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
  });

  /** Another server (with a fresh host key) on the same port and folder: the same server after a restart or a key change. */
  const restart = async (server: TestServer): Promise<SftpServer> => {
    const again = await startSftpServer({ users: [USER], root: server.root, port: server.port });
    track({ stop: () => again.close() });
    return again;
  };

  it('removes the .part files an interrupted attempt of this export left, and no others', async () => {
    const server = track(await startTestServer());
    function* rowsThenDrop(): Generator<SourceRecord> {
      for (let i = 0; i < 30_000; i++) {
        if (i === 15_000) server.dropConnections();
        yield row(i);
      }
    }
    const dropped = await failureOf(exportItem(exportContext(server), tableItem('Orders', 30_000), rowsThenDrop()));
    expect(dropped).toMatchObject({ kind: 'retryable' });
    // The connection was gone, so nothing could remove the partial file.
    expect(server.files()).toEqual([partOf('Orders_202503140926.csv')]);
    // Another export's upload in progress, and files that are not Outport's, are not this export's to touch.
    const others = [partOf('Orders_202503141000.csv', 'export-2'), 'Orders_202503140926.csv.part', 'notes.txt'];
    for (const name of others) writeFileSync(join(server.root, name), 'x');

    // The next run, an hour later.
    const next = exportContext(server, {}, { startedAt: new Date(Date.UTC(2025, 2, 14, 10, 26)) });
    await exportItem(next, tableItem('Orders', 3), rows(3));
    expect(server.files()).toEqual(['Orders_202503141026.csv', ...others].sort());
  });

  it('waits for a server that is restarting, then writes the item whole', async () => {
    const server = track(await startTestServer());
    await server.close(); // down: connections are refused
    setTimeout(() => void restart(server), 1_500);
    const started = Date.now();
    const result = await exportItem(exportContext(server), tableItem('Late', 1_000), rows(1_000));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(result.items[0]).toMatchObject({ accepted: 1_000, rejected: [] });
    expect(server.files()).toEqual(['Late_202503140926.csv']);
  });

  it('stops a run at once, sending nothing, when the server shows another host key than the one trusted', async () => {
    const first = track(await startTestServer());
    const trusted = first.hostKeyFingerprint;
    await first.close();
    const changed = await restart(first);
    const context = exportContext({ settings: { ...first.settings, hostKeyFingerprint: trusted }, secrets: first.secrets });
    const error = await failureOf(exportItem(context, tableItem('Secret', 10), rows(10)));
    expect(error).toMatchObject({ kind: 'auth', change: { setting: 'hostKeyFingerprint', trusted, offered: changed.hostKeyFingerprint } });
    expect(error.message).toContain(`presented host key ${changed.hostKeyFingerprint}, but this connection trusts ${trusted}`);
    expect(first.files()).toEqual([]);
  });

  it("writes to the connection's default folder when the export names none", async () => {
    const server = track(await startTestServer());
    mkdirSync(join(server.root, 'daily'));
    const context = exportContext({ settings: { ...server.settings, defaultFolder: '/daily' }, secrets: server.secrets });
    await exportItem(context, tableItem('Orders', 2), rows(2));
    expect(server.files('/daily')).toEqual(['Orders_202503140926.csv']);
    expect(server.files()).toEqual(['daily']);
  });
});
