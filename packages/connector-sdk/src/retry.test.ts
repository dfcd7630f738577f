import { describe, expect, it } from 'vitest';
import {
  AuthError,
  type ConnectorError,
  PermanentError,
  RateLimitedError,
  RetryableError,
} from './errors.js';
import { classifyHttpResponse, maskTokens, parseRetryAfter, retryDelay, withRetry } from './retry.js';

/** A sleep that records what it was asked to wait and returns at once. */
function fakeSleep() {
  const delays: number[] = [];
  return { delays, sleep: (ms: number) => (delays.push(ms), Promise.resolve()) };
}

describe('withRetry', () => {
  it('waits the Retry-After the target asked for, then succeeds', async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    const result = await withRetry(
      (attempt) => {
        calls++;
        if (attempt < 3) throw new RateLimitedError('slow down', { retryAfterMs: 2_000 });
        return Promise.resolve('done');
      },
      { sleep },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(delays).toEqual([2_000, 2_000]);
  });

  it('caps an absurd Retry-After at five minutes', async () => {
    const { delays, sleep } = fakeSleep();
    let first = true;
    await withRetry(
      () => {
        if (!first) return Promise.resolve();
        first = false;
        throw new RateLimitedError('come back tomorrow', { retryAfterMs: 86_400_000 });
      },
      { sleep },
    );
    expect(delays).toEqual([300_000]);
  });

  it('backs off exponentially with jitter, capped, without a Retry-After', async () => {
    const { delays, sleep } = fakeSleep();
    const error = await withRetry(() => Promise.reject(new RetryableError('flaky')), {
      sleep,
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 500,
      random: () => 0.5,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect(delays).toEqual([50, 100, 200, 250]);
    expect(retryDelay(20, { random: () => 0.999 })).toBeLessThanOrEqual(30_000);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { sleep } = fakeSleep();
    let attempts = 0;
    const error = await withRetry(
      (attempt) => {
        attempts++;
        return Promise.reject(new RetryableError(`failure ${attempt}`));
      },
      { sleep, maxAttempts: 3 },
    ).catch((e: unknown) => e);
    expect(attempts).toBe(3);
    // The last failure, saying that retries gave up: a final 429 or 5xx promises nothing more.
    expect((error as Error).message).toBe('failure 3; gave up after 3 attempts');
    expect(error).toBeInstanceOf(RetryableError);
  });

  it('with maxElapsedMs, retries by time rather than count: through an outage, and not past the deadline', async () => {
    // A clock that moves only when the retry waits (each failed attempt itself is instant).
    let clock = 0;
    const sleep = (ms: number) => ((clock += ms), Promise.resolve());
    const timed = {
      sleep,
      now: () => clock,
      maxAttempts: Infinity,
      baseDelayMs: 500,
      maxDelayMs: 5_000,
      maxElapsedMs: 60_000,
      random: () => 0.5,
    };

    // The server comes back after 30 s: every attempt until then is refused.
    const done = await withRetry(
      () => (clock < 30_000 ? Promise.reject(new RetryableError('ECONNREFUSED')) : Promise.resolve('up')),
      timed,
    );
    expect(done).toBe('up');
    expect(clock).toBeGreaterThanOrEqual(30_000);

    // A server that stays down: the last attempt is made at the deadline, then its error is thrown.
    clock = 0;
    let attempts = 0;
    const error = await withRetry(
      () => (attempts++, Promise.reject(new RetryableError(`down at ${clock}`))),
      timed,
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe('down at 60000; gave up after 28 attempts');
    expect(attempts).toBeGreaterThan(6);
  });

  it('does not retry auth, permanent or foreign errors', async () => {
    const { sleep } = fakeSleep();
    for (const failure of [new AuthError('bad key'), new PermanentError('no'), new TypeError('bug')]) {
      let attempts = 0;
      await expect(
        withRetry(
          () => {
            attempts++;
            return Promise.reject(failure);
          },
          { sleep },
        ),
      ).rejects.toBe(failure);
      expect(attempts).toBe(1);
    }
  });

  it('stops when aborted during the wait, with the signal reason', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const promise = withRetry(() => Promise.reject(new RetryableError('flaky')), {
      signal: controller.signal,
      baseDelayMs: 10_000,
      random: () => 1,
    });
    setTimeout(() => controller.abort(reason), 20);
    await expect(promise).rejects.toBe(reason);
  });

  it('reports each retry', async () => {
    const { sleep } = fakeSleep();
    const seen: number[] = [];
    await withRetry(
      (attempt) =>
        attempt === 1 ? Promise.reject(new RateLimitedError('x', { retryAfterMs: 5 })) : Promise.resolve(),
      {
        sleep,
        onRetry: (info) => seen.push(info.attempt, info.delayMs),
      },
    );
    expect(seen).toEqual([1, 5]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-3')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('classifyHttpResponse', () => {
  it('passes 2xx and 3xx', () => {
    expect(classifyHttpResponse(200, {}, {})).toBeNull();
    expect(classifyHttpResponse(304, {}, undefined)).toBeNull();
  });

  it('reads a 429 delay from the Retry-After header with a readable message', () => {
    const error = classifyHttpResponse(429, new Headers({ 'Retry-After': '2' }), undefined)!;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterMs).toBe(2_000);
    expect(error.message).toBe('The target is rate limiting requests (HTTP 429; it asked to wait 2 s)');
  });

  it('reads a 429 delay from the body in the shapes targets use', () => {
    expect(classifyHttpResponse(429, {}, { retry_after_ms: 1500 })!.retryAfterMs).toBe(1500);
    expect(classifyHttpResponse(429, {}, { retry_after: 3 })!.retryAfterMs).toBe(3000);
    const google = {
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        details: [{ errors: [{ details: { quotaErrorDetails: { retryDelay: '30s' } } }] }],
      },
    };
    expect(classifyHttpResponse(429, {}, google)!.retryAfterMs).toBe(30_000);
    const hubspot = {
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      policyName: 'TEN_SECONDLY_ROLLING',
    };
    expect(classifyHttpResponse(429, {}, hubspot)!.retryAfterMs).toBe(10_000);
  });

  it('treats a bare 429 (Mailchimp, LinkedIn) as rate-limited without a delay, quoting the detail', () => {
    const error = classifyHttpResponse(
      429,
      { 'content-type': 'application/problem+json' },
      {
        title: 'TooManyRequests',
        detail: 'You have exceeded the limit of 10 simultaneous connections.',
      },
    )!;
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.message).toContain('You have exceeded the limit of 10 simultaneous connections.');
  });

  it('treats Meta throttling codes in a 400 or 403 as rate-limited, with the BUC regain time', () => {
    const body = {
      error: {
        message: 'Calls to this api have exceeded the rate limit.',
        type: 'OAuthException',
        code: 613,
        fbtrace_id: 'A1',
      },
    };
    const error = classifyHttpResponse(400, {}, body)!;
    expect(error.kind).toBe('rate-limited');
    const usage = JSON.stringify({
      '123': [{ type: 'custom_audience', call_count: 100, estimated_time_to_regain_access: 2 }],
    });
    expect(
      classifyHttpResponse(403, { 'x-business-use-case-usage': usage }, { error: { code: 80003 } })!
        .retryAfterMs,
    ).toBe(120_000);
    expect(classifyHttpResponse(400, {}, { error: { code: 100, error_subcode: 80004 } })!.kind).toBe(
      'rate-limited',
    );
    expect(
      classifyHttpResponse(400, {}, { error: { code: 100, message: '(#100) Invalid parameter' } })!.kind,
    ).toBe('permanent');
  });

  it('treats Azure ServerBusy and OperationTimedOut as retryable', () => {
    const busy = classifyHttpResponse(
      503,
      { 'x-ms-error-code': 'ServerBusy' },
      '<?xml version="1.0"?><Error><Code>ServerBusy</Code><Message>Busy.\nRequestId:1</Message></Error>',
    )!;
    expect(busy).toBeInstanceOf(RetryableError);
    expect(busy.message).toBe('The target had a temporary problem (HTTP 503 ServerBusy): Busy.');
    expect(classifyHttpResponse(500, { 'x-ms-error-code': 'OperationTimedOut' }, undefined)!.kind).toBe(
      'retryable',
    );
  });

  it('treats other 5xx and 408 as retryable, honouring a Retry-After', () => {
    expect(classifyHttpResponse(502, {}, '<html>Bad gateway</html>')!.message).toBe(
      'The target had a temporary problem (HTTP 502)',
    );
    expect(classifyHttpResponse(408, {}, undefined)!.kind).toBe('retryable');
    expect(classifyHttpResponse(503, { 'retry-after': '4' }, undefined)!.retryAfterMs).toBe(4_000);
  });

  it('maps 401 and 403 to auth errors, 404 and other 4xx to permanent ones with the body detail', () => {
    const unauthorized = classifyHttpResponse(
      401,
      {},
      { message: 'Empty oauth2_access_token', serviceErrorCode: 401, status: 401 },
    )!;
    expect(unauthorized).toBeInstanceOf(AuthError);
    expect(unauthorized.message).toBe(
      'The target refused the credentials (HTTP 401): Empty oauth2_access_token',
    );
    expect(classifyHttpResponse(403, {}, undefined)!.kind).toBe('auth');
    expect(classifyHttpResponse(404, {}, { title: 'Resource Not Found' })!.kind).toBe('permanent');
    const klaviyo = {
      errors: [{ status: 400, code: 'invalid', title: 'Invalid input.', detail: 'The email is invalid.' }],
    };
    const invalid = classifyHttpResponse(400, {}, klaviyo)!;
    expect(invalid).toBeInstanceOf(PermanentError);
    expect(invalid.message).toBe('The target rejected the request (HTTP 400): The email is invalid.');
  });

  it('never echoes headers, and masks a credential the body quotes back', () => {
    const key = 'sk_live_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';
    const error = classifyHttpResponse(
      401,
      { authorization: `Bearer ${key}` },
      { message: `API key ${key} is invalid` },
    ) as ConnectorError;
    expect(error.message).not.toContain(key);
    expect(error.message).toContain('[redacted]');
  });
});

describe('wording', () => {
  it('names the target once, and keeps its words and error code', () => {
    const body = {
      errors: [
        {
          id: 'e1',
          status: 401,
          code: 'not_authenticated',
          title: 'Authentication credentials were not provided.',
          detail: 'Missing or invalid private key.',
        },
      ],
    };
    const error = classifyHttpResponse(401, {}, body, { target: 'Klaviyo' })!;
    expect(error.message).toBe('Klaviyo refused the credentials (HTTP 401): Missing or invalid private key.');
    expect(error.options).toMatchObject({
      status: 401,
      detail: 'Missing or invalid private key.',
      code: 'not_authenticated',
    });
    expect(classifyHttpResponse(404, {}, undefined, { target: 'Klaviyo' })!.message).toBe(
      'Klaviyo could not find what was asked for (HTTP 404)',
    );
  });

  it('says how long a 429 asked to wait, and once retries give up, that they did', async () => {
    const throttled = classifyHttpResponse(429, { 'retry-after': '3' }, undefined, { target: 'Klaviyo' })!;
    expect(throttled.message).toBe('Klaviyo is rate limiting requests (HTTP 429; it asked to wait 3 s)');
    const { sleep } = fakeSleep();
    const error = await withRetry(() => Promise.reject(throttled), { sleep, maxAttempts: 4 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as Error).message).toBe(
      'Klaviyo is rate limiting requests (HTTP 429; it asked to wait 3 s); gave up after 4 attempts',
    );
    expect((error as ConnectorError).retryAfterMs).toBe(3_000);
  });

  it('masks the credentials it was given wherever a target quotes them, and token-like runs', () => {
    const body = { detail: 'Key pk_live_abc123XYZ was revoked; also saw sk-99ZZxx88yyQQ77ww66vv55uu44tt' };
    const error = classifyHttpResponse(403, {}, body, {
      target: 'Acme',
      secrets: ['Klaviyo-API-Key pk_live_abc123XYZ'],
    })!;
    expect(error.message).toBe(
      'Acme refused access: the credentials lack permission (HTTP 403): Key [redacted] was revoked; also saw [redacted]',
    );
  });

  it('keeps ordinary ids in URL paths', () => {
    const path =
      '/api/lists/Y6nRLr/relationships/profiles/01GDDKASAP8TKDDA2GRZDSVP4H/ and /v2/dmpSegments/123456789012345678901234/users';
    expect(maskTokens(`Not found: ${path}`)).toBe(`Not found: ${path}`);
    expect(maskTokens('https://a.klaviyo.com/api/profiles/9f1c1a6e-3b2d-4c5e-8f70-1a2b3c4d5e6f')).toBe(
      'https://a.klaviyo.com/api/profiles/9f1c1a6e-3b2d-4c5e-8f70-1a2b3c4d5e6f',
    );
    // A token inside a path is still masked; so is a base64 key with slashes in it.
    expect(maskTokens('/api/keys/pk7Hq2LmN9xR4tV8wZ3yB6cD1eF5gJ0k')).toBe('/api/keys/[redacted]');
    expect(maskTokens('key Ab3dEf6hIj9kLm2nOp5q/Rs8tUv1wXy4zA7bC0dE+fG3hI==')).toBe('key [redacted]');
  });

  it('gives the failure it was retrying when the time runs out, not a bare timeout', async () => {
    const signal = AbortSignal.timeout(30);
    const error = await withRetry(
      () =>
        Promise.reject(
          new RetryableError('Could not reach acme.example (ECONNREFUSED)', { code: 'ECONNREFUSED' }),
        ),
      { signal, baseDelayMs: 1_000, random: () => 1 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toBe(
      'Could not reach acme.example (ECONNREFUSED); gave up after 1 attempt when the time limit ran out',
    );
  });

  it('stops with the reason when cancelled', async () => {
    const controller = new AbortController();
    const pending = withRetry(() => Promise.reject(new RetryableError('flaky')), {
      signal: controller.signal,
      baseDelayMs: 1_000,
      random: () => 1,
    });
    controller.abort(new Error('Cancelled'));
    await expect(pending).rejects.toThrow('Cancelled');
  });
});
