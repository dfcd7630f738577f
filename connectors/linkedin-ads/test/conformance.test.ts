import { describe } from 'vitest';
import { describeConformance } from '@outport/connector-sdk/conformance';
import connector, { sourceSegmentIdFor } from '../src/index.js';
import { startLinkedInSandbox } from '../src/sandbox/index.js';
import { packageDir } from './helpers.js';

// Both audience kinds go through the kit. A short not-ready window keeps the wait after creating
// an audience exercised by every export without slowing the suite much.
for (const audienceKind of ['contact', 'company'] as const) {
  describe(`${audienceKind} audiences`, () => {
    describeConformance({
      connector,
      packageDir,
      async setup() {
        const sandbox = await startLinkedInSandbox({ readyAfterMs: 200 });
        return {
          settings: { adAccountId: sandbox.adAccountId, apiBaseUrl: sandbox.apiBaseUrl },
          secrets: { accessToken: sandbox.accessToken },
          audienceKind,
          badSecrets: { accessToken: 'AQV-revoked-token-1234567890' },
          count: (item) => Promise.resolve(sandbox.audience(sourceSegmentIdFor(item))?.size ?? 0),
          deliveries: (item) => sandbox.deliveries(sourceSegmentIdFor(item)),
          rejectRecords: (records) => {
            if (audienceKind === 'contact') sandbox.rejectHashes(records.map((r) => String(r.values.email)));
            else sandbox.rejectCompanies(records.map((r) => String(r.values.companyName)));
          },
          inject: (fault) => sandbox.inject(fault),
          clearFaults: () => sandbox.clearFaults(),
          stats: () => sandbox.stats(),
          close: () => sandbox.close(),
        };
      },
    });
  });
}
