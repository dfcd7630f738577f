import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Problem } from '../wire.js';

/**
 * Mailchimp's error answers: RFC 7807 problem documents sent as `application/problem+json`, with the
 * titles and details of its error glossary. Titles and details are what clients match on, so they
 * are Mailchimp's own; field messages inside `errors` are the sandbox's words.
 */

/** A refusal the sandbox answers with a Mailchimp problem document. */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
  }
}

/** The `type` Mailchimp's live answers and its published schema carry. */
const DOCS = 'https://mailchimp.com/developer/marketing/docs/errors/';

export function problem(status: number, title: string, detail: string, errors?: Problem['errors']): Problem {
  return { type: DOCS, title, status, detail, instance: randomUUID(), ...(errors ? { errors } : {}) };
}

/** Mailchimp's error content type (its official client parses it as JSON), request id and schema link. */
export function sendProblem(res: ServerResponse, body: Problem, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(body.status, {
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'x-request-id': body.instance,
    link: '<https://api.mailchimp.com/schema/3.0/ProblemDetailDocument.json>; rel="describedBy"',
    ...headers,
  });
  res.end(text);
}

export const notFound = () => new ProblemError(problem(404, 'Resource Not Found', 'The requested resource could not be found.'));

/** 400 for a body that fails the endpoint's schema, with one entry per problem in `errors`. */
export const invalidResource = (errors: NonNullable<Problem['errors']>) =>
  new ProblemError(problem(400, 'Invalid Resource', "The resource submitted could not be validated. For field-specific details, see the 'errors' array.", errors));

export const jsonParseError = () => new ProblemError(problem(400, 'JSON Parse Exception', 'We encountered an unspecified JSON parsing error.'));

/** 405 names the methods the resource takes in `Allow`, as Mailchimp does. */
export const methodNotAllowed = (allow: readonly string[]) =>
  new ProblemError(
    problem(405, 'Method Not Allowed', "The requested method and resource are not compatible. See the Allow header for this resource's available methods."),
    { allow: allow.join(', ') },
  );

/** A method Mailchimp takes on the resource but the sandbox does not simulate: said plainly, not dressed up as Mailchimp. */
export const notSimulated = (method: string, path: string) =>
  new ProblemError(problem(501, 'Not Implemented', `The Mailchimp sandbox does not simulate ${method} ${path}.`));

/** No key at all: no Authorization header, or one without a key in it. */
export const apiKeyMissing = () => problem(401, 'API Key Missing', 'Your request did not include an API key.');

/** A key the account does not have (or one that was disabled). */
export const apiKeyInvalid = () => problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");

/** The account's key, sent to another data center (its suffix names a different one). */
export const wrongDatacenter = () => problem(403, 'Wrong Datacenter', 'The API key provided is linked to a different datacenter');

/** Over the simultaneous-connection cap (10 at Mailchimp). Mailchimp names no delay: no Retry-After. */
export const tooManyRequests = (limit = 10) => problem(429, 'TooManyRequests', `You have exceeded the limit of ${limit} simultaneous connections.`);
