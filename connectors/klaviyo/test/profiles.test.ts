import { describe, expect, it } from 'vitest';
import { importParts, toProfile } from '../src/profiles.js';
import { MAX_JOB_PAYLOAD_BYTES } from '../src/wire.js';

/** The import body as Klaviyo receives it for some profiles (the list relationship included). */
const body = (profiles: object[]) =>
  JSON.stringify({
    data: {
      type: 'profile-bulk-import-job',
      attributes: { profiles: { data: profiles.map((attributes) => ({ type: 'profile', attributes })) } },
      relationships: { lists: { data: [{ type: 'list', id: 'Y6nRLr' }] } },
    },
  });

describe('import jobs within Klaviyo’s 5 MB', () => {
  it('splits profiles whose body would pass the limit, and every part stays under it', () => {
    const long = 'é'.repeat(300);
    const profiles = Array.from({ length: 10_000 }, (_, i) => ({ email: `person${i}@example.com`, first_name: long, last_name: long }));
    expect(Buffer.byteLength(body(profiles))).toBeGreaterThan(MAX_JOB_PAYLOAD_BYTES);
    const parts = importParts(profiles);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.start).toBe(0);
    expect(parts.at(-1)!.end).toBe(10_000);
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.start).toBe(parts[i - 1]!.end);
    for (const part of parts) expect(Buffer.byteLength(body(profiles.slice(part.start, part.end)))).toBeLessThanOrEqual(MAX_JOB_PAYLOAD_BYTES);
  });

  it('keeps a batch that fits in one job', () => {
    expect(importParts([{ email: 'a@example.com' }, { email: 'b@example.com' }])).toEqual([{ start: 0, end: 2 }]);
  });

  it('leaves empty values out of the profile, so Klaviyo keeps what it has', () => {
    expect(toProfile({ key: 'K1', values: { email: 'a@example.com', firstName: '', lastName: null, phone: '+14155550100', organization: '  ' } })).toEqual({ email: 'a@example.com', phone_number: '+14155550100' });
  });
});
