import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConformance } from '@outport/connector-sdk/conformance';
import { startCountingRelay } from '@outport/connector-sdk/sandbox';
import connector from '../src/index.js';
import { startDataLakeSandbox } from '../src/sandbox/index.js';
import { blobReader, latestRowCount, localReader, packageDir } from './support.js';

// The kit names its export "Conformance export" and names no environment, so that is the export's
// folder; `count` is the rows in the item's latest output folder.
const EXPORT_NAME = 'Conformance export';

describeConformance({
  connector,
  packageDir,
  label: 'Azure Blob Storage on Azurite',
  async setup() {
    const sandbox = await startDataLakeSandbox({ containers: ['conformance'] });
    // Azurite runs in a child process: the connector reaches it through a relay that counts the
    // connections, which the kit checks stay at none while private targets are refused.
    const relay = await startCountingRelay({ port: sandbox.port });
    const reader = blobReader(sandbox, 'conformance');
    return {
      settings: { destination: 'azure-blob', accountName: sandbox.accountName, container: 'conformance', blobEndpoint: `http://127.0.0.1:${relay.port}/${sandbox.accountName}` },
      secrets: { accountKey: sandbox.accountKey },
      badSecrets: { accountKey: Buffer.from('a wrong key for the conformance run').toString('base64') },
      audienceKind: 'members',
      options: { maxPartitionBytes: 16 * 1024 },
      count: (item) => latestRowCount(reader, EXPORT_NAME, item),
      connections: () => relay.connections(),
      close: async () => {
        await relay.close();
        await sandbox.close();
      },
    };
  },
});

// The local-folder destination has no credentials, so the kit skips its bad-credentials check.
describeConformance({
  connector,
  packageDir,
  label: 'local folder',
  setup() {
    const root = mkdtempSync(join(tmpdir(), 'outport-lake-conformance-'));
    const reader = localReader(root);
    return Promise.resolve({
      settings: { destination: 'local', rootPath: root },
      secrets: {},
      audienceKind: 'members',
      options: { maxPartitionBytes: 16 * 1024 },
      count: (item) => latestRowCount(reader, EXPORT_NAME, item),
      close: () => Promise.resolve(rmSync(root, { recursive: true, force: true })),
    });
  },
});
