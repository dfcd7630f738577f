import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { CellValue, ColumnType, SegmentType } from '@outport/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorDefinition, ExportContext, ExportItem, ExportRecord, Values } from '../define.js';
import { isConnectorError, type ConnectorError } from '../errors.js';
import { closeIdleOutboundSockets } from '../net/agents.js';
import { retireGuardedFetchConnections } from '../net/fetch.js';
import { findOutboundRefusal, overrideOutboundPolicy } from '../net/policy.js';
import { buildManifest, manifestFileText } from '../manifest-file.js';
import { limitsFor, windowsOf, type ConnectorField, type ConnectorManifest } from '../manifest.js';
import { prepareRecord } from '../normalize.js';
import { RateLimiter, rateLimitsOf, type CallLimiter, type RateLimits } from '../rate-limit.js';
import { markedSections, renderReadme } from '../readme.js';
import { runExport, type BatchProgress, type SourceRecord } from '../run.js';
import { validateSettings, withLearnedSettings, type SettingValue, type SettingsProblem } from '../settings.js';
import { checkRequestLog, declaredBeyondTarget, type SandboxFault, type SandboxLogEntry, type SandboxStats } from '../sandbox/index.js';

/**
 * How the kit reaches a connector's sandbox (or real server, for storage and file targets). The
 * contract is documented in CONTRIBUTING-CONNECTORS.md ("Pass the conformance kit").
 */
export interface ConformanceSetup {
  /** The connection's settings and secrets, and the export's options, as a user would enter them. */
  settings: Values;
  secrets: Record<string, string>;
  options?: Values;
  /** The audience kind to export to (default: the manifest's first). */
  audienceKind?: string;
  /** Secrets the target must refuse: testConnection has to fail with an 'auth' error. Omit for
   *  targets without credentials (a local folder). */
  badSecrets?: Record<string, string>;
  /**
   * What the target now holds for the item, as it counts it: members of the audience, list or tag
   * the segment became; rows of the item's latest file. A target that keeps a set (one member per
   * email) cannot show a record sent twice here: give `deliveries` too.
   */
  count(item: ExportItem): Promise<number>;
  /**
   * Records the target received for the item so far, every copy counted (a batch sent twice
   * counts twice), measured at the sandbox (`SandboxServer.deliveries`). Required when the manifest
   * declares `capabilities.removeMembers`: such targets keep sets of members.
   */
  deliveries?(item: ExportItem): Promise<number> | number;
  /** Makes the target refuse these records (values as the connector sends them). */
  rejectRecords?(records: ExportRecord[]): void;
  /** HTTP sandboxes: queue a fault (429, 5xx, latency, expired auth). Needs `clearFaults`. */
  inject?(fault: SandboxFault): void;
  /** Drops every queued fault and any latency; the kit calls it after each test. */
  clearFaults?(): void;
  /** HTTP sandboxes: the request statistics and log the kit measures limits on. */
  stats?(): SandboxStats;
  /**
   * Targets reached over the network whose sandbox gives no `stats()` (an SSH server, an emulator
   * in a child process behind `startCountingRelay`): the TCP connections it has accepted so far.
   * With it (or `stats().connections`) the kit checks that the connector connects only through the
   * SDK's outbound-address policy. Only a target reached without the network (a local folder)
   * gives neither.
   */
  connections?(): number;
  close(): Promise<void>;
}

export interface ConformanceTarget {
  connector: ConnectorDefinition;
  packageDir: string;
  setup(): Promise<ConformanceSetup>;
  /**
   * The fewest records in the main export (default 1,200). The kit sends more when the manifest's
   * limits need more to be exercised: enough batches to fill every concurrent slot several times
   * and to go past a short request window.
   */
  size?: number;
  /** Tells suites apart when a connector runs the kit more than once (e.g. per destination). */
  label?: string;
}

const silent = { info: () => undefined, warn: () => undefined };

/** The most records the kit sends in one export. */
const MAX_SIZE = 60_000;
/** Windows up to this long are pushed past in the main export (a conforming connector waits one out). */
const SHORT_WINDOW_MS = 2_000;
/** Latency the sandbox adds in the limits test, so requests overlap and concurrency shows. */
const LIMITS_LATENCY_MS = 20;
/** Latency in the cancellation test: requests are in flight when the export is cancelled. */
const CANCEL_LATENCY_MS = 100;
/** How long an export may take to return once cancelled, beyond the request in flight (generous: test machines are busy). */
const CANCEL_RETURN_MS = 5_000;
/**
 * A request written just before its export was cancelled can still be read by the sandbox a moment
 * after the export returned; one read later than this was sent afterwards.
 */
const ARRIVAL_SLACK_MS = 100;

/**
 * Records the host-side limiter calls a connector makes through `connectionLimiter`: which limits
 * it asked for, and how many calls went through. The kit hands it to connectors as the host's
 * shared limiter, so a connector that sends around its limiter, or with other limits than it
 * declares, is seen.
 */
class LimiterRecorder {
  calls = 0;
  /** When each call began (performance.now()). */
  readonly starts: number[] = [];
  readonly requested: { key: string; limits: RateLimits }[] = [];
  private readonly limiters = new Map<string, RateLimiter>();

  /** Calls still waiting for their turn or in flight, across every limiter handed out. */
  get busy(): number {
    let busy = 0;
    for (const limiter of this.limiters.values()) busy += limiter.pending + limiter.active;
    return busy;
  }

  readonly sharedLimiter = (key: string, limits: RateLimits): CallLimiter => {
    this.requested.push({ key, limits });
    let limiter = this.limiters.get(key);
    if (!limiter) this.limiters.set(key, (limiter = new RateLimiter(limits)));
    const chosen = limiter;
    return {
      run: (work, signal) =>
        chosen.run(() => {
          this.calls++;
          this.starts.push(performance.now());
          return work();
        }, signal),
    };
  };
}

/**
 * The conformance suite every connector runs against its sandbox with one call. It checks what
 * DESIGN section 3 promises of every connector, through the same runExport path the run engine
 * uses, and measures at the target what was really sent.
 */
export function describeConformance(target: ConformanceTarget): void {
  const manifest = buildManifest(target.connector, target.packageDir);
  const segmentExport = manifest.exportTypes.includes('segment');
  const upsertLimits = limitsFor(manifest.limits, 'upsert');
  const concurrency = Math.max(1, upsertLimits.concurrentRequests ?? manifest.limits.concurrentRequests);
  const perRequest = upsertLimits.recordsPerRequest;
  const size = mainExportSize(manifest, target.size ?? 1_200);
  const declaredWindows = [manifest.limits.requestsPerInterval, ...Object.values(manifest.limits.operations ?? {}).map((o) => o.requestsPerInterval)].flatMap(windowsOf);
  /** Records for an export of several rounds of concurrent batches (mid-run faults and cancellation). */
  const roundsSize = perRequest ? Math.min(MAX_SIZE, perRequest * Math.max(6, concurrency * 3 + 2)) : 1_000;
  // A fresh host limiter per test, so calls a broken connector left queued do not hold up the next.
  let recorder = new LimiterRecorder();
  /** Limits the connector asked its limiters for, over every test. */
  const requestedLimits: { key: string; limits: RateLimits }[] = [];

  describe(`${manifest.name} conformance${target.label ? ` (${target.label})` : ''}`, () => {
    let setup: ConformanceSetup;

    beforeAll(async () => {
      setup = await target.setup();
      if (setup.inject && !setup.clearFaults) throw new Error('The conformance setup gives inject() but no clearFaults(): faults must be cleared between tests.');
    });
    /** Puts back the outbound-address policy a test replaced; set while one is replaced. */
    let restorePolicy: (() => void) | undefined;
    afterEach(() => {
      restorePolicy?.();
      restorePolicy = undefined;
      setup?.clearFaults?.();
      requestedLimits.push(...recorder.requested);
      recorder = new LimiterRecorder();
    });
    afterAll(async () => {
      await setup?.close();
    });

    const context = (signal: AbortSignal = new AbortController().signal): ExportContext => ({
      settings: setup.settings,
      secrets: setup.secrets,
      options: setup.options ?? {},
      audienceKind: setup.audienceKind,
      signal,
      logger: silent,
      exportId: randomUUID(),
      exportName: 'Conformance export',
      runId: randomUUID(),
      startedAt: new Date(),
      sharedLimiter: (key, limits) => recorder.sharedLimiter(key, limits),
    });

    type Mode = 'segment' | 'table';
    const defaultMode: Mode = segmentExport ? 'segment' : 'table';
    const newItem = (count: number, mode: Mode = defaultMode): ExportItem =>
      mode === 'segment'
        ? { kind: 'segment', id: randomUUID(), name: `Conformance ${randomUUID().slice(0, 8)}`, segmentType: acceptedType(manifest, setup.audienceKind), memberCount: count }
        : { kind: 'table', id: randomUUID(), name: `Conformance_${randomUUID().slice(0, 8)}`, keyColumn: 'id', columns: TABLE_COLUMNS, rowCount: count };

    const records = (count: number, from = 0, mode: Mode = defaultMode): SourceRecord[] =>
      Array.from({ length: count }, (_, i) => generateRecord(manifest, setup.audienceKind, from + i, mode));

    const exportRecords = (
      item: ExportItem,
      upserts: SourceRecord[],
      options: { removals?: SourceRecord[]; signal?: AbortSignal; onBatch?: (progress: BatchProgress) => void } = {},
    ) =>
      runExport({
        connector: target.connector,
        manifest,
        context: context(options.signal),
        items: [{ item, records: upserts, ...(options.removals ? { removals: options.removals } : {}) }],
        onBatch: options.onBatch,
      });

    const deliveries = async (item: ExportItem) => (setup.deliveries ? await setup.deliveries(item) : undefined);
    /** The sandbox's log entries of requests that arrived since `since`. */
    const requestsSince = (since: number): SandboxLogEntry[] | undefined => setup.stats?.().log.filter((entry) => entry.at >= since);

    it('has a valid manifest, and manifest.json and the README tables are current', () => {
      const checkedIn = readFileSync(join(target.packageDir, 'manifest.json'), 'utf8');
      expect(checkedIn).toBe(manifestFileText(manifest));
      const readmeFile = join(target.packageDir, 'README.md');
      const readme = existsSync(readmeFile) ? readFileSync(readmeFile, 'utf8') : '';
      expect(readme === renderReadme(readme, manifest), `the tables marked in README.md (${markedSections(readme).join(', ')}) are stale: run the build`).toBe(true);
    });

    it('connects with good credentials, and again with what it learned stored; anything it learned is for declared, non-secret settings', async () => {
      // The setup is what a user would enter: it passes the connection form's own checks.
      const declared = manifest.connection.settings;
      expectNoProblems(problemsOf(validateSettings(declared, setup.settings)), "the setup's settings, checked as the connection form checks them");
      expectNoProblems(problemsOf(validateSettings(declared, setup.secrets, { secrets: true, context: setup.settings })), "the setup's secrets, checked as the connection form checks them");
      const test = (settings: Values) => target.connector.testConnection({ settings, secrets: setup.secrets, signal: new AbortController().signal, logger: silent });
      const before = setup.stats?.();
      const result = await test(setup.settings);
      expect(result === undefined || (typeof result === 'object' && result !== null), 'testConnection resolves to nothing or to { learned }').toBe(true);
      const learned = result?.learned ?? {};
      expect(Object.keys(learned).filter((key) => !declared.some((s) => s.key === key && !s.secret)), 'learned values for settings that are not declared, or are secret').toEqual([]);
      // The host keeps a learned value where the setting is empty, if the setting's own checks pass.
      const { settings: stored, recorded } = withLearnedSettings(declared, setup.settings as Record<string, SettingValue>, learned);
      const empty = (key: string) => setup.settings[key] === undefined || setup.settings[key] === null || setup.settings[key] === '';
      expect(Object.keys(recorded).sort(), "learned values the host could not keep (the setting's own checks refuse them)").toEqual(Object.keys(learned).filter(empty).sort());
      // A connection saved with what its test learned tests the same way (a learned host key is pinned, not refused).
      const again = await test(stored);
      expect(again === undefined || (typeof again === 'object' && again !== null), 'testConnection resolves to nothing or to { learned }').toBe(true);
      const after = setup.stats?.();
      if (before && after) {
        expect(after.requests - before.requests, 'requests the two connection tests made to the sandbox').toBeGreaterThanOrEqual(2);
        expect(after.authFailures - before.authFailures, 'requests of the connection tests the sandbox refused for their credentials').toBe(0);
      }
    });

    it('refuses bad credentials with a clear auth error that does not leak them', async (ctx) => {
      const badSecrets = setup.badSecrets;
      if (!badSecrets) return ctx.skip('the target takes no credentials');
      const error = await target.connector
        .testConnection({ settings: setup.settings, secrets: { ...setup.secrets, ...badSecrets }, signal: new AbortController().signal, logger: silent })
        .then(() => null, (e: unknown) => e);
      expect(isConnectorError(error)).toBe(true);
      expect((error as ConnectorError).kind).toBe('auth');
      expectNoSecrets(error as Error, [...Object.values(badSecrets), ...Object.values(setup.secrets)]);
    });

    it('connects only through the outbound-address policy: with private targets refused, the connection test and an export fail with its refusal, and nothing reaches the sandbox', async (ctx) => {
      const connections = () => setup.stats?.().connections ?? setup.connections?.();
      const before = connections();
      if (before === undefined) return ctx.skip('the setup counts no connections (a target reached without the network, such as a local folder)');
      const requestsBefore = setup.stats?.().requests;
      // A stricter policy holds for new connections: sockets pooled while the sandbox was allowed go first.
      closeIdleOutboundSockets();
      retireGuardedFetchConnections();
      // The sandbox listens on loopback: refused, with no allow-list entry to let it through.
      restorePolicy = overrideOutboundPolicy({ allowPrivateTargets: false, allowedTargets: [] });
      const problems: string[] = [];
      const expectRefused = (what: string, error: unknown) => {
        if (findOutboundRefusal(error)) return;
        problems.push(error === null ? `${what} succeeded` : `${what} failed with ${describeError(error)}, not the SDK's outbound refusal (OutboundAddressError)`);
      };
      try {
        const tested = await target.connector
          .testConnection({ settings: setup.settings, secrets: setup.secrets, signal: new AbortController().signal, logger: silent })
          .then(() => null, (e: unknown) => e);
        expectRefused('the connection test', tested);
        const exported = await exportRecords(newItem(20), records(20, 400_000)).then(() => null, (e: unknown) => e);
        expectRefused('the export', exported);
        // Work a connector left running in the background would reach the sandbox now.
        await new Promise((resolve) => setTimeout(resolve, ARRIVAL_SLACK_MS));
      } finally {
        restorePolicy();
        restorePolicy = undefined;
      }
      const accepted = (connections() ?? 0) - before;
      if (accepted > 0) problems.push(`the sandbox accepted ${accepted} connection(s)`);
      const requests = requestsBefore === undefined ? 0 : (setup.stats?.().requests ?? 0) - requestsBefore;
      if (requests > 0) problems.push(`the sandbox received ${requests} request(s)`);
      if (accepted > 0 || requests > 0) problems.push("connect through the SDK's HTTP client, outboundAgent or connectGuardedSocket, never global fetch or node:net/tls directly");
      else if (problems.length > 0) problems.push('nothing reached the sandbox, so what succeeded did not ask the target');
      expectNoProblems(problems, 'with private targets refused');
    });

    it(`sends ${size.toLocaleString('en-US')} records${perRequest ? ` in ${Math.ceil(size / perRequest)} batches` : ''} within the declared and the target's limits, each delivered once, and a re-run counts nothing twice`, async () => {
      if (manifest.capabilities.removeMembers) {
        expect(typeof setup.deliveries, 'a target that keeps members (capabilities.removeMembers) must give deliveries(item), counted at the sandbox').toBe('function');
      }
      const item = newItem(size);
      const all = records(size);
      for (const run of ['first run', 're-run']) {
        const before = await deliveries(item);
        const callsBefore = recorder.calls;
        setup.inject?.({ kind: 'latency', ms: LIMITS_LATENCY_MS });
        const started = performance.now();
        const outcome = await exportRecords(item, all).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        );
        setup.clearFaults?.();
        const sent = requestsSince(started);
        if (sent) {
          // Limits first: an export a target refused for its size fails, and this says why.
          const target = setup.stats?.().targetLimits;
          const problems = [...checkRequestLog(sent, manifest.limits, 'the manifest declares'), ...(target ? checkRequestLog(sent, target, 'the target accepts') : [])];
          // Windows too long (or a machine too busy) to show a burst are kept by the limiter, if
          // every call goes through it.
          const limited = recorder.calls - callsBefore;
          if (declaredWindows.length > 0 && limited < sent.length) problems.push(`${sent.length} requests reached the target, but only ${limited} went through connectionLimiter`);
          expectNoProblems(problems, `${run}, measured at the sandbox`);
        }
        if ('error' in outcome) throw outcome.error;
        expect(outcome.result.items[0]!.rejected, run).toEqual([]);
        expect(outcome.result.items[0]!.accepted, run).toBe(size);
        expect(await setup.count(item), `${run}: what the target holds`).toBe(size);
        const after = await deliveries(item);
        if (before !== undefined && after !== undefined) expect(after - before, `${run}: records delivered at the sandbox (a batch sent twice counts twice)`).toBe(size);
      }
      const declared = [rateLimitsOf(manifest.limits), ...Object.keys(manifest.limits.operations ?? {}).map((op) => rateLimitsOf(manifest.limits, op))].map((l) => JSON.stringify(l));
      for (const { key, limits } of [...requestedLimits, ...recorder.requested]) {
        expect(declared, `limiter "${key}" was asked for other limits than the manifest declares`).toContain(JSON.stringify(limits));
      }
    });

    it('declares no limit beyond what the target accepts', (ctx) => {
      const targetLimits = setup.stats?.().targetLimits;
      if (!targetLimits) return ctx.skip('the sandbox states no limits of the target');
      expectNoProblems(declaredBeyondTarget(manifest.limits, targetLimits, [undefined, 'upsert', 'remove', ...Object.keys(manifest.limits.operations ?? {})]), 'limits');
    });

    it('exports a table whole, with every row', async (ctx) => {
      if (!manifest.exportTypes.includes('data-out')) return ctx.skip('the connector takes no tables');
      const item = newItem(500, 'table');
      const result = await exportRecords(item, records(500, 40_000, 'table'));
      expect(result.items[0]!.accepted).toBe(500);
      expect(await setup.count(item)).toBe(500);
    });

    it('retries 429s and 5xx as the target asks, and still delivers everything once', async (ctx) => {
      if (!setup.inject) return ctx.skip('the target cannot be made to fail (no inject)');
      const item = newItem(50);
      // 5xx first: they are retried after a short backoff, the 429s after the second they ask for.
      setup.inject({ kind: 'server-error', times: 2, status: 503 });
      setup.inject({ kind: 'rate-limit', times: 2, retryAfterMs: 1_000 });
      const before = setup.stats?.();
      const started = Date.now();
      const result = await exportRecords(item, records(50));
      expect(result.items[0]!.accepted).toBe(50);
      expect(await setup.count(item)).toBe(50);
      // Two 429s each asked for a one-second pause.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
      const after = setup.stats?.();
      if (before && after) {
        expect(after.throttled - before.throttled).toBe(2);
        expect(after.serverErrors - before.serverErrors).toBe(2);
      }
      const delivered = await deliveries(item);
      if (delivered !== undefined) expect(delivered, 'records delivered at the sandbox').toBe(50);
    });

    it('stops at credentials that expire mid-run with an auth error, without retrying them', async (ctx) => {
      if (!setup.inject) return ctx.skip('the target cannot be made to fail (no inject)');
      const item = newItem(roundsSize);
      const before = setup.stats?.().authFailures ?? 0;
      let expiredAt: number | undefined;
      const error = await exportRecords(item, records(roundsSize, 100_000), {
        onBatch: () => {
          if (expiredAt !== undefined) return;
          expiredAt = performance.now();
          setup.inject!({ kind: 'expired-auth', times: 1_000_000 });
        },
      }).then(
        () => null,
        (e: unknown) => e,
      );
      const stoppedAfter = performance.now() - (expiredAt ?? 0);
      expect(expiredAt, 'the first batch was acknowledged before the credentials expired').toBeDefined();
      expect(isConnectorError(error) ? error.kind : error, 'the export fails with an auth error').toBe('auth');
      expectNoSecrets(error as Error, Object.values(setup.secrets));
      expect(stoppedAfter, 'the export stops soon after the credentials expire').toBeLessThan(10_000);
      const stats = setup.stats?.();
      if (stats) expect(stats.authFailures - before, 'requests refused for expired credentials (each in-flight batch may meet it once; none is retried)').toBeLessThanOrEqual(concurrency + 2);
    });

    it('stops sending when cancelled: no request starts afterwards, and the export returns promptly', async () => {
      const item = newItem(roundsSize);
      const controller = new AbortController();
      setup.inject?.({ kind: 'latency', ms: CANCEL_LATENCY_MS });
      let abortedAt: number | undefined;
      const outcome = exportRecords(item, records(roundsSize, 200_000), {
        signal: controller.signal,
        onBatch: () => {
          if (abortedAt !== undefined) return;
          abortedAt = performance.now();
          controller.abort(new Error('Cancelled by the conformance kit'));
        },
      }).then(
        () => null,
        (e: unknown) => e,
      );
      const error = await outcome;
      const returnedAt = performance.now();
      const returnedAfter = returnedAt - (abortedAt ?? 0);
      expect(abortedAt, 'the first batch was acknowledged before the export was cancelled').toBeDefined();
      expect(error, 'a cancelled export does not succeed').not.toBeNull();
      expect(returnedAfter, 'the export returns soon after it is cancelled').toBeLessThan(CANCEL_RETURN_MS + (setup.inject ? CANCEL_LATENCY_MS : 0));
      // Work left running in the background would show up now, or wait in the connection's limiter.
      await new Promise((resolve) => setTimeout(resolve, 3 * CANCEL_LATENCY_MS + ARRIVAL_SLACK_MS));
      expect(recorder.starts.filter((at) => at > abortedAt!).length, "calls begun through the connection's limiter after the export was cancelled").toBe(0);
      const late = requestsSince(returnedAt + ARRIVAL_SLACK_MS);
      if (late) expect(late.length, 'requests that reached the target after the cancelled export returned').toBe(0);
      expect(recorder.busy, "calls still waiting in the connection's limiter after the export was cancelled (a call without the run's signal)").toBe(0);
    });

    it('sends nothing when cancelled before it starts', async () => {
      const item = newItem(20);
      const controller = new AbortController();
      controller.abort(new Error('Cancelled by the conformance kit'));
      const started = performance.now();
      const error = await exportRecords(item, records(20, 300_000), { signal: controller.signal }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, 'a cancelled export does not succeed').not.toBeNull();
      expect(requestsSince(started)?.length ?? 0, 'requests that reached the target').toBe(0);
      expect(await setup.count(item)).toBe(0);
    });

    it('reports records the target refuses one by one, with reasons, and keeps the rest', async (ctx) => {
      if (!setup.rejectRecords) return ctx.skip('the target cannot be made to refuse records (no rejectRecords)');
      const item = newItem(20);
      const source = records(20, 10_000);
      const refused = [source[2]!, source[11]!, source[17]!];
      setup.rejectRecords(refused.map((r) => asSent(manifest, setup.audienceKind, r)));
      const result = await exportRecords(item, source);
      const outcome = result.items[0]!;
      expect(outcome.rejected.map((r) => r.key).sort()).toEqual(refused.map((r) => r.key).sort());
      for (const rejection of outcome.rejected) expect(rejection.reason.length).toBeGreaterThan(3);
      expect(outcome.accepted).toBe(17);
    });

    it('rejects records with invalid values before sending them', async (ctx) => {
      if (!segmentExport) return ctx.skip('tables are sent as they are; only segment fields have rules');
      const item = newItem(3);
      const source = records(3, 20_000);
      // A record without any identifier cannot be matched by the target, whatever the fields say.
      const identifiers = fieldsOf(manifest, setup.audienceKind).filter((f) => f.identifier);
      expect(identifiers.length).toBeGreaterThan(0);
      source[1] = { ...source[1]!, values: { ...source[1]!.values, ...Object.fromEntries(identifiers.map((f) => [f.key, null])) } };
      const result = await exportRecords(item, source);
      expect(result.items[0]!.rejected.map((r) => r.key)).toEqual([source[1].key]);
      expect(result.items[0]!.accepted).toBe(2);
      expect(await setup.count(item), 'the target never saw the invalid record').toBe(2);
      const delivered = await deliveries(item);
      if (delivered !== undefined) expect(delivered).toBe(2);
    });

    it('removes members that left the segment, when the target can', async (ctx) => {
      if (!manifest.capabilities.removeMembers) return ctx.skip('the manifest does not declare removeMembers');
      const item = newItem(40);
      const source = records(40, 30_000);
      await exportRecords(item, source);
      expect(await setup.count(item)).toBe(40);
      await exportRecords(item, [], { removals: source.slice(0, 10) });
      expect(await setup.count(item)).toBe(30);
    });
  });
}

/**
 * Records in the main export: at least `minimum`, and enough batches to fill every concurrent slot
 * three times over (two batches for a connector that sends one at a time) and to go past every
 * short request window, up to MAX_SIZE.
 */
export function mainExportSize(manifest: ConnectorManifest, minimum: number): number {
  const upsert = limitsFor(manifest.limits, 'upsert');
  const perRequest = upsert.recordsPerRequest;
  if (!perRequest) return minimum;
  const concurrency = Math.max(1, upsert.concurrentRequests ?? manifest.limits.concurrentRequests);
  // A connector that sends one batch at a time needs two to show it goes on; more slots need more.
  let batches = concurrency > 1 ? concurrency * 3 + 1 : 2;
  for (const window of [...limitsFor(manifest.limits).windows, ...upsert.windows]) {
    const needed = window.requests + 1;
    if (window.intervalMs <= SHORT_WINDOW_MS && needed * perRequest <= MAX_SIZE) batches = Math.max(batches, needed);
  }
  return Math.max(minimum, Math.min(MAX_SIZE, batches * perRequest));
}

function problemsOf(result: { ok: true } | { ok: false; problems: SettingsProblem[] }): string[] {
  return result.ok ? [] : result.problems.map((p) => `${p.field}: ${p.message}`);
}

/** Fails with every problem in the message (reporters that drop diffs still show them). */
function expectNoProblems(problems: string[], context: string): void {
  expect(problems, problems.length ? `${context}: ${problems.join('; ')}` : context).toEqual([]);
}

/** An error's name and first line, for a message that says what happened instead. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return `${error.name}: ${error.message.split('\n')[0]}`;
}

function expectNoSecrets(error: Error | null, secrets: string[]): void {
  const text = error ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? '')}` : '';
  for (const secret of secrets) {
    if (secret.length >= 6) expect(text, 'the error carries a secret').not.toContain(secret);
  }
}

const TABLE_COLUMNS = [
  { name: 'id', type: 'string', nullable: false },
  { name: 'email', type: 'email' },
  { name: 'name', type: 'string' },
  { name: 'score', type: 'number' },
  { name: 'active', type: 'boolean' },
  { name: 'joined', type: 'date' },
] as const satisfies { name: string; type: ColumnType; nullable?: boolean }[];

function fieldsOf(manifest: ConnectorManifest, audienceKind: string | undefined): ConnectorField[] {
  const kind = manifest.audienceKinds.find((k) => k.id === audienceKind) ?? manifest.audienceKinds[0];
  return kind?.fields ?? [];
}

function acceptedType(manifest: ConnectorManifest, audienceKind: string | undefined): SegmentType {
  const kind = manifest.audienceKinds.find((k) => k.id === audienceKind) ?? manifest.audienceKinds[0];
  const accepted = Object.values(kind?.accepts ?? {}).flat();
  return accepted[0] ?? 'profile';
}

/** A plausible value of a type, unique per index (so identifiers never collide). */
export function sampleValue(type: ColumnType, key: string, i: number): CellValue {
  switch (type) {
    case 'email':
      return `user${i}@example.com`;
    case 'phone':
      return `+1415${String(5_000_000 + i).padStart(7, '0')}`;
    case 'url':
      return `https://www.company${i}.example.com/`;
    case 'number':
      return i;
    case 'boolean':
      return i % 2 === 0;
    case 'date':
      return `2024-01-${String((i % 28) + 1).padStart(2, '0')}`;
    case 'datetime':
      return new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
    default:
      return `${key} ${i}`;
  }
}

function generateRecord(manifest: ConnectorManifest, audienceKind: string | undefined, i: number, mode: 'segment' | 'table'): SourceRecord {
  const key = `K${String(i).padStart(7, '0')}`;
  if (mode === 'table') {
    return { key, values: { id: key, email: `user${i}@example.com`, name: `Name, "quoted" ${i}`, score: i / 4, active: i % 3 === 0, joined: sampleValue('date', 'joined', i) } };
  }
  const values: Record<string, CellValue> = {};
  for (const field of fieldsOf(manifest, audienceKind)) values[field.key] = sampleValue(field.type, field.key, i);
  return { key, values };
}

/** A generated record as the connector will send it: normalised and hashed per the manifest. */
function asSent(manifest: ConnectorManifest, audienceKind: string | undefined, record: SourceRecord): ExportRecord {
  if (!manifest.exportTypes.includes('segment')) return record;
  // Segment records carry field values; table rows are sent as they are.
  const prepared = prepareRecord(fieldsOf(manifest, audienceKind), record.key, record.values);
  if (!prepared.ok) throw new Error(`generated record ${record.key} is invalid: ${prepared.rejected.reason}`);
  return prepared.record;
}
