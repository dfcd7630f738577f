import type { ConnectorDefinition, ConnectorField } from '@outport/connector-sdk';

export const DEFAULT_MAX_PARTITION_BYTES = 64 * 1024 * 1024;

/** Settings that apply only when the destination is Azure Blob Storage. */
const AZURE = { key: 'destination', equals: 'azure-blob' };

/**
 * The attributes a segment export can write besides the member key. The SDK hands a connector only
 * the fields its manifest declares (the mapping is field → column), so a data lake cannot take
 * "any column": it offers one typed catalogue, every attribute optional and behind "Add attribute".
 * Every declared attribute becomes a CSV column whether mapped or not, so the entity's columns in
 * model.json are the same on every run and downstream readers can rely on them.
 */
const MEMBER_ATTRIBUTES = [
  { key: 'email', label: 'Email', type: 'email' },
  { key: 'phone', label: 'Phone', type: 'phone' },
  { key: 'firstName', label: 'First name', type: 'string' },
  { key: 'lastName', label: 'Last name', type: 'string' },
  { key: 'company', label: 'Company', type: 'string' },
  { key: 'jobTitle', label: 'Job title', type: 'string' },
  { key: 'website', label: 'Website', type: 'url' },
  { key: 'city', label: 'City', type: 'string' },
  { key: 'region', label: 'State or region', type: 'string' },
  { key: 'postalCode', label: 'Postal code', type: 'string' },
  { key: 'country', label: 'Country', type: 'string' },
  { key: 'birthDate', label: 'Date of birth', type: 'date' },
  { key: 'score', label: 'Score', type: 'number' },
  { key: 'subscribed', label: 'Subscribed', type: 'boolean' },
  { key: 'updatedAt', label: 'Updated at', type: 'datetime' },
] as const;

/** The fields of the `members` audience kind, in the order they become CSV columns. */
export const MEMBER_FIELDS: ConnectorField[] = [
  {
    key: 'key',
    label: 'Member key',
    type: 'string',
    required: true,
    identifier: true,
    normalize: 'none',
    hash: 'none',
    extra: false,
    description: "The member's key, usually the key column of the segment's table.",
  },
  // Written as stored: a data lake is a copy of the data, not a matching key, so no normalising.
  ...MEMBER_ATTRIBUTES.map((attribute) => ({ ...attribute, required: false, identifier: false, normalize: 'none' as const, hash: 'none' as const, extra: true })),
];

export const manifest = {
  id: 'data-lake',
  name: 'Data lake (CDM folder)',
  category: 'storage',
  description:
    'Writes tables and segments as a Common Data Model folder (CSV partitions and model.json) to a local folder or to Azure Blob Storage / Data Lake Storage Gen2.',
  exportTypes: ['data-out', 'segment'],
  audienceKinds: [
    {
      id: 'members',
      label: 'Segment members',
      description:
        'One CSV entity per segment: the member key plus the attributes you map. Unmapped attributes are written as empty columns so the schema never changes between runs.',
      accepts: { individuals: ['profile'], business: ['account', 'contact'] },
      fields: MEMBER_FIELDS,
    },
  ],
  connection: {
    // The Azure fields apply only to the Azure destination: the console hides them for a local folder.
    settings: [
      {
        key: 'destination',
        label: 'Destination',
        type: 'select',
        required: true,
        default: 'azure-blob',
        options: [
          { value: 'azure-blob', label: 'Azure Blob Storage / Data Lake Storage Gen2' },
          { value: 'local', label: 'Local folder' },
        ],
      },
      {
        key: 'rootPath',
        label: 'Folder',
        description:
          "Local folder: an existing, writable folder inside the server's export folder (OUTPORT_LOCAL_EXPORT_ROOT, set by the operator); a relative path is resolved against it. Azure: an optional folder inside the container (empty writes at the container root).",
        placeholder: 'marketing/lake',
      },
      { key: 'accountName', label: 'Storage account name', pattern: '^[a-z0-9]{3,24}$', visibleWhen: AZURE },
      { key: 'container', label: 'Container', description: 'The container must already exist.', pattern: '^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])?$', visibleWhen: AZURE },
      {
        key: 'blobEndpoint',
        label: 'Blob endpoint',
        type: 'url',
        description:
          'Optional. Defaults to https://<account>.blob.core.windows.net. Set it for sovereign clouds, private endpoints or the Azurite emulator (http://127.0.0.1:10000/devstoreaccount1).',
        visibleWhen: AZURE,
      },
      { key: 'accountKey', label: 'Account key', secret: true, description: 'The storage account access key (or give a connection string instead).', visibleWhen: AZURE },
      { key: 'connectionString', label: 'Connection string', secret: true, description: 'A storage connection string, used when no account key is given.', visibleWhen: AZURE },
    ],
  },
  exportOptions: [
    {
      key: 'maxPartitionBytes',
      label: 'Maximum partition size (bytes)',
      type: 'number',
      default: DEFAULT_MAX_PARTITION_BYTES,
      description: 'A new CSV partition starts when the next row would make the current one larger than this.',
    },
    {
      key: 'escapeFormulas',
      label: 'Protect spreadsheet users from formulas',
      type: 'boolean',
      default: false,
      description:
        "Puts a ' before text that starts with =, +, -, @, a tab, CR or LF, so a spreadsheet that opens the CSV shows it as text instead of running it as a formula (OWASP's CSV injection advice). Readers other than spreadsheets then see the ' too.",
    },
  ],
  limits: { recordsPerRequest: 5000, concurrentRequests: 1 },
  capabilities: { removeMembers: false },
} satisfies ConnectorDefinition['manifest'];
