import { describe, it, expect } from 'vitest';
import { checkEligibility, type AudienceKind, type EligibilityInput } from './eligibility.js';

const contacts: AudienceKind = {
  id: 'contacts',
  label: 'Contacts',
  accepts: { individuals: ['profile'], business: ['contact'] },
};
const linkedInCompanies: AudienceKind = {
  id: 'company',
  label: 'Companies',
  accepts: { business: ['account'] },
};

const base: EligibilityInput = {
  environmentKind: 'business',
  segment: { name: 'Lapsed buyers', type: 'contact' },
  audienceKind: contacts,
  fields: [
    { key: 'email', label: 'Email', required: true },
    { key: 'firstName', label: 'First name', required: false },
  ],
  mapping: { email: 'email', firstName: 'firstName' },
  columns: ['contactId', 'email', 'firstName'],
};

describe('checkEligibility', () => {
  it('accepts a contact segment with every required field mapped', () => {
    expect(checkEligibility(base)).toEqual({ eligible: true });
    expect(checkEligibility({ ...base, mapping: { email: 'email' } })).toEqual({ eligible: true });
  });

  it('explains why an account segment cannot go to a contacts-only destination', () => {
    const result = checkEligibility({ ...base, segment: { name: 'Lapsed buyers', type: 'account' } });
    expect(result).toEqual({
      eligible: false,
      reasons: [
        {
          code: 'segment-type',
          accepted: ['contact'],
          message:
            "The following segment is not eligible for this export destination: 'Lapsed buyers'. Please choose only segments of type ContactProfile and try again.",
        },
      ],
    });
  });

  it("names the accepted type as the product does, and lists several with \"or\"", () => {
    const linkedIn = checkEligibility({
      ...base,
      segment: { name: 'VIP', type: 'contact' },
      audienceKind: linkedInCompanies,
    });
    expect(linkedIn.eligible === false && linkedIn.reasons[0]?.message).toBe(
      "The following segment is not eligible for this export destination: 'VIP'. Please choose only segments of type Account and try again.",
    );
    // An unusual connector declaration, to exercise the list wording.
    const twoTypes: AudienceKind = { id: 'x', label: 'X', accepts: { individuals: ['account', 'contact'] } };
    const profile = checkEligibility({
      ...base,
      environmentKind: 'individuals',
      segment: { name: 'VIP', type: 'profile' },
      audienceKind: twoTypes,
    });
    expect(profile.eligible === false && profile.reasons[0]).toEqual({
      code: 'segment-type',
      accepted: ['account', 'contact'],
      message:
        "The following segment is not eligible for this export destination: 'VIP'. Please choose only segments of type Account or ContactProfile and try again.",
    });
  });

  it('lets LinkedIn take account segments through its company audience kind', () => {
    expect(
      checkEligibility({
        ...base,
        segment: { name: 'Target accounts', type: 'account' },
        audienceKind: linkedInCompanies,
        fields: [{ key: 'companyName', label: 'Company name', required: true }],
        mapping: { companyName: 'name' },
        columns: ['accountId', 'name'],
      }),
    ).toEqual({ eligible: true });
  });

  it('refuses destinations that take nothing from this environment kind', () => {
    const result = checkEligibility({
      ...base,
      environmentKind: 'individuals',
      segment: { name: 'VIP', type: 'profile' },
      audienceKind: linkedInCompanies,
    });
    expect(result).toEqual({
      eligible: false,
      reasons: [
        {
          code: 'environment-kind',
          message:
            'This export destination (Companies) does not accept segments from an individuals environment.',
        },
      ],
    });
  });

  it('names every unmapped required field and every mapping to a missing column', () => {
    const result = checkEligibility({
      ...base,
      fields: [...base.fields, { key: 'phone', label: 'Phone', required: true }],
      mapping: { email: undefined, firstName: 'first_name' },
    });
    expect(result).toEqual({
      eligible: false,
      reasons: [
        {
          code: 'unmapped-field',
          field: 'email',
          message: "The required field 'Email' is not mapped to a column of segment 'Lapsed buyers'.",
        },
        {
          code: 'unmapped-field',
          field: 'phone',
          message: "The required field 'Phone' is not mapped to a column of segment 'Lapsed buyers'.",
        },
        {
          code: 'unknown-column',
          field: 'firstName',
          column: 'first_name',
          message:
            "The field 'First name' is mapped to column 'first_name', which does not exist on the table of segment 'Lapsed buyers'.",
        },
      ],
    });
  });

  it('reports a wrong type and missing mappings together', () => {
    const result = checkEligibility({
      ...base,
      segment: { name: 'Lapsed buyers', type: 'account' },
      mapping: {},
    });
    expect(result.eligible === false && result.reasons.map((r) => r.code)).toEqual([
      'segment-type',
      'unmapped-field',
    ]);
  });

  it("refuses a segment of the wrong type with the seed's sentence alone, not with its table's columns", () => {
    const result = checkEligibility({
      ...base,
      segment: { name: 'Key accounts', type: 'account' },
      columns: ['accountId', 'name'],
    });
    expect(result.eligible === false && result.reasons.map((r) => r.message)).toEqual([
      "The following segment is not eligible for this export destination: 'Key accounts'. Please choose only segments of type ContactProfile and try again.",
    ]);
  });
});
