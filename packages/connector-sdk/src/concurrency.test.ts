import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './concurrency.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapConcurrent', () => {
  it('yields results in source order while capping work in flight', async () => {
    let running = 0;
    let peak = 0;
    const results: number[] = [];
    for await (const value of mapConcurrent([50, 10, 30, 5, 20, 1, 15], 3, async (ms, index) => {
      running++;
      peak = Math.max(peak, running);
      await wait(ms);
      running--;
      return index;
    })) {
      results.push(value);
    }
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(3);
  });

  it('reads the source lazily, never more than `concurrency` items ahead', async () => {
    let read = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        read++;
        await Promise.resolve();
        yield i;
      }
    }
    const results = mapConcurrent(source(), 2, (n) => Promise.resolve(n * 2));
    const first = await results.next();
    expect(first.value).toBe(0);
    expect(read).toBeLessThanOrEqual(3);
    await results.return(undefined);
  });

  it('stops reading on an error and rethrows it once in-flight work has settled', async () => {
    let read = 0;
    let settled = 0;
    const source = (function* () {
      for (let i = 0; i < 50; i++) {
        read++;
        yield i;
      }
    })();
    const seen: number[] = [];
    const run = async () => {
      for await (const value of mapConcurrent(source, 3, async (n) => {
        await wait(n === 1 ? 5 : 30);
        settled++;
        if (n === 1) throw new Error('item 1 failed');
        return n;
      })) {
        seen.push(value);
      }
    };
    await expect(run()).rejects.toThrow('item 1 failed');
    expect(seen).toEqual([0]);
    expect(settled).toBe(read);
    expect(read).toBeLessThanOrEqual(4);
  });
});
