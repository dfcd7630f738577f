import { PermanentError, type ConnectionContext, type Values } from '@outport/connector-sdk';
import { DEFAULT_MAX_PARTITION_BYTES } from './manifest.js';

export type DestinationConfig =
  | { kind: 'local'; rootPath: string }
  | {
      kind: 'azure-blob';
      accountName: string;
      container: string;
      /** Folder inside the container; '' for the container root. */
      prefix: string;
      blobEndpoint?: string;
      credentials: { accountKey: string } | { connectionString: string } | undefined;
    };

function text(values: Values, key: string): string {
  const value = values[key];
  return typeof value === 'string' ? value.trim() : value === undefined ? '' : String(value);
}

/** Reads the connection's settings into one destination, saying clearly what is missing. */
export function destinationConfig(ctx: Pick<ConnectionContext, 'settings' | 'secrets'>): DestinationConfig {
  const destination = text(ctx.settings, 'destination') || 'azure-blob';
  if (destination === 'local') {
    const rootPath = text(ctx.settings, 'rootPath');
    if (!rootPath) throw new PermanentError('Set the folder to write into (setting "rootPath") for a local destination.');
    return { kind: 'local', rootPath };
  }
  if (destination !== 'azure-blob') {
    throw new PermanentError(`Unknown destination "${destination}": use "local" or "azure-blob".`);
  }
  const accountName = text(ctx.settings, 'accountName');
  const container = text(ctx.settings, 'container');
  const accountKey = ctx.secrets.accountKey?.trim();
  const connectionString = ctx.secrets.connectionString?.trim();
  // A connection string names its own account, so the account name is only required with a key.
  if (!accountName && !connectionString) throw new PermanentError('Set the storage account name (setting "accountName").');
  if (!container) throw new PermanentError('Set the container to write into (setting "container").');
  const blobEndpoint = text(ctx.settings, 'blobEndpoint').replace(/\/+$/, '');
  return {
    kind: 'azure-blob',
    accountName,
    container,
    prefix: text(ctx.settings, 'rootPath').replace(/^\/+|\/+$/g, ''),
    ...(blobEndpoint ? { blobEndpoint } : {}),
    credentials: accountKey ? { accountKey } : connectionString ? { connectionString } : undefined,
  };
}

/** An export's options for the files it writes, defaulted and checked. */
export interface FileOptions {
  maxPartitionBytes: number;
  escapeFormulas: boolean;
}

export function fileOptions(options: Values): FileOptions {
  return { maxPartitionBytes: maxPartitionBytes(options), escapeFormulas: options.escapeFormulas === true || options.escapeFormulas === 'true' };
}

/** The export option `maxPartitionBytes`, defaulted and checked. */
function maxPartitionBytes(options: Values): number {
  const raw = options.maxPartitionBytes;
  if (raw === undefined || raw === '') return DEFAULT_MAX_PARTITION_BYTES;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1024) {
    throw new PermanentError(`The maximum partition size must be a whole number of bytes, at least 1024 (got ${String(raw)}).`);
  }
  return value;
}
