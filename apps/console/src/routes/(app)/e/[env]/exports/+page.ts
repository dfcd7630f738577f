import { listExports, loggedIn } from '#lib/api.ts';
import { apiListQuery, readListParams } from '#lib/list-params.ts';
import { EXPORT_LIST } from './list.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const list = readListParams(url, EXPORT_LIST);
  return { list, exports: await loggedIn(() => listExports(params.env, apiListQuery(list), fetch)) };
};
