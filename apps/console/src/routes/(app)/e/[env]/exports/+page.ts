import { readListParams } from '#lib/list-params.ts';
import { EXPORT_LIST, readStatus } from './list.ts';
import type { PageLoad } from './$types';

/** The list's state comes from the URL at once; the page loads the rows itself, showing its loading state. */
export const load: PageLoad = ({ url }) => ({ list: readListParams(url, EXPORT_LIST), status: readStatus(url) });
