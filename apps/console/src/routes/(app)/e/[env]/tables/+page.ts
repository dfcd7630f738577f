import { listTables, loggedIn } from '#lib/api.ts';
import { apiListQuery, readListParams } from '#lib/list-params.ts';
import { TABLE_LIST } from './list.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const list = readListParams(url, TABLE_LIST);
  return { list, tables: await loggedIn(() => listTables(params.env, apiListQuery(list), fetch)) };
};
