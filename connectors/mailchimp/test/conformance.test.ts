import { describeConformance } from '@outport/connector-sdk/conformance';
import connector from '../src/index.js';
import { startMailchimpSandbox } from '../src/sandbox/index.js';
import { packageDir } from './helpers.js';

describeConformance({
  connector,
  packageDir,
  async setup() {
    // The kit checks that a connector waits as long as a 429 asks. Mailchimp's own 429s name no
    // delay (test/retries.test.ts covers that default), so this run turns on the named option
    // that lets injected 429s carry Retry-After; everything else is Mailchimp's default.
    const sandbox = await startMailchimpSandbox({ injectedRetryAfterHeader: true });
    return {
      settings: { apiBaseUrl: sandbox.url },
      secrets: { apiKey: sandbox.apiKey },
      options: { audienceId: sandbox.listId },
      audienceKind: 'contact',
      badSecrets: { apiKey: 'badbadbadbad0000badbadbadbad0000-us21' },
      // A segment's members are the members on its tag.
      count: (item) => Promise.resolve(sandbox.tagMembers(sandbox.listId, item.name).length),
      deliveries: (item) => sandbox.tagDeliveries(sandbox.listId, item.name),
      rejectRecords: (records) => sandbox.rejectEmails(records.map((r) => String(r.values.email))),
      inject: (fault) => sandbox.server.inject(fault),
      clearFaults: () => sandbox.server.clearFaults(),
      stats: () => sandbox.server.stats(),
      close: () => sandbox.close(),
    };
  },
});
