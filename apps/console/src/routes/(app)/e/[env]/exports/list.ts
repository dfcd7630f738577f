import type { ExportStatusFilter } from '#lib/api.ts';
import type { ListSpec } from '#lib/list-params.ts';

/** The columns the API sorts exports by (see the API's exports service). */
export const EXPORT_LIST: ListSpec = {
  sortable: ['name', 'type', 'connectionName', 'connectionType', 'status', 'schedule', 'nextRunAt', 'lastRefreshedAt', 'updatedAt', 'updatedBy', 'permission'],
  defaultSort: 'name',
  filters: ['status'],
};

/** The status filter's choices, in the order people look for them. */
export const STATUS_FILTERS: { value: ExportStatusFilter; label: string }[] = [
  { value: 'running', label: 'Running' },
  { value: 'queued', label: 'Queued' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'succeeded_with_warnings', label: 'Succeeded with warnings' },
  { value: 'failed', label: 'Failed' },
  { value: 'failed_retrying', label: 'Failed (retrying)' },
  { value: 'skipped', label: 'Skipped' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'never', label: 'Never run' },
  { value: 'inactive', label: 'Inactive (no connection)' },
];

export function readStatus(url: URL): ExportStatusFilter | undefined {
  const value = url.searchParams.get('status');
  return STATUS_FILTERS.find((f) => f.value === value)?.value;
}
