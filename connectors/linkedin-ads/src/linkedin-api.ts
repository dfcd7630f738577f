import {
  AuthError,
  ConnectorError,
  PermanentError,
  RetryableError,
  createHttpClient,
  connectionLimiter,
  type ConnectionContext,
  withRetry,
  type HttpRequestInit,
} from '@outport/connector-sdk';
import type { LinkedInConnection } from './connection.js';
import { limits } from './manifest.js';

/**
 * The few LinkedIn Marketing API calls this connector makes, over the SDK's HTTP client (which
 * rate-limits, classifies and retries). LinkedIn's official `linkedin-api-client` is not used: its
 * base URLs are hard-coded constants, so it cannot be pointed at the `apiBaseUrl` setting.
 */

/** The monthly API version sent with every call. LinkedIn sunsets a version about a year after release. */
export const LINKEDIN_VERSION = '202607';

export type SegmentType = 'USER' | 'COMPANY';

export interface DmpSegment {
  id: string;
  name: string;
  type: SegmentType;
  sourceSegmentId?: string;
}

/**
 * What LinkedIn says about a segment on its LINKEDIN destination: its status (BUILDING, READY,
 * UPDATING, ...) and, once the first processing is done, `audienceSize` (the members it can target
 * now; for a company segment, the members at the matched companies) and, over the last seven days,
 * `matchedCount` of `inputCount` entries matched.
 */
export interface SegmentState {
  id: string;
  type?: SegmentType;
  status?: string;
  audienceSize?: number;
  matchedCount?: number;
  inputCount?: number;
}

/** One entry of a BATCH_CREATE answer: LinkedIn answers every element, in the order sent. */
export interface ElementStatus {
  status: number;
  error?: { message?: string; status?: number; code?: string };
}

export type BatchEndpoint = 'users' | 'companies';

/**
 * A DMP segment created moments ago answers its member endpoints with 404 ("Could not find DMP
 * segment") or 409 for a few seconds (LinkedIn says to wait 5 s; older docs say 10-15 s). These are
 * retried on a rising delay: 1 s, 2 s, ... capped at 5 s, about 40 s in all before giving up.
 */
const NOT_READY_ATTEMPTS = 10;
const notReadyDelayMs = (attempt: number) => Math.min(attempt, 5) * 1_000;

export interface LinkedInApi {
  /** Fetches the ad account: the cheapest call that proves the token reaches it. */
  getAdAccount(): Promise<{ id: string; name?: string }>;
  findSegment(sourceSegmentId: string, type: SegmentType): Promise<DmpSegment | undefined>;
  /** Creates a DMP segment and returns its id. */
  createSegment(segment: { name: string; sourceSegmentId: string; type: SegmentType }): Promise<string>;
  /** Reads a segment's status and sizes (`GET /dmpSegments/{id}`). */
  getSegment(segmentId: string): Promise<SegmentState>;
  /** Sends one BATCH_CREATE of ADD/REMOVE elements; waits out a freshly created segment. */
  sendElements(segmentId: string, endpoint: BatchEndpoint, elements: object[]): Promise<ElementStatus[]>;
}

export function createLinkedInApi(connection: LinkedInConnection, ctx: ConnectionContext): LinkedInApi {
  const http = createHttpClient({
    baseUrl: connection.apiBaseUrl.replace(/\/+$/, ''),
    target: 'LinkedIn',
    headers: {
      Authorization: `Bearer ${connection.accessToken}`,
      'LinkedIn-Version': LINKEDIN_VERSION,
      'X-Restli-Protocol-Version': '2.0.0',
    },
    // LinkedIn counts calls per member and application; one limiter per ad account keeps parallel
    // exports to the same account within the declared rate.
    limiter: connectionLimiter(ctx, `linkedin-ads:${connection.accountId}`, limits),
    signal: ctx.signal,
  });

  /** Every call goes through here so auth failures read the same whichever call met them. */
  async function call<T>(method: string, path: string, init: HttpRequestInit = {}) {
    try {
      return await http.request<T>(method, path, init);
    } catch (error) {
      throw explain(error, connection);
    }
  }

  return {
    async getAdAccount() {
      try {
        const { body } = await call<{ id?: number | string; name?: string }>(
          'GET',
          `/adAccounts/${connection.accountId}`,
        );
        return { id: String(body?.id ?? connection.accountId), name: body?.name };
      } catch (error) {
        if (error instanceof ConnectorError && error.options.status === 404) {
          throw new PermanentError(`LinkedIn has no ad account ${connection.accountId}.`, { status: 404 });
        }
        throw error;
      }
    },

    async findSegment(sourceSegmentId, type) {
      const { body } = await call<{ elements?: RawSegment[] }>('GET', '/dmpSegments', {
        query: {
          q: 'account',
          account: connection.accountUrn,
          sourceSegmentId,
          sourcePlatform: connection.sourcePlatform,
        },
      });
      // The finder filters by source id already; checking again guards against a finder that ignores it.
      const found = (body?.elements ?? []).find(
        (s) => s.sourceSegmentId === sourceSegmentId && s.type === type,
      );
      return found ? { id: String(found.id), name: found.name ?? '', type, sourceSegmentId } : undefined;
    },

    async createSegment(segment) {
      const response = await call<unknown>('POST', '/dmpSegments', {
        json: {
          name: segment.name,
          sourcePlatform: connection.sourcePlatform,
          sourceSegmentId: segment.sourceSegmentId,
          account: connection.accountUrn,
          accessPolicy: 'PRIVATE',
          type: segment.type,
          destinations: [{ destination: 'LINKEDIN' }],
        },
      });
      // LinkedIn answers 201 with an empty body; the new id is in a header.
      const id = headerValue(response.headers, 'x-restli-id');
      if (!id)
        throw new PermanentError(
          'LinkedIn created the audience but did not say its id (no x-restli-id header).',
        );
      return id;
    },

    async getSegment(segmentId) {
      const { body } = await call<RawSegment>('GET', `/dmpSegments/${segmentId}`);
      const linkedin = body?.destinations?.find((d) => d.destination === 'LINKEDIN') ?? body?.destinations?.[0];
      return {
        id: String(body?.id ?? segmentId),
        type: body?.type === 'USER' || body?.type === 'COMPANY' ? body.type : undefined,
        status: linkedin?.status ?? body?.status,
        audienceSize: count(linkedin?.audienceSize),
        matchedCount: count(linkedin?.matchedCount),
        inputCount: count(body?.inputCount),
      };
    },

    async sendElements(segmentId, endpoint, elements) {
      const outcome = await withRetry(
        async (attempt) => {
          try {
            const { body } = await call<{ elements?: ElementStatus[] }>(
              'POST',
              `/dmpSegments/${segmentId}/${endpoint}`,
              {
                json: { elements },
                headers: { 'X-RestLi-Method': 'BATCH_CREATE' },
              },
            );
            return { statuses: body?.elements ?? [] };
          } catch (error) {
            if (isNotReady(error)) {
              throw new RetryableError(
                `LinkedIn has not made audience ${segmentId} ready for members yet. ${error.message}`,
                {
                  status: error.options.status,
                  retryAfterMs: notReadyDelayMs(attempt),
                  cause: error,
                },
              );
            }
            // The HTTP client has already retried 429s and 5xx as it saw fit: not ours to retry again.
            return { error };
          }
        },
        { maxAttempts: NOT_READY_ATTEMPTS, signal: ctx.signal },
      );
      if ('error' in outcome) throw outcome.error;
      if (outcome.statuses.length !== elements.length) {
        throw new PermanentError(
          `LinkedIn answered ${outcome.statuses.length} of the ${elements.length} members sent to audience ${segmentId}.`,
        );
      }
      return outcome.statuses;
    },
  };
}

interface RawSegment {
  id: number | string;
  name?: string;
  type?: string;
  sourceSegmentId?: string;
  status?: string;
  inputCount?: unknown;
  destinations?: { destination?: string; status?: string; audienceSize?: unknown; matchedCount?: unknown }[];
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function isNotReady(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError && (error.options.status === 404 || error.options.status === 409);
}

/** Says what a 401, 403 or 426 means for this connection, in place of the generic wording. */
function explain(error: unknown, connection: LinkedInConnection): unknown {
  if (!(error instanceof ConnectorError)) return error;
  // LinkedIn retires each monthly version about a year after its release, answering 426.
  if (error.options.status === 426) {
    const said = error.options.detail;
    return new PermanentError(
      `LinkedIn no longer serves API version ${LINKEDIN_VERSION} that this connector uses${said ? ` (LinkedIn said: ${said})` : ''}. Update the LinkedIn Ads connector.`,
      { status: 426 },
    );
  }
  if (error.kind !== 'auth') return error;
  if (error.options.status === 403) {
    return new AuthError(
      `The access token has no access to LinkedIn ad account ${connection.accountId}: the member who authorised it needs a role on the account other than Viewer, and the token needs the r_ads and rw_dmp_segments scopes.`,
      { status: 403 },
    );
  }
  return new AuthError(
    'LinkedIn did not accept the access token: it is invalid, expired or revoked. Reconnect the LinkedIn account.',
    {
      status: error.options.status,
    },
  );
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' && first ? first : undefined;
  }
  return undefined;
}
