import { error } from '@sveltejs/kit';
import type { LayoutLoad } from './$types';

/** The environment named in the URL, and the user's role in it. */
export const load: LayoutLoad = async ({ params, parent }) => {
  const { me } = await parent();
  const environment = me.environments.find((env) => env.slug === params.env);
  if (!environment) error(404, `There is no environment "${params.env}", or you do not have access to it.`);
  return { environment, actor: { userId: me.id, role: environment.role } };
};
