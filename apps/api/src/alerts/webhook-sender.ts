import { createHttpClient, findOutboundRefusal, isConnectorError } from '@outport/connector-sdk';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './alert-message.js';
import { DeliveryError } from './delivery-error.js';

const TIMEOUT_MS = 15_000;

export interface WebhookPost {
  url: string;
  secret: string;
  body: string;
  event: string;
  deliveryId: string;
}

/**
 * One attempt to POST an alert to a webhook, through the SDK's guarded HTTP client (so the
 * outbound-address policy applies to the address actually connected to, redirects included). The
 * body is signed afresh with each attempt's timestamp. Retrying is the caller's business (a queue
 * job per attempt), so the client tries once.
 */
export async function postWebhook(post: WebhookPost, now: Date = new Date()): Promise<void> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const client = createHttpClient({ baseUrl: post.url, retry: { maxAttempts: 1 }, timeoutMs: TIMEOUT_MS });
  try {
    await client.request('POST', post.url, {
      body: post.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Outport-Alerts/1',
        'x-outport-event': post.event,
        'x-outport-delivery': post.deliveryId,
        [TIMESTAMP_HEADER.toLowerCase()]: String(timestamp),
        [SIGNATURE_HEADER.toLowerCase()]: signWebhook(post.secret, timestamp, post.body),
      },
    });
  } catch (error) {
    throw webhookFailure(error);
  }
}

function webhookFailure(error: unknown): DeliveryError {
  const refusal = findOutboundRefusal(error);
  if (refusal) return new DeliveryError(`The webhook was not called: ${refusal.message}`, false);
  if (isConnectorError(error)) {
    const status = error.options.status;
    // The SDK's wording speaks of "the target"; here it is the receiver, and its status is what matters.
    const message = status !== undefined ? `The webhook answered HTTP ${status}.` : error.message.replace(/^Could not reach/, 'Could not reach the webhook at');
    return new DeliveryError(message, error.isRetryable, error.retryAfterMs);
  }
  return new DeliveryError('The webhook call failed unexpectedly.', true);
}
