import { fileURLToPath } from 'node:url';
import { describeConformance } from '@outport/connector-sdk/conformance';
import connector, { listName } from '../src/index.js';
import { startKlaviyoSandbox } from '../src/sandbox/index.js';

// The export's default list prefix: each segment is the list "Outport: <segment name>".
const listOf = (name: string) => listName('Outport: ', name);

describeConformance({
  connector,
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  async setup() {
    const sandbox = await startKlaviyoSandbox();
    return {
      settings: { apiBaseUrl: sandbox.url },
      secrets: { apiKey: sandbox.apiKey },
      badSecrets: { apiKey: 'pk_0123456789abcdef0123456789abcdef01' },
      // What the list holds (a set of profiles), and what completed import jobs added to it (every copy).
      count: (item) => Promise.resolve(sandbox.members(sandbox.list(listOf(item.name))?.id ?? '').length),
      deliveries: (item) => sandbox.deliveries(sandbox.list(listOf(item.name))?.id ?? ''),
      rejectRecords: (records) => sandbox.rejectEmails(records.map((r) => String(r.values.email))),
      inject: (fault) => sandbox.server.inject(fault),
      clearFaults: () => sandbox.server.clearFaults(),
      stats: () => sandbox.server.stats(),
      close: () => sandbox.close(),
    };
  },
});
