// The one API client of the console: same origin, authenticated by the session cookie the API sets
// at login. Every call goes through `unwrap`, which throws a ProblemError whose message is readable.
import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { createOutportClient, ProblemError, unwrap, type components } from '@outport/api-client';

export type { Column, Environment, Export, Me, Run, RunChunk, RunTask, Segment, Table, ApiKey, CreatedApiKey } from '@outport/api-client';
export { ProblemError, unwrap };

type Schemas = components['schemas'];
export type Connection = Schemas['ConnectionDto'];
export type ConnectionSharing = Schemas['ConnectionSharingDto'];
export type Connector = Schemas['ConnectorDto'];
export type Candidate = Schemas['CandidateDto'];
export type SavedExport = Schemas['SavedExportDto'];
export type ScheduleWarning = Schemas['ScheduleWarningDto'];
export type ExportInput = Schemas['CreateExportRequest'];
export type ExportUpdate = Schemas['UpdateExportRequest'];
export type BulkRequest = Schemas['BulkRequest'];
export type BulkResult = Schemas['BulkResultDto'];
export type StaggerResult = Schemas['StaggerResultDto'];
export type Member = Schemas['MemberDto'];
export type AddedMember = Schemas['AddedMemberDto'];
export type RefreshSchedule = Schemas['RefreshScheduleDto'];
export type RefreshScheduleInput = Schemas['RefreshScheduleRequest'];
export type SystemRefresh = Schemas['SystemRefreshDto'];
export type SystemStatus = Schemas['SystemStatusDto'];
export type ConnectionTest = Schemas['ConnectionTestDto'];
export type AlertChannel = Schemas['AlertChannelDto'];
export type SavedAlertChannel = Schemas['SavedAlertChannelDto'];
export type AlertChannelInput = Schemas['CreateAlertChannelRequest'];
export type AlertChannelUpdate = Schemas['UpdateAlertChannelRequest'];
export type AlertChannelTest = Schemas['AlertChannelTestDto'];
export type AlertDelivery = Schemas['AlertDeliveryDto'];
export type AlertPreferences = Schemas['AlertPreferencesDto'];

export const api = createOutportClient({ baseUrl: '' });

export interface ListQuery {
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

const path = (env: string) => ({ env });
const item = (env: string, id: string) => ({ env, id });

// Reference data -----------------------------------------------------------------------------

export async function listConnectors() {
  return unwrap(await api.GET('/api/v1/connectors', { params: { query: { limit: 200 } } })).items;
}

export async function listTables(env: string, query: ListQuery) {
  return unwrap(await api.GET('/api/v1/environments/{env}/tables', { params: { path: path(env), query } }));
}

export async function listSegments(env: string, query: ListQuery) {
  return unwrap(await api.GET('/api/v1/environments/{env}/segments', { params: { path: path(env), query } }));
}

export async function refreshSegment(env: string, id: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/segments/{id}/refresh', { params: { path: item(env, id) } }));
}

export async function segmentMembers(env: string, id: string, limit = 10) {
  return unwrap(await api.GET('/api/v1/environments/{env}/segments/{id}/members', { params: { path: item(env, id), query: { limit } } }));
}

export async function tableRecords(env: string, table: string, query: ListQuery) {
  return unwrap(await api.GET('/api/v1/environments/{env}/tables/{table}/records', { params: { path: { env, table }, query } }));
}

// Connections --------------------------------------------------------------------------------

export async function listConnections(env: string, query: ListQuery = { limit: 200 }) {
  return unwrap(await api.GET('/api/v1/environments/{env}/connections', { params: { path: path(env), query } }));
}

export async function createConnection(env: string, body: Schemas['CreateConnectionRequest']) {
  return unwrap(await api.POST('/api/v1/environments/{env}/connections', { params: { path: path(env) }, body }));
}

export async function updateConnection(env: string, id: string, body: Schemas['UpdateConnectionRequest']) {
  return unwrap(await api.PATCH('/api/v1/environments/{env}/connections/{id}', { params: { path: item(env, id) }, body }));
}

export async function testConnection(env: string, id: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/connections/{id}/test', { params: { path: item(env, id) } }));
}

export async function removeConnection(env: string, id: string) {
  unwrap(await api.DELETE('/api/v1/environments/{env}/connections/{id}', { params: { path: item(env, id) } }));
}

// Exports ------------------------------------------------------------------------------------

export type ExportStatusFilter = NonNullable<NonNullable<Schemas['ExportDto']['status']>> | 'inactive';

export async function listExports(env: string, query: ListQuery & { status?: ExportStatusFilter }) {
  return unwrap(await api.GET('/api/v1/environments/{env}/exports', { params: { path: path(env), query } }));
}

export async function getExport(env: string, id: string) {
  return unwrap(await api.GET('/api/v1/environments/{env}/exports/{id}', { params: { path: item(env, id) } }));
}

export async function createExport(env: string, body: ExportInput) {
  return unwrap(await api.POST('/api/v1/environments/{env}/exports', { params: { path: path(env) }, body }));
}

export async function updateExport(env: string, id: string, body: ExportUpdate) {
  return unwrap(await api.PATCH('/api/v1/environments/{env}/exports/{id}', { params: { path: item(env, id) }, body }));
}

export async function exportCandidates(env: string, body: Schemas['CandidatesRequest']) {
  return unwrap(await api.POST('/api/v1/environments/{env}/exports/candidates', { params: { path: path(env) }, body })).items;
}

export async function duplicateExport(env: string, id: string, allowDuplicateTargets = false) {
  return unwrap(await api.POST('/api/v1/environments/{env}/exports/{id}/duplicate', { params: { path: item(env, id) }, body: allowDuplicateTargets ? { allowDuplicateTargets } : {} }));
}

export async function bulkExports(env: string, body: BulkRequest) {
  return unwrap(await api.POST('/api/v1/environments/{env}/exports/bulk', { params: { path: path(env) }, body }));
}

export async function staggerExports(env: string, body: Schemas['StaggerRequest']) {
  return unwrap(await api.POST('/api/v1/environments/{env}/exports/stagger', { params: { path: path(env) }, body }));
}

export async function runExportNow(env: string, id: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/exports/{id}/run', { params: { path: item(env, id) }, body: {} }));
}

export async function runAllExports(env: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/exports/run-all', { params: { path: path(env) } }));
}

export async function exportRuns(env: string, id: string, limit = 12) {
  return unwrap(await api.GET('/api/v1/environments/{env}/exports/{id}/runs', { params: { path: item(env, id), query: { limit } } }));
}

export async function cancelRun(env: string, id: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/runs/{id}/cancel', { params: { path: item(env, id) } }));
}

/** The server-sent events of a run's progress: each message is the whole run, as GET …/runs/{id} returns it. */
export function runEventsUrl(env: string, id: string): string {
  return `/api/v1/environments/${encodeURIComponent(env)}/runs/${encodeURIComponent(id)}/events`;
}

export function rejectionsUrl(env: string, id: string): string {
  return `/api/v1/environments/${encodeURIComponent(env)}/runs/${encodeURIComponent(id)}/rejections.csv`;
}

export async function getRun(env: string, id: string) {
  return unwrap(await api.GET('/api/v1/environments/{env}/runs/{id}', { params: { path: item(env, id) } }));
}

// System -------------------------------------------------------------------------------------

export async function systemStatus(env: string) {
  return unwrap(await api.GET('/api/v1/environments/{env}/system/status', { params: { path: path(env) } }));
}

export async function setRefreshSchedule(env: string, body: RefreshScheduleInput) {
  return unwrap(await api.PUT('/api/v1/environments/{env}/system/refresh-schedule', { params: { path: path(env) }, body }));
}

export async function startSystemRefresh(env: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/system/refresh', { params: { path: path(env) } }));
}

export async function cancelSystemRefresh(env: string, id: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/system/refreshes/{id}/cancel', { params: { path: item(env, id) } }));
}

export async function listSystemRefreshes(env: string, query: ListQuery) {
  return unwrap(await api.GET('/api/v1/environments/{env}/system/refreshes', { params: { path: path(env), query } }));
}

export async function getSystemRefresh(env: string, id: string) {
  return unwrap(await api.GET('/api/v1/environments/{env}/system/refreshes/{id}', { params: { path: item(env, id) } }));
}

// Alerts -------------------------------------------------------------------------------------

export async function getAlertPreferences(env: string) {
  return unwrap(await api.GET('/api/v1/environments/{env}/alert-preferences', { params: { path: path(env) } }));
}

export async function setAlertPreferences(env: string, body: Schemas['UpdateAlertPreferencesRequest']) {
  return unwrap(await api.PUT('/api/v1/environments/{env}/alert-preferences', { params: { path: path(env) }, body }));
}

export async function listAlertChannels(env: string, query: ListQuery = { limit: 200 }) {
  return unwrap(await api.GET('/api/v1/environments/{env}/alert-channels', { params: { path: path(env), query } }));
}

export async function createAlertChannel(env: string, body: AlertChannelInput) {
  return unwrap(await api.POST('/api/v1/environments/{env}/alert-channels', { params: { path: path(env) }, body }));
}

export async function updateAlertChannel(env: string, id: string, body: AlertChannelUpdate) {
  return unwrap(await api.PATCH('/api/v1/environments/{env}/alert-channels/{id}', { params: { path: item(env, id) }, body }));
}

export async function removeAlertChannel(env: string, id: string) {
  unwrap(await api.DELETE('/api/v1/environments/{env}/alert-channels/{id}', { params: { path: item(env, id) } }));
}

export async function testAlertChannel(env: string, id: string) {
  return unwrap(await api.POST('/api/v1/environments/{env}/alert-channels/{id}/test', { params: { path: item(env, id) } }));
}

export async function listAlertDeliveries(env: string, id: string, limit = 10) {
  return unwrap(await api.GET('/api/v1/environments/{env}/alert-channels/{id}/deliveries', { params: { path: item(env, id), query: { limit } } }));
}

// Users and API keys -------------------------------------------------------------------------

export async function listUsers(env: string, query: ListQuery = { limit: 200 }) {
  return unwrap(await api.GET('/api/v1/environments/{env}/users', { params: { path: path(env), query } }));
}

export async function addUser(env: string, body: Schemas['AddMemberRequest']) {
  return unwrap(await api.POST('/api/v1/environments/{env}/users', { params: { path: path(env) }, body }));
}

export async function changeUserRole(env: string, id: string, role: Member['role']) {
  return unwrap(await api.PATCH('/api/v1/environments/{env}/users/{id}', { params: { path: item(env, id) }, body: { role } }));
}

export async function removeUser(env: string, id: string) {
  unwrap(await api.DELETE('/api/v1/environments/{env}/users/{id}', { params: { path: item(env, id) } }));
}

export async function listApiKeys(env: string, query: ListQuery) {
  return unwrap(await api.GET('/api/v1/environments/{env}/api-keys', { params: { path: path(env), query } }));
}

export async function createApiKey(env: string, body: Schemas['CreateApiKeyRequest']) {
  return unwrap(await api.POST('/api/v1/environments/{env}/api-keys', { params: { path: path(env) }, body }));
}

export async function revokeApiKey(env: string, id: string) {
  unwrap(await api.DELETE('/api/v1/environments/{env}/api-keys/{id}', { params: { path: item(env, id) } }));
}

// Errors -------------------------------------------------------------------------------------

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
  if (error instanceof ProblemError) {
    if (error.status >= 500) return 'The Outport server ran into a problem answering. Try again in a moment.';
    return error.message;
  }
  if (error instanceof TypeError) return 'Could not reach the Outport server. Check your connection and try again.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** The problem's messages per field (`name`, `segmentIds`, `options.audienceId`…), for inline errors. */
export function fieldErrors(error: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!(error instanceof ProblemError)) return out;
  for (const item of error.problem.errors ?? []) {
    const field = item.field ?? '';
    (out[field] ??= []).push(item.message);
  }
  return out;
}
