import { allowOutboundTarget, configureOutboundPolicy, OutboundAddressError, resetOutboundPolicy } from '@outport/connector-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import connector from '../src/index.js';
import { failureOf, startTestServer, type TestServer } from './helpers.js';

// ssh2 gets a socket the SDK connected under the outbound-address policy, never a host to dial.

describe('SFTP under the outbound-address policy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => resetOutboundPolicy());
  afterAll(() => server.stop());

  const test = (settings: Record<string, unknown>) =>
    connector.testConnection({ settings: { ...server.settings, ...settings } as never, secrets: server.secrets, signal: new AbortController().signal, logger: { info: () => undefined, warn: () => undefined } });

  it('refuses 127.0.0.1 and localhost before connecting when private targets are refused', async () => {
    configureOutboundPolicy({ allowPrivateTargets: false });
    const byAddress = await failureOf(test({}));
    expect(byAddress).toBeInstanceOf(OutboundAddressError);
    expect(byAddress.message).toBe('Outport does not connect to private, loopback or link-local addresses (127.0.0.1). An operator can allow them with OUTPORT_ALLOW_PRIVATE_TARGETS=true.');
    const byName = await failureOf(test({ host: 'localhost' }));
    expect(byName).toBeInstanceOf(OutboundAddressError);
    expect(byName.message).toContain('(localhost resolves to 127.0.0.1)');
    expect(server.acceptedConnections()).toBe(0);
  });

  it('connects to an allow-listed host:port', async () => {
    configureOutboundPolicy({ allowPrivateTargets: false });
    const remove = allowOutboundTarget(`127.0.0.1:${server.port}`);
    const before = server.acceptedConnections();
    await expect(test({})).resolves.toEqual({ learned: { hostKeyFingerprint: server.hostKeyFingerprint } });
    expect(server.acceptedConnections()).toBe(before + 1);
    remove();
  });
});
