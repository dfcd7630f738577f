import { listSegments, loggedIn } from '#lib/api.ts';
import { apiListQuery, readListParams } from '#lib/list-params.ts';
import { SEGMENT_LIST } from './list.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const list = readListParams(url, SEGMENT_LIST);
  return { list, segments: await loggedIn(() => listSegments(params.env, apiListQuery(list), fetch)) };
};
