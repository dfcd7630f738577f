import type { ConnectorDefinition, ConnectorLimits } from '@outport/connector-sdk';

/** Audience kinds, as LinkedIn calls its two matched-audience types. */
export const CONTACT = 'contact';
export const COMPANY = 'company';
export type AudienceKind = typeof CONTACT | typeof COMPANY;

/**
 * LinkedIn has not published how many elements one BATCH_CREATE call may carry. Other CDPs batch
 * conservatively, so we do too: 500 members a call still fills a 100,000-member audience in 200 calls.
 */
export const RECORDS_PER_REQUEST = 500;

export const limits: ConnectorLimits = {
  // LinkedIn only targets audiences of at least 300 matched members; 100,000 is the most we send.
  membersPerSegment: { min: 300, max: 100_000 },
  membersPerExport: {},
  recordsPerRequest: RECORDS_PER_REQUEST,
  // The published per-member limits are 600 (users) and 300 (companies) calls a minute; staying
  // well under the lower one leaves room for other tools using the same token.
  requestsPerInterval: { requests: 200, intervalMs: 60_000 },
  concurrentRequests: 2,
};

/**
 * The connector's manifest. Field keys are what mappings target; the SDK normalises and hashes
 * values per these rules before the connector sees them, so an email arrives here already as the
 * SHA-256 hex of the trimmed, lower-cased address.
 */
export const manifest: ConnectorDefinition['manifest'] = {
  id: 'linkedin-ads',
  name: 'LinkedIn Ads',
  category: 'advertising',
  description:
    'Builds LinkedIn matched audiences (DMP segments) from segments: contact audiences from hashed emails, company audiences from company names, websites and pages.',
  docsUrl: 'https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/matched-audiences',
  exportTypes: ['segment'],
  audienceKinds: [
    {
      id: CONTACT,
      label: 'Contact audience',
      description: 'People matched to LinkedIn members by the SHA-256 hash of their email address.',
      accepts: { individuals: ['profile'], business: ['contact'] },
      fields: [
        {
          key: 'email',
          label: 'Email',
          type: 'email',
          required: true,
          identifier: true,
          normalize: 'email',
          hash: 'sha256',
          description: 'Sent only as the SHA-256 hash of the trimmed, lower-cased address.',
        },
        { key: 'firstName', label: 'First name', type: 'string', normalize: 'name', extra: true },
        { key: 'lastName', label: 'Last name', type: 'string', normalize: 'name', extra: true },
        { key: 'company', label: 'Company name', type: 'string', normalize: 'trim', extra: true },
        {
          key: 'country',
          label: 'Country',
          type: 'string',
          normalize: 'trim',
          extra: true,
          description: 'Two-letter ISO 3166 country code, e.g. US.',
        },
      ],
    },
    {
      id: COMPANY,
      label: 'Company audience',
      description:
        'Accounts matched to LinkedIn company pages. Each record needs at least one of the four identifiers.',
      accepts: { business: ['account'] },
      fields: [
        { key: 'companyName', label: 'Company name', type: 'string', identifier: true, normalize: 'trim' },
        {
          key: 'companyWebsite',
          label: 'Company website',
          type: 'url',
          identifier: true,
          normalize: 'domain',
          description: 'Sent as the website domain, e.g. acme.com.',
        },
        {
          key: 'emailDomain',
          label: 'Email domain',
          type: 'string',
          identifier: true,
          normalize: 'domain',
          description: 'The domain of the company email addresses, e.g. acme.com.',
        },
        {
          key: 'linkedinPageUrl',
          label: 'LinkedIn page URL',
          type: 'url',
          identifier: true,
          normalize: 'url',
          description:
            'The company page, e.g. https://www.linkedin.com/company/acme (at most 100 characters).',
        },
      ],
    },
  ],
  connection: {
    settings: [
      {
        key: 'accessToken',
        label: 'Access token',
        type: 'string',
        required: true,
        secret: true,
        description: 'An OAuth 2.0 member access token with the rw_dmp_segments and r_ads scopes.',
      },
      {
        key: 'adAccountId',
        label: 'Ad account',
        type: 'string',
        required: true,
        placeholder: 'urn:li:sponsoredAccount:123456789',
        pattern: '^(urn:li:sponsoredAccount:)?[0-9]+$',
        description: 'The Campaign Manager account id, as a number or its URN.',
      },
      {
        key: 'apiBaseUrl',
        label: 'API base URL',
        type: 'url',
        default: 'https://api.linkedin.com/rest',
        description: 'Only change this to point at a proxy or a sandbox.',
      },
      {
        key: 'sourcePlatform',
        label: 'Source platform',
        type: 'string',
        default: 'OUTPORT',
        description: 'The source platform value LinkedIn assigned to this integration when it approved it.',
      },
    ],
  },
  limits,
  capabilities: { removeMembers: true, parallelChunks: true },
};
