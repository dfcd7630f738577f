import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConformance } from '../../src/conformance/index.js';
import { mapConcurrent } from '../../src/concurrency.js';
import { defineConnector, type BatchResult, type ConnectorDefinition, type ExportContext, type RecordBatch } from '../../src/define.js';
import { PermanentError } from '../../src/errors.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../src/http.js';
import { buildManifest, manifestFileText } from '../../src/manifest-file.js';
import type { RequestLimitsInput } from '../../src/manifest.js';
import { connectionLimiter } from '../../src/rate-limit.js';
import { classifyHttpResponse, withRetry } from '../../src/retry.js';
import { sendJson, startSandboxServer, type SandboxRequest } from '../../src/sandbox/index.js';
import { SDK_VERSION } from '../../src/version.js';

/**
 * A small "members API" target and a connector for it, used to prove the conformance kit: the
 * connector as written passes the kit, and each defect below, one at a time, makes it fail. The
 * defects are the ones that once passed the kit unnoticed.
 */
export interface Defects {
  /** Sends every batch twice (the target keeps a set of members, so its count looks right). */
  sendsTwice?: boolean;
  /** Declares this many records per request (more than the target accepts) and so sends them. */
  declaresRecordsPerRequest?: number;
  /** Sends without the connection's rate limiter, eight batches at once. */
  noRateLimiter?: boolean;
  /** Queues every batch at once and sends them without the run's signal, so cancelling stops nothing. */
  ignoresCancellation?: boolean;
  /** Says the connection works without asking the target (any credentials would pass). */
  connectionTestAsksNothing?: boolean;
  /**
   * Sends with Node's global `fetch` instead of the SDK's client, so the outbound-address policy
   * never sees its connections; in everything else (limiter, retries, errors) it behaves.
   */
  usesGlobalFetch?: boolean;
}

/** What the members API accepts (the sandbox refuses more and measures everything against it). */
export const TARGET_LIMITS = {
  recordsPerRequest: 1_000,
  concurrentRequests: 4,
  requestsPerInterval: { requests: 12, intervalMs: 1_000 },
  operations: { remove: { recordsPerRequest: 250 } },
} satisfies RequestLimitsInput;

/** What the connector declares: within the target's limits, a burst and a steady window at once. */
const LIMITS = {
  recordsPerRequest: 1_000,
  concurrentRequests: 2,
  requestsPerInterval: [
    { requests: 8, intervalMs: 1_000 },
    { requests: 300, intervalMs: 60_000 },
  ],
  operations: { remove: { recordsPerRequest: 250 } },
} satisfies RequestLimitsInput;

interface MemberResult {
  status: 'ok' | 'error';
  message?: string;
}

export function membersApiConnector(defects: Defects = {}): ConnectorDefinition {
  const limits = defects.declaresRecordsPerRequest ? { ...LIMITS, recordsPerRequest: defects.declaresRecordsPerRequest } : LIMITS;
  const client = (ctx: ExportContext | Parameters<ConnectorDefinition['testConnection']>[0]) =>
    (defects.usesGlobalFetch ? globalFetchClient : createHttpClient)({
      baseUrl: String(ctx.settings.apiBaseUrl),
      target: 'Members API',
      headers: { authorization: `Bearer ${ctx.secrets.apiKey ?? ''}` },
      limiter: defects.noRateLimiter ? undefined : connectionLimiter(ctx, 'members-api', limits),
      signal: defects.ignoresCancellation ? undefined : ctx.signal,
    });

  return defineConnector({
    manifest: {
      id: 'members-api',
      name: 'Members API',
      category: 'email',
      description: 'A test target for the conformance kit.',
      exportTypes: ['segment'],
      audienceKinds: [
        {
          id: 'contact',
          label: 'Members',
          accepts: { individuals: ['profile'], business: ['contact'] },
          fields: [
            { key: 'email', label: 'Email', type: 'email', required: true, identifier: true, normalize: 'email' },
            { key: 'firstName', label: 'First name', type: 'string', normalize: 'trim' },
          ],
        },
      ],
      connection: {
        settings: [
          { key: 'apiBaseUrl', label: 'API base URL', type: 'url', required: true },
          { key: 'apiKey', label: 'API key', required: true, secret: true },
        ],
      },
      limits,
      capabilities: { removeMembers: true },
    },
    async testConnection(ctx) {
      if (defects.connectionTestAsksNothing) return;
      await client(ctx).request('GET', '/v1/account');
    },
    createExporter(ctx) {
      const http = client(ctx);
      const send = async (path: string, batch: RecordBatch): Promise<BatchResult> => {
        const res = await http.request<{ results: MemberResult[] }>('POST', path, {
          json: { operation: batch.operation === 'upsert' ? 'add' : 'remove', members: batch.records.map((r) => r.values) },
        });
        const rejected = batch.records.flatMap((record, i) => (res.body.results[i]?.status === 'ok' ? [] : [{ key: record.key, reason: res.body.results[i]?.message ?? 'Refused' }]));
        return { sequence: batch.sequence, accepted: batch.records.length - rejected.length, rejected };
      };
      return {
        async *exportItem(item, batches) {
          if (item.kind !== 'segment') throw new PermanentError('Members API takes segments only.');
          const audience = await http.request<{ id: string }>('PUT', `/v1/audiences/${encodeURIComponent(item.id)}`, { json: { name: item.name } });
          const path = `/v1/audiences/${encodeURIComponent(audience.body.id)}/members:batch`;
          if (defects.ignoresCancellation) {
            const all: RecordBatch[] = [];
            for await (const batch of batches) all.push(batch);
            const pending = all.map((batch) => send(path, batch));
            // Nothing stops the sends still queued when the consumer goes away.
            for (const result of pending) result.catch(() => undefined);
            for (const result of pending) yield await result;
            return;
          }
          yield* mapConcurrent(batches, defects.noRateLimiter ? 8 : limits.concurrentRequests, async (batch) => {
            const result = await send(path, batch);
            if (defects.sendsTwice) await send(path, batch);
            return result;
          });
        },
      };
    },
  });
}

/**
 * The client a connector might write for itself on Node's global fetch: limiter, signal, retries and
 * error classification as the SDK's, but its connections go around the outbound-address policy.
 */
function globalFetchClient(options: HttpClientOptions): HttpClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const url = (path: string) => `${base}/${path.replace(/^\/+/, '')}`;
  return {
    url,
    request: <T>(method: string, path: string, init: { json?: unknown } = {}) => {
      const attempt = async () => {
        const response = await fetch(url(path), {
          method,
          headers: { ...options.headers, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
          body: init.json === undefined ? undefined : JSON.stringify(init.json),
          signal: options.signal,
        });
        const text = await response.text();
        const body = (text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text) as T;
        const failure = classifyHttpResponse(response.status, response.headers, body, { target: options.target });
        if (failure) throw failure;
        return { status: response.status, url: response.url, headers: response.headers, body };
      };
      return withRetry(() => (options.limiter ? options.limiter.run(attempt, options.signal) : attempt()), { signal: options.signal });
    },
  };
}

/**
 * The members API: bearer auth, audiences of members, per-member refusals, the target's limits.
 * `answerAfterMs` holds every batch answer back that long, as a real target's processing would.
 */
export async function startMembersApiSandbox(apiKey = 'members-api-key-1234', answerAfterMs = 0) {
  const audiences = new Map<string, Set<string>>();
  const refused = new Set<string>();
  const BATCH = /^\/v1\/audiences\/([^/]+)\/members:batch$/;
  const batchBody = (req: SandboxRequest) => (req.method === 'POST' && BATCH.test(req.path) ? req.json<{ operation?: string; members?: { email?: string }[] }>() : undefined);

  const server = await startSandboxServer({
    handler: async (req, res) => {
      if (req.headers.authorization !== `Bearer ${apiKey}`) return sendJson(res, 401, { message: 'The API key is not valid.' });
      if (req.method === 'GET' && req.path === '/v1/account') return sendJson(res, 200, { id: 'acct-1' });
      const audience = /^\/v1\/audiences\/([^/]+)$/.exec(req.path);
      if (req.method === 'PUT' && audience) {
        const id = decodeURIComponent(audience[1]!);
        if (!audiences.has(id)) audiences.set(id, new Set());
        return sendJson(res, 200, { id });
      }
      const batch = BATCH.exec(req.path);
      const body = batchBody(req);
      if (batch && body) {
        if (answerAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, answerAfterMs));
        const members = audiences.get(decodeURIComponent(batch[1]!));
        if (!members) return sendJson(res, 404, { message: 'No such audience.' });
        const max = body.operation === 'remove' ? TARGET_LIMITS.operations.remove.recordsPerRequest : TARGET_LIMITS.recordsPerRequest;
        if ((body.members?.length ?? 0) > max) return sendJson(res, 400, { message: `At most ${max} members per request.` });
        const results = (body.members ?? []).map((m) => {
          if (!m.email || refused.has(m.email)) return { status: 'error', message: 'The address was refused.' };
          if (body.operation === 'add') members.add(m.email);
          else members.delete(m.email);
          return { status: 'ok' };
        });
        return sendJson(res, 200, { results });
      }
      return sendJson(res, 404, { message: `No route ${req.method} ${req.path}` });
    },
    countRecords: (req) => batchBody(req)?.members?.length ?? 0,
    operationOf: (req) => {
      const operation = batchBody(req)?.operation;
      return operation === 'add' ? 'upsert' : operation === 'remove' ? 'remove' : undefined;
    },
    countDeliveries: (req) => {
      const body = batchBody(req);
      const audience = BATCH.exec(req.path)?.[1];
      return body?.operation === 'add' && audience ? [{ item: decodeURIComponent(audience), records: body.members?.length ?? 0 }] : undefined;
    },
    targetLimits: TARGET_LIMITS,
  });
  return {
    server,
    apiKey,
    size: (id: string) => audiences.get(id)?.size ?? 0,
    refuse: (emails: string[]) => emails.forEach((email) => refused.add(email)),
  };
}

/** A package folder for a fixture connector: package.json and the manifest.json the kit compares. */
function fixturePackage(connector: ConnectorDefinition): string {
  const dir = mkdtempSync(join(tmpdir(), 'outport-kit-fixture-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@outport/connector-members-api', version: '1.0.0', peerDependencies: { '@outport/connector-sdk': `^${SDK_VERSION}` } }));
  writeFileSync(join(dir, 'manifest.json'), manifestFileText(buildManifest(connector, dir)));
  return dir;
}

/** Runs the conformance kit on the members API connector with the given defects. */
export function describeMembersApiConformance(defects: Defects = {}): void {
  const connector = membersApiConnector(defects);
  describeConformance({
    connector,
    packageDir: fixturePackage(connector),
    async setup() {
      // Five fixtures run at once on as few as two cores, and batches can then be made more slowly
      // than a 20 ms target answers them: the connector with no limiter would look as if it kept
      // its limits. A target that takes a real target's time to answer shows its eight at once.
      const sandbox = await startMembersApiSandbox(undefined, defects.noRateLimiter ? 250 : 0);
      return {
        settings: { apiBaseUrl: sandbox.server.url },
        secrets: { apiKey: sandbox.apiKey },
        badSecrets: { apiKey: 'not-the-right-key' },
        count: (item) => Promise.resolve(sandbox.size(item.id)),
        deliveries: (item) => sandbox.server.deliveries(item.id),
        rejectRecords: (records) => sandbox.refuse(records.map((r) => String(r.values.email))),
        inject: (fault) => sandbox.server.inject(fault),
        clearFaults: () => sandbox.server.clearFaults(),
        stats: () => sandbox.server.stats(),
        close: () => sandbox.server.close(),
      };
    },
  });
}
