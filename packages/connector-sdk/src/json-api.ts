import type { Page } from './pagination.js';

/**
 * JSON:API (https://jsonapi.org/format/) envelopes and errors, for targets whose APIs speak it
 * (Klaviyo among them): a request body is `{ data: { type, attributes, relationships? } }`, a
 * response carries `data` (one resource or a list), `included` and `links.next`, and failures carry
 * `errors: [{ status, code, title, detail, source: { pointer | parameter } }]`.
 */

/** The media type of JSON:API bodies; send it as `content-type` and `accept`. */
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';

/** Headers for a JSON:API target (merge in its own, e.g. an API revision). */
export const JSON_API_HEADERS: Readonly<Record<string, string>> = { accept: JSON_API_MEDIA_TYPE, 'content-type': JSON_API_MEDIA_TYPE };

export interface JsonApiIdentifier {
  type: string;
  id: string;
}

export interface JsonApiResource<A = Record<string, unknown>> {
  type: string;
  id?: string;
  attributes?: A;
  relationships?: Record<string, { data: JsonApiIdentifier | JsonApiIdentifier[] | null }>;
  links?: Record<string, unknown>;
}

export interface JsonApiDocument<A = Record<string, unknown>> {
  data?: JsonApiResource<A> | JsonApiResource<A>[] | null;
  included?: JsonApiResource[];
  links?: { self?: string | null; next?: string | null; prev?: string | null };
  errors?: JsonApiError[];
}

export interface JsonApiError {
  id?: string;
  status?: string;
  code?: string;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string; header?: string };
  meta?: Record<string, unknown>;
}

/**
 * A request body with one resource: `{ data: { type, id?, attributes, relationships? } }`.
 * Relationships are given as identifiers (`{ lists: { type: 'list', id: 'Y6nRLr' } }`) and wrapped
 * in `{ data: ... }` as the format wants.
 */
export function jsonApiBody<A>(
  type: string,
  attributes: A,
  options: { id?: string; relationships?: Record<string, JsonApiIdentifier | JsonApiIdentifier[] | null> } = {},
): { data: JsonApiResource<A> } {
  const data: JsonApiResource<A> = { type, ...(options.id !== undefined ? { id: options.id } : {}), attributes };
  if (options.relationships) {
    data.relationships = Object.fromEntries(Object.entries(options.relationships).map(([name, value]) => [name, { data: value }]));
  }
  return { data };
}

/** A body of resource identifiers, as relationship endpoints take them: `{ data: [{ type, id }, ...] }`. */
export function jsonApiIdentifiers(type: string, ids: readonly string[]): { data: JsonApiIdentifier[] } {
  return { data: ids.map((id) => ({ type, id })) };
}

/** The one resource of a response (`data` as an object); throws when the body has none. */
export function jsonApiData<A = Record<string, unknown>>(body: unknown): JsonApiResource<A> {
  const data = isObject(body) ? body.data : undefined;
  if (!isObject(data) || typeof data.type !== 'string') throw new TypeError('The response has no JSON:API resource in "data".');
  return data as unknown as JsonApiResource<A>;
}

/** The resources of a list response (`data` as an array; one resource becomes a list of one). */
export function jsonApiList<A = Record<string, unknown>>(body: unknown): JsonApiResource<A>[] {
  const data = isObject(body) ? body.data : undefined;
  if (Array.isArray(data)) return data.filter(isObject) as unknown as JsonApiResource<A>[];
  return isObject(data) ? [data as unknown as JsonApiResource<A>] : [];
}

/** A list response as a page for `paginate`/`paginateHttp`: its resources and `links.next`. */
export function jsonApiPage<A = Record<string, unknown>>(body: unknown): Page<JsonApiResource<A>> {
  const links = isObject(body) && isObject(body.links) ? body.links : undefined;
  const next = typeof links?.next === 'string' ? links.next : null;
  return { items: jsonApiList<A>(body), next };
}

/** The `errors` of a JSON:API body, each with only the members the format defines as strings. */
export function jsonApiErrors(body: unknown): JsonApiError[] {
  const errors = isObject(body) && Array.isArray(body.errors) ? (body.errors as unknown[]) : [];
  return errors.filter(isObject).map((error) => {
    const source = isObject(error.source) ? error.source : undefined;
    const out: JsonApiError = {};
    for (const key of ['id', 'status', 'code', 'title', 'detail'] as const) {
      const value = error[key];
      if (typeof value === 'string' || typeof value === 'number') out[key] = String(value);
    }
    if (source) {
      out.source = {};
      for (const key of ['pointer', 'parameter', 'header'] as const) if (typeof source[key] === 'string') out.source[key] = source[key];
    }
    if (isObject(error.meta)) out.meta = error.meta;
    return out;
  });
}

/**
 * One line for a JSON:API error: its detail (or title), the code, and where it points:
 * "Invalid email address (invalid; at /data/attributes/email)".
 */
export function describeJsonApiError(error: JsonApiError): string {
  const words = error.detail?.trim() || error.title?.trim() || (error.status ? `HTTP ${error.status}` : 'An error without words');
  const notes = [error.code, error.source?.pointer ? `at ${error.source.pointer}` : undefined, error.source?.parameter ? `parameter ${error.source.parameter}` : undefined].filter(Boolean);
  return notes.length ? `${words} (${notes.join('; ')})` : words;
}

/**
 * The position an error's JSON Pointer names inside a list of the request: with `listPointer`
 * `/data/attributes/profiles/data`, the pointer `/data/attributes/profiles/data/3/attributes/email`
 * gives 3. Undefined when the pointer is elsewhere. `~1` and `~0` escapes are understood.
 */
export function jsonApiPointerIndex(pointer: string | undefined, listPointer: string): number | undefined {
  if (!pointer) return undefined;
  const decode = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');
  const parts = pointer.split('/').slice(1).map(decode);
  const prefix = listPointer.split('/').slice(1).map(decode);
  if (parts.length <= prefix.length || prefix.some((part, i) => parts[i] !== part)) return undefined;
  const index = parts[prefix.length]!;
  return /^(?:0|[1-9][0-9]*)$/.test(index) ? Number(index) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
