import { PermanentError } from './errors.js';
import type { HttpClient, HttpRequestInit } from './http.js';
import { abortReason } from './retry.js';

/**
 * Cursor pagination: a page carries its items and a link to the next page, absolute
 * (`https://a.klaviyo.com/api/lists?page[cursor]=abc`) or relative to the page's own URL
 * (`/api/lists?page[cursor]=abc`, `?cursor=abc`). The SDK follows the links; the connector says
 * where a page keeps its items and its next link.
 */

export interface Page<T> {
  items: T[];
  /** The next page's link, absolute or relative to this page's URL; absent, null or empty at the end. */
  next?: string | null;
}

export interface PaginateOptions {
  signal?: AbortSignal;
  /** Stops with an error after this many pages, so a target that never ends a listing cannot hang a run. Default 10,000. */
  maxPages?: number;
}

const DEFAULT_MAX_PAGES = 10_000;

/**
 * Resolves a page's `next` link against the page's URL. A link to another origin is refused (a
 * PermanentError): the connector's credentials go with every page request and must only go to the
 * target they belong to. Returns undefined at the end of the listing.
 */
export function resolveNextLink(pageUrl: string, next: string | null | undefined, origin = new URL(pageUrl).origin): string | undefined {
  const link = next?.trim();
  if (!link) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(link, pageUrl);
  } catch {
    throw new PermanentError(`The target's link to the next page is not a URL ("${link.slice(0, 200)}").`);
  }
  if (resolved.origin !== origin) {
    throw new PermanentError(`The target's link to the next page leads to ${resolved.origin}, not ${origin}; Outport does not send the connection's credentials elsewhere.`);
  }
  return resolved.toString();
}

/**
 * Yields every item of a cursor-paginated listing, fetching a page only when the previous one is
 * used up. `fetchPage` gets each page's absolute URL and returns its items and next link. A link
 * that was already visited ends with an error instead of looping forever.
 */
export async function* paginate<T>(firstUrl: string, fetchPage: (url: string) => Promise<Page<T>>, options: PaginateOptions = {}): AsyncGenerator<T> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const origin = new URL(firstUrl).origin;
  const visited = new Set<string>();
  let url: string | undefined = new URL(firstUrl).toString();
  while (url) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    if (visited.has(url)) throw new PermanentError(`The target's listing links back to a page it already gave (${pathOf(url)}).`);
    if (visited.size >= maxPages) throw new PermanentError(`The target's listing went on for more than ${maxPages.toLocaleString('en-US')} pages; Outport stopped reading it.`);
    visited.add(url);
    const page = await fetchPage(url);
    yield* page.items;
    url = resolveNextLink(url, page.next, origin);
  }
}

/**
 * `paginate` over the SDK's HTTP client: GETs each page through the client (so the connection's
 * limiter, retries and error wording apply) and reads it with `select`. Relative links resolve
 * against the URL that answered.
 *
 * ```ts
 * for await (const list of paginateHttp(http, '/api/lists', { select: jsonApiPage })) { ... }
 * ```
 */
export async function* paginateHttp<T, B = unknown>(
  http: HttpClient,
  path: string,
  options: PaginateOptions & { query?: HttpRequestInit['query']; headers?: Record<string, string>; select: (body: B) => Page<T> },
): AsyncGenerator<T> {
  const fetchPage = async (url: string): Promise<Page<T>> => {
    const response = await http.request<B>('GET', url, { headers: options.headers, signal: options.signal });
    const page = options.select(response.body);
    // A relative link is relative to the page that carried it.
    return { items: page.items, next: page.next ? new URL(page.next, response.url).toString() : page.next };
  };
  yield* paginate(http.url(path, options.query), fetchPage, options);
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
