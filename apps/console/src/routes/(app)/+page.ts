import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { landingEnvironment } from '#lib/last-environment.ts';
import type { PageLoad } from './$types';

/** People land on Exports of the environment they used last (or their first one). */
export const load: PageLoad = async ({ parent }) => {
  const { me } = await parent();
  const slug = landingEnvironment(me.id, me.environments.map((e) => e.slug));
  if (slug) redirect(307, resolve('/(app)/e/[env]/exports', { env: slug }));
  return {};
};
