import { fileURLToPath } from 'node:url';
import { describeConformance } from '@outport/connector-sdk/conformance';
import connector from '../src/index.js';
import { startKlaviyoSandbox } from '../src/sandbox/index.js';

describeConformance({
  connector,
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  async setup() {
    const sandbox = await startKlaviyoSandbox();
    return {
      settings: { apiBaseUrl: sandbox.url },
      secrets: { apiKey: sandbox.apiKey },
      badSecrets: { apiKey: 'not-the-right-key' },
      // What the audience holds (a set of members), and what reached it (every copy counted).
      count: (item) => Promise.resolve(sandbox.audienceSize(item.id)),
      deliveries: (item) => sandbox.deliveries(item.id),
      rejectRecords: (records) => sandbox.rejectEmails(records.map((r) => String(r.values.email))),
      inject: (fault) => sandbox.server.inject(fault),
      clearFaults: () => sandbox.server.clearFaults(),
      stats: () => sandbox.server.stats(),
      close: () => sandbox.close(),
    };
  },
});
