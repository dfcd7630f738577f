// Where people land after logging in: Exports of the environment they used last. Kept in this
// browser's storage per user (a choice: it needs no server state, and a shared browser keeps each
// user's own). When it is unknown or no longer theirs, the first environment they have.

const key = (userId: string) => `outport.lastEnvironment.${userId}`;

export function rememberEnvironment(userId: string | null, slug: string): void {
  if (!userId) return;
  try {
    localStorage.setItem(key(userId), slug);
  } catch {
    // Storage may be full or disabled; landing on the first environment is fine then.
  }
}

export function landingEnvironment(userId: string | null, slugs: string[]): string | undefined {
  let last: string | null;
  try {
    last = userId ? localStorage.getItem(key(userId)) : null;
  } catch {
    last = null;
  }
  return last && slugs.includes(last) ? last : slugs[0];
}
