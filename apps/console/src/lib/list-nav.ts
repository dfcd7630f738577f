// Moves a list page to new search, sort or paging state: the state lives in the URL (see
// list-params.ts), so changing it is a navigation. A new search replaces the history entry, so the
// back button skips the keystrokes.
import { goto } from '$app/navigation';
import { page } from '$app/state';
import type { ResolvedPathname } from '$app/types';
import { listSearch, type ListParams, type ListSpec } from './list-params.ts';

export function updateList(spec: ListSpec, change: Partial<ListParams>, filters: Record<string, string | undefined> = {}): void {
  const href = (page.url.pathname + listSearch(page.url, spec, change, filters)) as ResolvedPathname;
  void goto(href, { reset: false, replace: change.q !== undefined });
}
