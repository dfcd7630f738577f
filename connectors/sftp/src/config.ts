import { AuthError, PermanentError, SettingSchema, validateSettings, type ConnectionContext, type Values } from '@outport/connector-sdk';
import { normalizeFingerprint } from './fingerprint.js';
import { manifest, type Delimiter } from './manifest.js';

export interface ConnectionConfig {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  passphrase?: string;
  /** Normalised (`SHA256:…`): the server key this connection trusts (recorded on first use, or pinned). */
  hostKeyFingerprint?: string;
  /** The folder exports write to unless they name one, and where the connection test writes. */
  defaultFolder?: string;
}

export interface FileOptions {
  /** Unset: the connection's default folder. */
  folder?: string;
  delimiter: Delimiter;
  gzip: boolean;
  fileNamePrefix: string;
  escapeFormulas: boolean;
}

// The declared inputs with the schema's defaults applied, as validateSettings reads them.
const CONNECTION_SETTINGS = SettingSchema.array().parse(manifest.connection.settings);
const EXPORT_OPTIONS = SettingSchema.array().parse(manifest.exportOptions);

/** The connection's settings and secrets, checked against the manifest so problems read clearly. */
export function readConnection(ctx: Pick<ConnectionContext, 'settings' | 'secrets'>): ConnectionConfig {
  const checked = validateSettings(CONNECTION_SETTINGS, ctx.settings);
  if (!checked.ok) throw new PermanentError(`The SFTP connection is not set up right: ${checked.problems.map((p) => p.message).join('; ')}.`);
  const settings = checked.values;
  const port = Number(settings.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new PermanentError(`The SFTP port must be a whole number from 1 to 65535, not ${String(settings.port)}.`);

  const secret = (key: string): string | undefined => (ctx.secrets[key] ? ctx.secrets[key] : undefined);
  const password = secret('password');
  const privateKey = secret('privateKey');
  if (!password && !privateKey) throw new AuthError('The SFTP connection needs a password or a private key.');

  const fingerprint = typeof settings.hostKeyFingerprint === 'string' ? settings.hostKeyFingerprint : undefined;
  const defaultFolder = typeof settings.defaultFolder === 'string' ? settings.defaultFolder.trim() : '';
  return {
    host: String(settings.host).trim(),
    port,
    username: String(settings.username),
    ...(password ? { password } : {}),
    ...(privateKey ? { privateKey, ...(secret('passphrase') ? { passphrase: secret('passphrase') } : {}) } : {}),
    ...(fingerprint ? { hostKeyFingerprint: normalizeFingerprint(fingerprint) } : {}),
    ...(defaultFolder ? { defaultFolder } : {}),
  };
}

/** An export's file options, with the manifest's defaults. */
export function readFileOptions(options: Values): FileOptions {
  const checked = validateSettings(EXPORT_OPTIONS, { ...options, delimiter: delimiterValue(options.delimiter) });
  if (!checked.ok) throw new PermanentError(`The SFTP export options are not valid: ${checked.problems.map((p) => p.message).join('; ')}.`);
  const values = checked.values;
  return {
    // Customer Insights writes SFTP exports to the folder in lower case whatever case it was given.
    ...(typeof values.folder === 'string' && values.folder.trim() ? { folder: values.folder.trim().toLowerCase() } : {}),
    delimiter: values.delimiter as Delimiter,
    gzip: values.gzip === true,
    fileNamePrefix: String(values.fileNamePrefix ?? ''),
    escapeFormulas: values.escapeFormulas === true,
  };
}

/** Forms and APIs spell a tab several ways; all of them mean the tab character. */
function delimiterValue(value: Values[string]): Values[string] {
  return value === 'tab' || value === '\\t' ? '\t' : value;
}
