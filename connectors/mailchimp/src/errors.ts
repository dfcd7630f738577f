import { AuthError, ConnectorError, PermanentError, RateLimitedError, RetryableError, classifyHttpResponse } from '@outport/connector-sdk';

/**
 * The official client rejects with superagent errors: `status` and `response` (with `headers` and
 * the parsed problem body) for HTTP failures, a `code` such as ECONNREFUSED or ECONNABORTED (timeout)
 * when no answer came. This turns them into the SDK's ConnectorErrors with Mailchimp's own words.
 */
interface SuperagentError {
  status?: number;
  code?: string;
  message?: string;
  response?: { status?: number; headers?: Record<string, string | string[] | undefined>; body?: unknown; text?: string };
}

/** What the connector was doing, for messages: "reading audience abc123". */
export type Action = string;

export function toConnectorError(error: unknown, action: Action, secret: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SuperagentError;
  const status = failure.response?.status ?? failure.status;
  if (status === undefined) {
    // No HTTP answer: refused, reset or timed out connections are worth another try.
    const why = failure.code ?? failure.message ?? String(error);
    return new RetryableError(scrub(`Could not reach Mailchimp while ${action}: ${why}`, secret));
  }

  const headers = failure.response?.headers ?? {};
  const body = failure.response?.body ?? failure.response?.text;
  const said = describeProblem(body);
  const text = (prefix: string) => scrub(`${prefix} (HTTP ${status})${said ? `: ${said}` : ''}`, secret);

  // At very high volume Mailchimp may answer 403 with no JSON body: that is throttling, not a
  // permission problem.
  if (status === 403 && !said) {
    return new RateLimitedError(text(`Mailchimp is throttling requests while ${action}`), { status });
  }
  if (status === 401) return new AuthError(text('Mailchimp refused the API key'), { status });
  if (status === 403) return new AuthError(text(`Mailchimp refused access while ${action}`), { status });
  if (status === 404) return new PermanentError(text(`Mailchimp found nothing while ${action}`), { status });

  // The SDK knows how 429s and 5xx are retried (and any Retry-After); the words stay Mailchimp's.
  const classified = classifyHttpResponse(status, headers, body);
  if (classified?.kind === 'rate-limited') {
    return new RateLimitedError(text(`Mailchimp is rate limiting requests while ${action}`), { status, retryAfterMs: classified.retryAfterMs });
  }
  if (classified?.kind === 'retryable') {
    return new RetryableError(text(`Mailchimp had a temporary problem while ${action}`), { status, retryAfterMs: classified.retryAfterMs });
  }
  if (classified?.kind === 'auth') return new AuthError(text(`Mailchimp refused access while ${action}`), { status });
  return new PermanentError(text(`Mailchimp rejected the request while ${action}`), { status });
}

/** "Title: detail", plus field messages for "Invalid Resource". */
function describeProblem(body: unknown): string {
  if (typeof body === 'string') return /^\s*</.test(body) ? '' : body.trim().slice(0, 300);
  if (typeof body !== 'object' || body === null) return '';
  const problem = body as { title?: unknown; detail?: unknown; errors?: unknown };
  const parts = [problem.title, problem.detail].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  let text = parts.join(': ');
  if (Array.isArray(problem.errors)) {
    const fields = (problem.errors as { field?: unknown; message?: unknown }[])
      .filter((e) => typeof e.message === 'string')
      .map((e) => (typeof e.field === 'string' && e.field ? `${e.field}: ${String(e.message)}` : String(e.message)));
    if (fields.length) text += ` (${fields.join('; ')})`;
  }
  return text;
}

/** Mailchimp does not quote keys back, but a message must never carry one, whatever the server says. */
export function scrub(message: string, secret: string): string {
  // The key, and its part before the data center, which is the actual secret.
  const forms = [secret, secret.slice(0, secret.lastIndexOf('-'))].filter((form) => form.length >= 6);
  return forms.reduce((text, form) => text.split(form).join('[redacted]'), message);
}
