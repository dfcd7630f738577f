import type { ListSpec } from '#lib/list-params.ts';

/** The columns the API sorts segments by (see the API's segments service). */
export const SEGMENT_LIST: ListSpec = {
  sortable: ['name', 'type', 'memberCount', 'refreshStatus', 'lastRefreshedAt', 'updatedAt'],
  defaultSort: 'name',
};
