import { AuthError, PermanentError, type ConnectionContext } from '@outport/connector-sdk';

export const DEFAULT_API_BASE_URL = 'https://api.linkedin.com/rest';
export const DEFAULT_SOURCE_PLATFORM = 'OUTPORT';

const ACCOUNT_URN_PREFIX = 'urn:li:sponsoredAccount:';

/** What every LinkedIn call needs, read once from the connection's settings and secrets. */
export interface LinkedInConnection {
  accessToken: string;
  /** The ad account's number, e.g. "512345678". */
  accountId: string;
  /** The same account as LinkedIn names it in request bodies and finders. */
  accountUrn: string;
  apiBaseUrl: string;
  sourcePlatform: string;
}

export function readConnection(ctx: Pick<ConnectionContext, 'settings' | 'secrets'>): LinkedInConnection {
  const accessToken = ctx.secrets.accessToken?.trim();
  if (!accessToken) throw new AuthError('No LinkedIn access token is set for this connection.');
  const accountId = parseAccountId(ctx.settings.adAccountId);
  return {
    accessToken,
    accountId,
    accountUrn: `${ACCOUNT_URN_PREFIX}${accountId}`,
    apiBaseUrl: text(ctx.settings.apiBaseUrl) ?? DEFAULT_API_BASE_URL,
    sourcePlatform: text(ctx.settings.sourcePlatform) ?? DEFAULT_SOURCE_PLATFORM,
  };
}

/** Campaign Manager shows the bare number; the API names it as a URN. Both are accepted. */
export function parseAccountId(value: unknown): string {
  const raw = typeof value === 'number' ? String(value) : text(value);
  if (!raw) throw new PermanentError('The LinkedIn ad account is not set for this connection.');
  const id = raw.startsWith(ACCOUNT_URN_PREFIX) ? raw.slice(ACCOUNT_URN_PREFIX.length) : raw;
  if (!/^[0-9]+$/.test(id)) {
    throw new PermanentError(
      `"${raw}" is not a LinkedIn ad account: use its number or ${ACCOUNT_URN_PREFIX}<number>.`,
    );
  }
  return id;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
