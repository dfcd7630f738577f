import type { ConnectorDefinition, ConnectorLimits } from '@outport/connector-sdk';
import { MAX_MEMBERS_PER_CALL } from './wire.js';

/** Merge fields of a default Mailchimp audience, by connector field key. */
export const MERGE_FIELDS = { firstName: 'FNAME', lastName: 'LNAME', phone: 'PHONE' } as const;

/**
 * Mailchimp allows 10 simultaneous connections per user, across every key of the account. Each batch
 * makes its calls one after another, so 10 batches in flight stay within it.
 */
export const CONCURRENT_REQUESTS = 10;

export const LIMITS: ConnectorLimits = {
  membersPerSegment: {},
  membersPerExport: {},
  recordsPerRequest: MAX_MEMBERS_PER_CALL,
  // Mailchimp documents no request rate, only the connection cap; this keeps bursts polite.
  requestsPerInterval: { requests: 50, intervalMs: 1_000 },
  concurrentRequests: CONCURRENT_REQUESTS,
};

export const manifest: ConnectorDefinition['manifest'] = {
  id: 'mailchimp',
  name: 'Mailchimp',
  category: 'email',
  description: 'Adds segment members to an existing Mailchimp audience and keeps one tag per segment up to date.',
  docsUrl: 'https://mailchimp.com/developer/marketing/api/',
  exportTypes: ['segment'],
  audienceKinds: [
    {
      id: 'contact',
      label: 'Audience members',
      description: 'People in a Mailchimp audience, tagged with the name of each segment they belong to.',
      accepts: { individuals: ['profile'], business: ['contact'] },
      fields: [
        {
          key: 'email',
          label: 'Email address',
          type: 'email',
          required: true,
          identifier: true,
          normalize: 'email',
          description: 'Sent in plain text: Mailchimp keys audience members by their address.',
        },
        { key: 'firstName', label: 'First name', type: 'string', normalize: 'trim', description: 'Merge field FNAME.' },
        { key: 'lastName', label: 'Last name', type: 'string', normalize: 'trim', description: 'Merge field LNAME.' },
        { key: 'phone', label: 'Phone number', type: 'phone', normalize: 'phone', extra: true, description: 'Merge field PHONE.' },
      ],
    },
  ],
  connection: {
    settings: [
      {
        key: 'apiKey',
        label: 'API key',
        secret: true,
        required: true,
        // Keys end in the data center they belong to, e.g. "…-us21".
        pattern: '^\\S+-[a-z]+[0-9]+$',
        placeholder: '0123456789abcdef0123456789abcdef-us21',
        description: 'Account › Extras › API keys. The part after the last dash is the data center.',
      },
      {
        key: 'apiBaseUrl',
        label: 'API base URL',
        type: 'url',
        description: 'Leave empty to use https://<data center>.api.mailchimp.com/3.0 from the API key.',
      },
    ],
  },
  exportOptions: [
    {
      key: 'audienceId',
      label: 'Audience ID',
      required: true,
      description: 'The existing audience (list) to add members to: Audience › Settings › Audience name and defaults.',
    },
    {
      key: 'newMemberStatus',
      label: 'Status of new members',
      type: 'select',
      default: 'subscribed',
      options: [
        { value: 'subscribed', label: 'Subscribed' },
        { value: 'pending', label: 'Pending (Mailchimp sends a confirmation email)' },
        { value: 'transactional', label: 'Transactional (not on marketing emails)' },
      ],
      description: 'Only for people not yet in the audience; existing members keep their status.',
    },
  ],
  limits: LIMITS,
  capabilities: { removeMembers: true, parallelChunks: true },
};
