import { outputName } from '@outport/connector-sdk';
import { describeConformance } from '@outport/connector-sdk/conformance';
import connector from '../src/index.js';
import { packageDir, parseCsv, startTestServer } from './helpers.js';

describeConformance({
  connector,
  packageDir,
  async setup() {
    const server = await startTestServer();
    return {
      settings: { ...server.settings, hostKeyFingerprint: server.hostKeyFingerprint },
      secrets: server.secrets,
      audienceKind: 'members',
      badSecrets: { password: 'wrong-sandbox-password' },
      // Rows in the item's latest file: each run writes the whole item, so that is what it holds.
      count(item) {
        const prefix = `${outputName(item.name, item.id)}_`;
        const latest = server.files().filter((name) => name.startsWith(prefix) && name.endsWith('.csv')).sort().at(-1);
        return Promise.resolve(latest ? parseCsv(server.read(latest), ',').length - 1 : 0);
      },
      // TCP connections the SSH server accepted: the kit checks none arrive with private targets refused.
      connections: () => server.acceptedConnections(),
      close: () => server.stop(),
    };
  },
});
