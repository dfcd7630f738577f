import { readListParams } from '#lib/list-params.ts';
import { SEGMENT_LIST } from './list.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => ({ list: readListParams(url, SEGMENT_LIST) });
