// The one API client of the console: same origin, authenticated by the session cookie the API sets
// at login. Every call goes through `unwrap`, which throws a ProblemError whose message is readable.
import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { createOutportClient, ProblemError, unwrap } from '@outport/api-client';

export type { Column, Environment, Me, Segment, Table } from '@outport/api-client';
export { ProblemError, unwrap };

export const api = createOutportClient({ baseUrl: '' });

type Fetch = typeof globalThis.fetch;

export interface ListQuery {
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export async function listTables(env: string, query: ListQuery, fetch?: Fetch) {
  return unwrap(await api.GET('/api/v1/environments/{env}/tables', { params: { path: { env }, query }, ...(fetch ? { fetch } : {}) }));
}

export async function listSegments(env: string, query: ListQuery, fetch?: Fetch) {
  return unwrap(await api.GET('/api/v1/environments/{env}/segments', { params: { path: { env }, query }, ...(fetch ? { fetch } : {}) }));
}

export async function refreshSegment(env: string, id: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/segments/{id}/refresh', { params: { path: { env, id } } }));
}

/** True when the API says the caller is not logged in (or the session expired). */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ProblemError && error.status === 401;
}

/** For load functions: a session that expired sends the user back to the login page. */
export async function loggedIn<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUnauthorized(e)) redirect(307, resolve('/login'));
    throw e;
  }
}

/** A message to show the user for any error thrown while talking to the API. */
export function errorMessage(error: unknown): string {
  if (error instanceof ProblemError) return error.message;
  if (error instanceof TypeError) return 'Could not reach the Outport server. Check your connection and try again.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
