import { AuthError, sha256Hex, type ConnectionContext } from '@outport/connector-sdk';

/** Where and as whom the connector talks to Mailchimp. */
export interface MailchimpConnection {
  apiKey: string;
  /** Ends in `/3.0`, no trailing slash. */
  baseUrl: string;
  /** Names the shared rate limiter: a hash of the key, so the key itself is never used as a label. */
  connectionKey: string;
}

export function resolveConnection(ctx: Pick<ConnectionContext, 'settings' | 'secrets'>): MailchimpConnection {
  const apiKey = ctx.secrets.apiKey?.trim();
  if (!apiKey) throw new AuthError('The Mailchimp connection has no API key.');
  const configured = typeof ctx.settings.apiBaseUrl === 'string' ? ctx.settings.apiBaseUrl.trim() : '';
  const baseUrl = (configured || `https://${dataCenter(apiKey)}.api.mailchimp.com/3.0`).replace(/\/+$/, '');
  return { apiKey, baseUrl, connectionKey: `mailchimp:${sha256Hex(apiKey).slice(0, 16)}` };
}

/** Mailchimp API keys end in their data center, e.g. "…-us21". */
export function dataCenter(apiKey: string): string {
  const dc = /-([a-z]+\d+)$/.exec(apiKey)?.[1];
  if (!dc) {
    throw new AuthError('The Mailchimp API key does not end in a data center such as "-us21"; copy the whole key from Mailchimp.');
  }
  return dc;
}
