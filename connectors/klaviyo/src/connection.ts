import { AuthError, PermanentError, sha256Hex, type ConnectionContext } from '@outport/connector-sdk';
import { KLAVIYO_API_URL } from './wire.js';

/** Where and as whom the connector talks to Klaviyo. */
export interface KlaviyoConnection {
  apiKey: string;
  /** The API origin (paths start with /api), no trailing slash. */
  baseUrl: string;
  /** Names the account's shared rate limiters: a hash of the key, never the key itself. */
  connectionKey: string;
}

export function resolveConnection(ctx: Pick<ConnectionContext, 'settings' | 'secrets'>): KlaviyoConnection {
  const apiKey = ctx.secrets.apiKey?.trim();
  if (!apiKey) throw new AuthError('The Klaviyo connection has no private API key.');
  const configured = typeof ctx.settings.apiBaseUrl === 'string' ? ctx.settings.apiBaseUrl.trim() : '';
  const baseUrl = (configured || KLAVIYO_API_URL).replace(/\/+$/, '');
  try {
    const { protocol } = new URL(baseUrl);
    if (protocol !== 'https:' && protocol !== 'http:') throw new Error(protocol);
  } catch {
    throw new PermanentError(`The Klaviyo API base URL "${baseUrl.slice(0, 200)}" is not an http(s) URL.`);
  }
  return { apiKey, baseUrl, connectionKey: `klaviyo:${sha256Hex(apiKey).slice(0, 16)}` };
}
