import type { ConnectorDefinition } from '@outport/connector-sdk';

/** Rows handed over per batch. Batches only bound memory here: the file is one stream either way. */
export const ROWS_PER_BATCH = 10_000;

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export const MEMBERS_AUDIENCE = 'members';

export const manifest = {
  id: 'sftp',
  name: 'SFTP',
  category: 'file-transfer',
  description: 'Writes one CSV file (optionally gzipped) per segment or table to a folder on an SFTP server, atomically.',
  exportTypes: ['segment', 'data-out'],
  audienceKinds: [
    {
      id: MEMBERS_AUDIENCE,
      label: 'Members',
      description:
        'One row per member. Every field below is a column, in this order; fields that are not mapped stay empty, so the file layout never changes with the mapping.',
      accepts: { individuals: ['profile'], business: ['account', 'contact'] },
      fields: [
        { key: 'key', label: 'Key', type: 'string', required: true, identifier: true, normalize: 'trim', description: "The member's key in Outport." },
        { key: 'email', label: 'Email', type: 'email', normalize: 'email', extra: true },
        { key: 'firstName', label: 'First name', type: 'string', normalize: 'trim', extra: true },
        { key: 'lastName', label: 'Last name', type: 'string', normalize: 'trim', extra: true },
        { key: 'phone', label: 'Phone', type: 'phone', normalize: 'phone', extra: true },
      ],
    },
  ],
  connection: {
    settings: [
      { key: 'host', label: 'Host', required: true, placeholder: 'sftp.example.com' },
      { key: 'port', label: 'Port', type: 'number', default: 22 },
      { key: 'username', label: 'Username', required: true },
      { key: 'password', label: 'Password', secret: true, description: 'Give a password or a private key.' },
      {
        key: 'privateKey',
        label: 'Private key',
        type: 'text',
        secret: true,
        description: 'PEM or OpenSSH format (RSA, ECDSA or Ed25519). Give a password or a private key.',
      },
      { key: 'passphrase', label: 'Key passphrase', secret: true, description: 'Only for an encrypted private key.' },
      {
        key: 'hostKeyFingerprint',
        label: 'Host key fingerprint',
        placeholder: 'SHA256:…',
        pattern: '^\\s*(SHA256:)?[A-Za-z0-9+/]{43}=?\\s*$',
        description: 'The SHA-256 fingerprint OpenSSH prints for the server (ssh-keygen -lf). When given, any other host key is refused.',
      },
    ],
  },
  exportOptions: [
    { key: 'folder', label: 'Folder', default: '/', description: 'Remote folder the files are written to. It must exist.' },
    {
      key: 'delimiter',
      label: 'Delimiter',
      type: 'select',
      default: ',',
      options: [
        { value: ',', label: 'Comma (,)' },
        { value: ';', label: 'Semicolon (;)' },
        { value: '\t', label: 'Tab' },
        { value: '|', label: 'Pipe (|)' },
      ],
    },
    { key: 'gzip', label: 'Gzip', type: 'boolean', default: false, description: 'Compress each file (.csv.gz).' },
    { key: 'fileNamePrefix', label: 'File name prefix', default: '', description: 'Put in front of every file name, e.g. "outport_".' },
  ],
  limits: { recordsPerRequest: ROWS_PER_BATCH, concurrentRequests: 1 },
  capabilities: { removeMembers: false },
} satisfies ConnectorDefinition['manifest'];
