import type { ConnectorDefinition, ConnectorLimits } from '@outport/connector-sdk';
import { MAX_PROFILES_PER_JOB, MAX_PROFILES_PER_REMOVAL, RATE } from './wire.js';

/**
 * Import jobs (and removal batches) the connector keeps in flight for one segment, and requests in
 * flight per endpoint. Klaviyo documents no cap on jobs at once; five keep 50,000 profiles in
 * Klaviyo's hands while their polls (one per job every 1 to 30 s) stay far within the job
 * endpoint's 150 a minute, which every export on the account shares.
 */
export const BATCHES_IN_FLIGHT = 5;

/**
 * The byte budget the SDK sizes import batches by. It counts each record's values as JSON; the
 * request adds ~40 bytes of envelope per profile (400 KB for 10,000), so this stays under Klaviyo's
 * 5 MB per job. The exporter still measures the real body and splits a job that would exceed it.
 */
export const IMPORT_BATCH_BYTES = 4_000_000;

/**
 * Klaviyo counts its rate limits per account and per endpoint, so each call the connector makes is
 * an operation with the budget its endpoint documents. Requests of the same operation from every
 * export on the account share one limiter.
 */
export const LIMITS: ConnectorLimits = {
  membersPerSegment: {},
  membersPerExport: {},
  recordsPerRequest: MAX_PROFILES_PER_JOB,
  bytesPerRequest: IMPORT_BATCH_BYTES,
  requestsPerInterval: RATE.M,
  concurrentRequests: BATCHES_IN_FLIGHT,
  operations: {
    /** POST /api/profile-bulk-import-jobs. */
    upsert: { recordsPerRequest: MAX_PROFILES_PER_JOB, bytesPerRequest: IMPORT_BATCH_BYTES, requestsPerInterval: RATE.M },
    /** DELETE /api/lists/{id}/relationships/profiles. */
    remove: { recordsPerRequest: MAX_PROFILES_PER_REMOVAL, requestsPerInterval: RATE.M },
    /** GET /api/profile-bulk-import-jobs/{id}. */
    'poll-job': { requestsPerInterval: RATE.M },
    /** GET /api/profile-bulk-import-jobs/{id}/import-errors. */
    'import-errors': { requestsPerInterval: RATE.M },
    /** GET /api/lists/{id}/profiles (the profile ids of members to remove). */
    'find-members': { requestsPerInterval: RATE.L },
    /** GET /api/lists (a list by name). */
    'find-list': { requestsPerInterval: RATE.L },
    /** POST /api/lists, which also allows only 150 lists a day. */
    'create-list': { requestsPerInterval: [...RATE.M, RATE.DAILY_LISTS] },
    /** GET /api/lists/{id}?additional-fields[list]=profile_count. */
    'list-count': { requestsPerInterval: RATE.XS },
    /** GET /api/accounts (testing the connection). */
    account: { requestsPerInterval: RATE.XS },
  },
};

export const manifest: ConnectorDefinition['manifest'] = {
  id: 'klaviyo',
  name: 'Klaviyo',
  category: 'email',
  description: 'Keeps one Klaviyo list per segment: imports the members who join it as profiles and takes those who leave it off the list. Never changes anyone\'s consent.',
  docsUrl: 'https://developers.klaviyo.com/en/reference/api_overview',
  exportTypes: ['segment'],
  audienceKinds: [
    {
      id: 'contact',
      label: 'List members',
      description: 'Profiles in a Klaviyo list named after the segment (with the export\'s list prefix).',
      accepts: { individuals: ['profile'], business: ['contact'] },
      fields: [
        {
          key: 'email',
          label: 'Email',
          type: 'email',
          required: true,
          identifier: true,
          normalize: 'email',
          description: 'Sent in plain text as the profile\'s email: Klaviyo keeps profiles by their address.',
        },
        { key: 'firstName', label: 'First name', type: 'string', normalize: 'trim', description: 'Profile attribute first_name.' },
        { key: 'lastName', label: 'Last name', type: 'string', normalize: 'trim', description: 'Profile attribute last_name.' },
        { key: 'phone', label: 'Phone number', type: 'phone', normalize: 'phone', extra: true, description: 'Profile attribute phone_number, in E.164.' },
        { key: 'organization', label: 'Organization', type: 'string', normalize: 'trim', extra: true, description: 'Profile attribute organization (the company).' },
      ],
    },
  ],
  connection: {
    settings: [
      {
        key: 'apiKey',
        label: 'Private API key',
        secret: true,
        required: true,
        pattern: '^pk_\\S+$',
        placeholder: 'pk_…',
        description: 'Settings › Account › API keys. Give it the scopes accounts:read, lists:read, lists:write, profiles:read and profiles:write.',
      },
      {
        key: 'apiBaseUrl',
        label: 'API base URL',
        type: 'url',
        description: 'Leave empty for https://a.klaviyo.com. Tests point it at the sandbox.',
      },
    ],
  },
  exportOptions: [
    {
      key: 'listPrefix',
      label: 'List name prefix',
      default: 'Outport: ',
      description: 'Each segment goes to the Klaviyo list named this prefix followed by the segment\'s name; the list is created when there is none. Clear it to use lists named exactly as the segments.',
    },
  ],
  limits: LIMITS,
  capabilities: { removeMembers: true, parallelChunks: true },
};
