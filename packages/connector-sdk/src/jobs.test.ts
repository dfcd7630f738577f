import { describe, expect, it } from 'vitest';
import type { ExportRecord } from './define.js';
import { PermanentError, RetryableError } from './errors.js';
import { BatchRecordIndex, runAsyncJob, type JobState } from './jobs.js';
import { jsonApiPointerIndex } from './json-api.js';

/** A clock and a sleep that move together, instantly. */
function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('runAsyncJob', () => {
  it('polls with a growing wait until the job is done', async () => {
    const time = fakeTime();
    const states: JobState<string>[] = [{ state: 'pending' }, { state: 'pending', progress: 0.5 }, { state: 'pending' }, { state: 'done', result: 'imported' }];
    const submitted: number[] = [];
    const outcome = await runAsyncJob({
      describe: 'test import job',
      submit: (n) => Promise.resolve(submitted.push(n) && 'job-1'),
      poll: () => Promise.resolve(states.shift()!),
      firstPollMs: 1_000,
      backoff: 2,
      maxPollMs: 3_000,
      ...time,
    });
    expect(outcome).toEqual({ handle: 'job-1', result: 'imported', submissions: 1, polls: 4 });
    expect(time.waits).toEqual([1_000, 2_000, 3_000, 3_000]);
    expect(submitted).toEqual([1]);
  });

  it('submits a cancelled job again, up to maxResubmits times, then gives up', async () => {
    const time = fakeTime();
    const resubmits: number[] = [];
    let submissions = 0;
    const poll = (handle: string): Promise<JobState<string>> => Promise.resolve(handle === 'job-2' ? { state: 'done', result: 'ok' } : { state: 'cancelled', message: 'cancelled by an admin' });
    const outcome = await runAsyncJob({ describe: 'import job', submit: () => Promise.resolve(`job-${++submissions}`), poll, onResubmit: (info) => resubmits.push(info.submission), ...time });
    expect(outcome).toMatchObject({ handle: 'job-2', submissions: 2 });
    expect(resubmits).toEqual([2]);

    const always = runAsyncJob({ describe: 'import job', submit: () => Promise.resolve('job-x'), poll, maxResubmits: 1, ...fakeTime() });
    await expect(always).rejects.toThrow(new RetryableError('The import job was cancelled by the target (2 times): cancelled by an admin.'));
  });

  it('fails with the target words when the job fails, and stops waiting after the time limit', async () => {
    await expect(runAsyncJob({ describe: 'import job', submit: () => Promise.resolve(1), poll: () => Promise.resolve({ state: 'failed', message: 'The file was empty.' }), ...fakeTime() })).rejects.toThrow(
      new PermanentError('The import job failed: The file was empty.'),
    );
    const endless = runAsyncJob({ describe: 'import job', submit: () => Promise.resolve(1), poll: () => Promise.resolve({ state: 'pending' }), timeoutMs: 300_000, ...fakeTime() });
    await expect(endless).rejects.toThrow(/^The import job was still running after 5 min; Outport stopped waiting for it\.$/);
  });

  it('stops at once when cancelled, also in the middle of a wait, and polls no more', async () => {
    const controller = new AbortController();
    let polls = 0;
    const job = runAsyncJob({
      describe: 'import job',
      submit: () => Promise.resolve(1),
      poll: () => Promise.resolve((polls++, { state: 'pending' as const })),
      firstPollMs: 10_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('Cancelled')), 20);
    const started = Date.now();
    await expect(job).rejects.toThrow('Cancelled');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(polls).toBe(0);
  });
});

describe('BatchRecordIndex', () => {
  const records: ExportRecord[] = [
    { key: 'k1', values: { email: 'a@x.io' } },
    { key: 'k2', values: { email: 'B@x.io' } },
    { key: 'k3', values: { email: 'c@x.io' } },
    { key: 'k4', values: { email: 'b@x.io' } },
  ];

  it('maps job errors back to record keys by position or identity, every record once', () => {
    const index = new BatchRecordIndex(records, (r) => String(r.values.email));
    // A JSON:API import error points into the payload's list of profiles.
    const pointer = '/data/attributes/profiles/data/2/attributes/email';
    expect(index.rejectAt(jsonApiPointerIndex(pointer, '/data/attributes/profiles/data')!, 'Invalid email', 'email')).toBe(true);
    // An error naming the address rejects every record that carried it.
    expect(index.rejectIdentity(' b@X.io ', 'Suppressed profile')).toBe(2);
    expect(index.rejectIdentity('nobody@x.io', 'unknown')).toBe(0);
    expect(index.rejectAt(7, 'out of range')).toBe(false);
    expect(index.rejectAt(2, 'a second reason is ignored')).toBe(true);
    expect(index.result(5)).toEqual({
      sequence: 5,
      accepted: 1,
      rejected: [
        { key: 'k2', reason: 'Suppressed profile' },
        { key: 'k3', reason: 'Invalid email', field: 'email' },
        { key: 'k4', reason: 'Suppressed profile' },
      ],
    });
  });

  it('rejects the rest when the target refused the batch as a whole', () => {
    const index = new BatchRecordIndex(records);
    index.rejectAt(0, 'first');
    index.rejectRest('The job was refused.');
    expect(index.accepted).toBe(0);
    expect(index.rejected.map((r) => r.reason)).toEqual(['first', 'The job was refused.', 'The job was refused.', 'The job was refused.']);
  });
});
