import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLinkedInSandbox, type LinkedInSandbox } from '../src/sandbox/index.js';
import { batchCalls, exportSegment, segment } from './helpers.js';

describe('company audiences', () => {
  let sandbox: LinkedInSandbox;
  beforeEach(async () => {
    // No 5 s wait after creating an audience (LinkedIn's; test/new-audience.test.ts covers it).
    sandbox = await startLinkedInSandbox({ readyAfterMs: 0 });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('builds a company audience from account records, matching by name, domains and page', async () => {
    const item = segment('Target accounts', 'account', 3);
    const outcome = await exportSegment(sandbox, 'company', item, [
      {
        key: 'A1',
        values: {
          companyName: ' Acme Corp ',
          companyWebsite: 'https://www.Acme.com/about',
          emailDomain: 'sales@acme.com',
          linkedinPageUrl: 'linkedin.com/company/acme',
        },
      },
      { key: 'A2', values: { companyName: 'Globex' } },
      { key: 'A3', values: { companyWebsite: 'initech.example' } },
    ]);

    expect(outcome.rejected).toEqual([]);
    expect(outcome.accepted).toBe(3);
    const audience = sandbox.audience('Outport: Target accounts')!;
    expect(audience.type).toBe('COMPANY');
    expect(audience.companies).toEqual([
      {
        companyName: 'Acme Corp',
        companyWebsiteDomain: 'acme.com',
        companyEmailDomain: 'acme.com',
        companyPageUrl: 'https://linkedin.com/company/acme',
      },
      { companyName: 'Globex' },
      { companyWebsiteDomain: 'initech.example' },
    ]);
    expect(JSON.parse(batchCalls(sandbox, 'companies')[0]!.body).elements[1]).toEqual({
      action: 'ADD',
      companyName: 'Globex',
    });
    expect(batchCalls(sandbox, 'users')).toEqual([]);
  });

  it('rejects a company with nothing to match it by, or a page URL LinkedIn would refuse, before sending', async () => {
    const item = segment('Odd accounts', 'account', 3);
    const outcome = await exportSegment(sandbox, 'company', item, [
      { key: 'A1', values: { companyName: 'Acme' } },
      { key: 'A2', values: { companyName: '', companyWebsite: null } },
      { key: 'A3', values: { linkedinPageUrl: `https://www.linkedin.com/company/${'x'.repeat(90)}` } },
    ]);

    expect(outcome.accepted).toBe(1);
    expect(outcome.rejected.map((r) => r.key)).toEqual(['A2', 'A3']);
    expect(outcome.rejected[1]).toMatchObject({
      field: 'linkedinPageUrl',
      reason: expect.stringContaining('100 characters'),
    });
    expect(JSON.parse(batchCalls(sandbox, 'companies')[0]!.body).elements).toHaveLength(1);
  });

  it('removes companies that left the segment', async () => {
    const item = segment('Accounts', 'account', 2);
    const records = [
      { key: 'A1', values: { companyName: 'Acme' } },
      { key: 'A2', values: { companyName: 'Globex' } },
    ];
    await exportSegment(sandbox, 'company', item, records);
    await exportSegment(sandbox, 'company', item, [], records.slice(1));

    expect(sandbox.audience('Outport: Accounts')!.companies).toEqual([{ companyName: 'Acme' }]);
  });

  it('reports companies LinkedIn refuses with its reason', async () => {
    sandbox.rejectCompanies(['Globex']);
    const item = segment('Some refused', 'account', 2);
    const outcome = await exportSegment(sandbox, 'company', item, [
      { key: 'A1', values: { companyName: 'Acme' } },
      { key: 'A2', values: { companyName: 'Globex' } },
    ]);

    expect(outcome.accepted).toBe(1);
    expect(outcome.rejected).toEqual([
      { key: 'A2', reason: 'LinkedIn refused it: The company could not be processed (HTTP 400)' },
    ]);
  });
});
