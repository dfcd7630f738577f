import { allowOutboundTarget, configureOutboundPolicy, isConnectorError, OutboundAddressError, resetOutboundPolicy } from '@outport/connector-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import connector from '../src/index.js';
import { startKlaviyoSandbox, type KlaviyoSandbox } from '../src/sandbox/index.js';
import { connection } from './helpers.js';

// The official client (axios) connects only through the SDK's guarded agents, with no redirects.

describe('Klaviyo under the outbound-address policy', () => {
  let sandbox: KlaviyoSandbox;
  beforeAll(async () => {
    sandbox = await startKlaviyoSandbox();
  });
  afterEach(() => resetOutboundPolicy());
  afterAll(() => sandbox.close());

  it('refuses a sandbox on loopback before connecting when private targets are refused', async () => {
    configureOutboundPolicy({ allowPrivateTargets: false });
    sandbox.server.resetStats();
    const error = await connector.testConnection(connection(sandbox)).then(() => null, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(OutboundAddressError);
    expect(isConnectorError(error) && error.kind).toBe('permanent');
    expect(sandbox.server.stats().connections).toBe(0);
  });

  it('connects to the sandbox once its host:port is allow-listed', async () => {
    configureOutboundPolicy({ allowPrivateTargets: false });
    const remove = allowOutboundTarget(`127.0.0.1:${sandbox.server.port}`);
    sandbox.server.resetStats();
    await expect(connector.testConnection(connection(sandbox))).resolves.toBeUndefined();
    expect(sandbox.server.stats().requests).toBe(2);
    remove();
  });
});
