import type { ListSpec } from '#lib/list-params.ts';

/** The columns the API sorts exports by (see the API's exports service). */
export const EXPORT_LIST: ListSpec = {
  sortable: ['name', 'type', 'connectionName', 'connectionType', 'status', 'schedule', 'lastRefreshedAt', 'updatedAt', 'updatedBy', 'permission'],
  defaultSort: 'name',
};
