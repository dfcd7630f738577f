// The one API client of the console: same origin, authenticated by the session cookie the API sets
// at login. Every call goes through `unwrap`, which throws a ProblemError whose message is readable.
import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { createOutportClient, ProblemError, unwrap } from '@outport/api-client';

export type { Column, Environment, Export, Me, Run, RunChunk, RunTask, Segment, Table } from '@outport/api-client';
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

export async function listExports(env: string, query: ListQuery, fetch?: Fetch) {
  return unwrap(await api.GET('/api/v1/environments/{env}/exports', { params: { path: { env }, query }, ...(fetch ? { fetch } : {}) }));
}

export async function runExportNow(env: string, id: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/exports/{id}/run', { params: { path: { env, id } }, body: {} }));
}

export async function exportRuns(env: string, id: string) {
  return unwrap(await api.GET('/api/v1/environments/{env}/exports/{id}/runs', { params: { path: { env, id }, query: { limit: 10 } } }));
}

export async function cancelRun(env: string, id: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/runs/{id}/cancel', { params: { path: { env, id } } }));
}

/** The server-sent events of a run's progress: each message is the whole run, as GET …/runs/{id} returns it. */
export function runEventsUrl(env: string, id: string): string {
  return `/api/v1/environments/${encodeURIComponent(env)}/runs/${encodeURIComponent(id)}/events`;
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
