import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import type { PageLoad } from './$types';

/** The console opens on the segments of the user's first environment. */
export const load: PageLoad = async ({ parent }) => {
  const { me } = await parent();
  const first = me.environments[0];
  if (first) redirect(307, resolve('/(app)/e/[env]/segments', { env: first.slug }));
  return {};
};
