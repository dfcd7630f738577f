import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The conformance kit, run on the members API connector as it should be and with each defect that
 * once passed the kit unnoticed (test/kit-fixtures). The kit runs in a vitest of its own, as a
 * connector's suite would, and this test reads its report: the sound connector passes every test,
 * each broken one fails the tests that catch its defect, with words that say what went wrong.
 */

interface AssertionResult {
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
  failureMessages: string[];
}
interface Report {
  testResults: { name: string; assertionResults: AssertionResult[] }[];
}

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'kit-fixtures');
let report: Report;

beforeAll(() => {
  const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const out = mkdtempSync(join(tmpdir(), 'outport-kit-report-'));
  try {
    // The fixtures wait on sandboxes far more than they compute: run them side by side.
    const run = spawnSync(process.execPath, [vitest, 'run', '--config', join(fixtures, 'vitest.config.ts'), '--maxWorkers', '6', '--reporter=json', `--outputFile=${join(out, 'report.json')}`], {
      cwd: fixtures,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
      timeout: 120_000,
    });
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    if (report.testResults.length !== 7) throw new Error(`the fixtures did not all run:\n${run.stdout}${run.stderr}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 120_000);

function results(fixture: string): AssertionResult[] {
  const file = report.testResults.find((r) => r.name.endsWith(`${fixture}.conformance.ts`));
  if (!file) throw new Error(`no report for ${fixture}`);
  return file.assertionResults;
}

/** The failed tests of a fixture, each with the start of its first failure message. */
function failures(fixture: string): Record<string, string> {
  return Object.fromEntries(results(fixture).filter((r) => r.status === 'failed').map((r) => [r.title.replace(/^sends [\d,]+ records.*$/, 'sends'), r.failureMessages[0]?.split('\n')[0] ?? '']));
}

const POLICY_TEST =
  'connects only through the outbound-address policy: with private targets refused, the connection test and an export fail with its refusal, and nothing reaches the sandbox';

describe('the conformance kit', () => {
  it('passes the members API connector as it should be', () => {
    expect(failures('conforming')).toEqual({});
    expect(results('conforming').filter((r) => r.status === 'passed').length).toBeGreaterThanOrEqual(11);
  });

  it('fails a connector that sends every batch twice: deliveries are counted at the sandbox', () => {
    expect(failures('sends-twice')).toMatchObject({
      sends: expect.stringContaining('records delivered at the sandbox (a batch sent twice counts twice): expected 18000 to be 9000'),
      'retries 429s and 5xx as the target asks, and still delivers everything once': expect.stringContaining('expected 100 to be 50'),
    });
  });

  it('fails a connector that declares, and sends, more records per request than the target accepts', () => {
    const failed = failures('oversized-requests');
    expect(failed['declares no limit beyond what the target accepts']).toBeDefined();
    expect(results('oversized-requests').find((r) => r.title === 'declares no limit beyond what the target accepts')!.failureMessages[0]).toContain(
      'the manifest declares 10,000 records per request; the target accepts at most 1,000',
    );
    expect(results('oversized-requests').find((r) => r.title.startsWith('sends'))!.failureMessages[0]).toContain('an upsert request carried 10,000 records; the target accepts at most 1,000');
  });

  it('fails a connector that sends without its rate limiter: concurrency and rate measured at the sandbox', () => {
    const message = results('no-rate-limiter').find((r) => r.title.startsWith('sends'))!.failureMessages[0] ?? '';
    // What the sandbox saw (a machine under load may spread the burst out, so either may show it),
    // and that no call went through the limiter.
    expect(message).toMatch(/requests were in flight at once; the manifest declares at most 2|requests arrived within a second; the manifest declares at most 8/);
    expect(message).toMatch(/\d+ requests reached the target, but only 0 went through connectionLimiter/);
  });

  it('fails a connector whose connection test does not ask the target', () => {
    expect(failures('connection-test-asks-nothing')).toEqual({
      'connects with good credentials, and again with what it learned stored; anything it learned is for declared, non-secret settings': expect.stringContaining(
        'requests the two connection tests made to the sandbox: expected 0 to be greater than or equal to 2',
      ),
      'refuses bad credentials with a clear auth error that does not leak them': expect.stringContaining('expected false to be true'),
      [POLICY_TEST]: expect.stringContaining('with private targets refused: the connection test succeeded; nothing reached the sandbox, so what succeeded did not ask the target'),
    });
  });

  it("fails a connector that connects with Node's global fetch, around the outbound-address policy", () => {
    // Everything else it does right: only the policy check sees it.
    expect(failures('uses-global-fetch')).toEqual({
      [POLICY_TEST]: expect.stringMatching(
        /^AssertionError: with private targets refused: the connection test succeeded; the export succeeded; (the sandbox accepted \d+ connection\(s\); )?the sandbox received \d+ request\(s\); connect through the SDK's HTTP client, outboundAgent or connectGuardedSocket, never global fetch/,
      ),
    });
  });

  it('fails a connector that ignores cancellation: calls begin after the export is cancelled', () => {
    const failed = failures('ignores-cancellation');
    expect(failed['stops sending when cancelled: no request starts afterwards, and the export returns promptly']).toMatch(
      /calls begun through the connection's limiter after the export was cancelled: expected [1-9]\d* to be \+0/,
    );
  });
});
