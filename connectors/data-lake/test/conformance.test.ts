import { describeConformance } from '@outport/connector-sdk/conformance';
import connector from '../src/index.js';
import { startDataLakeSandbox } from '../src/sandbox/index.js';
import { blobReader, latestRowCount, packageDir } from './support.js';

// The kit names its export "Conformance export"; `count` is the rows in the item's latest output folder.
const EXPORT_NAME = 'Conformance export';

describeConformance({
  connector,
  packageDir,
  async setup() {
    const sandbox = await startDataLakeSandbox({ containers: ['conformance'] });
    const reader = blobReader(sandbox, 'conformance');
    return {
      settings: { destination: 'azure-blob', accountName: sandbox.accountName, container: 'conformance', blobEndpoint: sandbox.blobEndpoint },
      secrets: { accountKey: sandbox.accountKey },
      badSecrets: { accountKey: Buffer.from('a wrong key for the conformance run').toString('base64') },
      audienceKind: 'members',
      options: { maxPartitionBytes: 16 * 1024 },
      count: (item) => latestRowCount(reader, EXPORT_NAME, item.name),
      close: () => sandbox.close(),
    };
  },
});
