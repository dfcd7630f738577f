import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

/** A writer whose writes finish when the test says so, recording what each write held. */
function gatedWriter() {
  const writes: number[][] = [];
  const releases: (() => void)[] = [];
  const failures: (Error | undefined)[] = [];
  const write = (entries: number[]) => {
    writes.push(entries);
    return new Promise<void>((resolve, reject) =>
      releases.push(() => (failures[writes.length - 1] ? reject(failures[writes.length - 1]!) : resolve())),
    );
  };
  const release = async () => {
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { writes, write, release, failNext: (error: Error) => (failures[writes.length] = error) };
}

describe('GroupCommit', () => {
  it('does not hold the sender while one write runs, and writes what queued meanwhile together, in order', async () => {
    const w = gatedWriter();
    const commits = new GroupCommit(w.write, 8);
    await commits.add(1);
    // The first write is running; these queue behind it without waiting.
    await commits.add(2);
    await commits.add(3);
    expect(w.writes).toEqual([[1]]);
    await w.release();
    expect(w.writes).toEqual([[1], [2, 3]]);
    const drained = commits.drain();
    await w.release();
    await drained;
    expect(w.writes).toEqual([[1], [2, 3]]);
  });

  it('makes the sender wait once the queue is full', async () => {
    const w = gatedWriter();
    const commits = new GroupCommit(w.write, 2);
    await commits.add(1);
    await commits.add(2);
    let third = false;
    const adding = commits.add(3).then(() => (third = true));
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    await w.release();
    await adding;
    expect(third).toBe(true);
    expect(w.writes).toEqual([[1], [2, 3]]);
  });

  it("hands a failed write's error to the next add and to drain, and writes nothing after it", async () => {
    const w = gatedWriter();
    const commits = new GroupCommit(w.write, 8);
    w.failNext(new Error('database gone'));
    await commits.add(1);
    await commits.add(2);
    await w.release();
    await expect(commits.add(3)).rejects.toThrow('database gone');
    await expect(commits.drain()).rejects.toThrow('database gone');
    await expect(commits.settle()).resolves.toBeUndefined();
    expect(w.writes).toEqual([[1]]);
  });
});
