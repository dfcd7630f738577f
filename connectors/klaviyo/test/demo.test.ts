import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Values } from '@outport/connector-sdk';
import { describe, expect, it } from 'vitest';
import connector from '../src/index.js';
import { startDemoSandbox } from '../src/sandbox/index.js';

describe("Klaviyo's demo sandbox", () => {
  it('gives a connection that works, and keeps its key across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'klaviyo-demo-'));
    const first = await startDemoSandbox({ dataDir });
    const settings = first.connection;
    await expect(connector.testConnection({ settings: settings.settings as Values, secrets: settings.secrets, signal: new AbortController().signal, logger: { info: () => undefined, warn: () => undefined } })).resolves.toBeUndefined();
    await first.close();

    const again = await startDemoSandbox({ dataDir, port: first.address!.port, saved: first.persist });
    try {
      expect(again.connection.secrets.apiKey).toBe(settings.secrets.apiKey);
      expect(again.name).toBe('Klaviyo (sandbox)');
      expect(again.address).toMatchObject({ host: '127.0.0.1' });
    } finally {
      await again.close();
    }
  });
});
