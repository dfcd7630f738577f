import { isAxiosError } from 'axios';
import { ConnectorError, RetryableError, classifyHttpResponse, findOutboundRefusal, networkReason } from '@outport/connector-sdk';

/** What the connector was doing, for messages: "submitting an import job of 10,000 profiles". */
export type Action = string;

/**
 * The official client rejects with axios errors: `response` (status, headers, the parsed JSON:API
 * body) for HTTP failures, a system `code` (ECONNREFUSED…) when no answer came. This turns them into
 * the SDK's ConnectorErrors: the SDK classifies the status (429 with Klaviyo's Retry-After, 5xx, 401
 * and 403 as auth) and takes the first JSON:API error's detail and code; the action says what failed.
 */
export function toConnectorError(error: unknown, action: Action, secrets: string[]): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const refusal = findOutboundRefusal(error);
  if (refusal) return refusal;
  if (isAxiosError(error) && error.response) {
    const { status, headers, data } = error.response as { status: number; headers: { toJSON?: () => object }; data: unknown };
    const bag = Object.fromEntries(Object.entries(headers.toJSON?.() ?? headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const classified = classifyHttpResponse(status, bag, data, { target: 'Klaviyo', secrets });
    if (classified) return classified.withMessage(`${classified.message} (while ${action})`);
  }
  const reason = networkReason(error, 120_000);
  return new RetryableError(`Could not reach Klaviyo while ${action} (${reason})`, { cause: error, ...(/^E[A-Z_]+$/.test(reason) ? { code: reason } : {}) });
}
