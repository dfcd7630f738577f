// Data a page shows, loaded in the browser after the page is on screen: the page renders at once
// with its loading state, and a failed call becomes an error state with Retry in place of the list
// instead of replacing the whole console.
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { errorMessage, isUnauthorized } from './api.ts';

export class Resource<T> {
  data = $state<T | undefined>(undefined);
  error = $state<string | null>(null);
  loading = $state(false);
  #seq = 0;
  #last: (() => Promise<T>) | null = null;

  /** Loads with `fetcher`; answers of older calls that come back late are dropped. */
  async load(fetcher: () => Promise<T>): Promise<void> {
    this.#last = fetcher;
    const seq = ++this.#seq;
    this.loading = true;
    this.error = null;
    try {
      const value = await fetcher();
      if (seq === this.#seq) this.data = value;
    } catch (e) {
      if (seq !== this.#seq) return;
      if (isUnauthorized(e)) {
        await goto(resolve('/login'), { replaceState: true });
        return;
      }
      this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** Loads again with the last fetcher (Retry, or after a change). */
  reload(): Promise<void> {
    return this.#last ? this.load(this.#last) : Promise.resolve();
  }

  /** Replaces the data in place (an edit came back) without a round trip. */
  set(value: T): void {
    this.data = value;
  }
}
