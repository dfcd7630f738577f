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
        description:
          "The SHA-256 fingerprint of the server's host key, as OpenSSH prints it (ssh-keygen -lf). Leave it empty to record the server's key when the connection is saved or tested; from then on any other key is refused.",
      },
      {
        key: 'defaultFolder',
        label: 'Default folder',
        placeholder: '/upload',
        description:
          'Where exports write unless they name their own folder, and where Test connection proves write access (creating the folder if it is missing). On a chrooted account, its writable folder. Default: the login folder.',
      },
    ],
  },
  exportOptions: [
    {
      key: 'folder',
      label: 'Folder',
      description:
        "Remote folder the files are written to, in lower case (as Customer Insights does: /Outbox means /outbox). It must exist. Default: the connection's default folder.",
    },
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
    {
      key: 'escapeFormulas',
      label: 'Protect spreadsheet users from formulas',
      type: 'boolean',
      default: false,
      description:
        "Puts a ' before text that starts with =, +, -, @, a tab, CR or LF, so a spreadsheet that opens the file shows it as text instead of running it as a formula (OWASP's CSV injection advice). Programs that load the file then see the ' too.",
    },
  ],
  limits: { recordsPerRequest: ROWS_PER_BATCH, concurrentRequests: 1 },
  capabilities: { removeMembers: false },
} satisfies ConnectorDefinition['manifest'];
