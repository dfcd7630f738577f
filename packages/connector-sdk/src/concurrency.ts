/**
 * Runs `fn` over a stream with up to `concurrency` calls at once and yields the results in source
 * order, which is what `exportItem` needs: batches may be sent in parallel, but their results must
 * come back in sequence order.
 *
 * - Lazy: the source is read only when a slot is free, so at most `concurrency` items are ever
 *   taken ahead of the consumer (a slow target slows the database read instead of filling memory).
 * - On the first failure no further items are read. Results that come before the failed item in
 *   source order are still yielded (their work is done and can be checkpointed); then, once every
 *   call still in flight has settled, the failure is rethrown.
 * - If the consumer stops early, in-flight calls are awaited and the source is closed.
 */
export async function* mapConcurrent<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): AsyncGenerator<R> {
  const limit = Math.max(1, Math.floor(concurrency) || 1);
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : fromSync(source[Symbol.iterator]());
  const inFlight: Promise<Settled<R>>[] = [];
  let index = 0;
  let exhausted = false;
  let failed = false;

  try {
    for (;;) {
      while (!exhausted && !failed && inFlight.length < limit) {
        let next: IteratorResult<T>;
        try {
          next = await iterator.next();
        } catch (error) {
          exhausted = true; // a broken source is not read again, nor closed
          inFlight.push(Promise.resolve({ ok: false, error }));
          break;
        }
        if (next.done) {
          exhausted = true;
          break;
        }
        const call = settle(fn, next.value, index++);
        void call.then((result) => {
          if (!result.ok) failed = true;
        });
        inFlight.push(call);
      }
      const head = inFlight.shift();
      if (!head) return;
      const result = await head;
      if (!result.ok) {
        failed = true;
        await Promise.all(inFlight);
        throw result.error;
      }
      yield result.value;
    }
  } finally {
    await Promise.all(inFlight);
    if (!exhausted) await iterator.return?.();
  }
}

type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

async function settle<T, R>(fn: (item: T, index: number) => Promise<R>, item: T, index: number): Promise<Settled<R>> {
  try {
    return { ok: true, value: await fn(item, index) };
  } catch (error) {
    return { ok: false, error };
  }
}

function fromSync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return {
    next: () => Promise.resolve(iterator.next()),
    return: () => Promise.resolve(iterator.return?.() ?? { done: true, value: undefined }),
  };
}
