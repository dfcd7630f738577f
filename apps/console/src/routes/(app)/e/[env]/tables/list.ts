import type { ListSpec } from '#lib/list-params.ts';

/** The columns the API sorts tables by (see the API's tables service). */
export const TABLE_LIST: ListSpec = { sortable: ['name', 'recordCount', 'createdAt', 'updatedAt'], defaultSort: 'name' };
