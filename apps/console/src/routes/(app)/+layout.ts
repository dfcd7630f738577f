import { api, loggedIn, unwrap } from '#lib/api.ts';
import type { LayoutLoad } from './$types';

/** Every page in this group needs a logged-in user: who they are and where they may work. */
export const load: LayoutLoad = async ({ fetch }) => {
  const me = await loggedIn(async () => unwrap(await api.GET('/api/v1/auth/me', { fetch })));
  return { me };
};
