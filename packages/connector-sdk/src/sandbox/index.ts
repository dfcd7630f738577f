import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestLimitsInput } from '../manifest.js';
import { checkRequestLog, type SandboxLogEntry } from './measure.js';

export * from './measure.js';

/**
 * The base every HTTP sandbox builds on: a local server on 127.0.0.1 that reads each request whole,
 * applies injected faults (429s, 5xx, expired credentials, latency) before the connector's own
 * handler, and keeps the statistics the conformance kit checks limits against. A connector's
 * sandbox only writes the target's protocol (the handler) and, where the target answers faults in
 * its own shape, the response hooks.
 */

export interface SandboxRequest {
  method: string;
  /** The path without the query string, e.g. `/3.0/lists/abc/members`. */
  path: string;
  /** Query parameters (the last value wins when a name repeats; see `url` for all of them). */
  query: Record<string, string>;
  url: URL;
  /** Node's lower-cased request headers. */
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON; throws when it is not JSON. */
  json<T = unknown>(): T;
}

export type SandboxHandler = (req: SandboxRequest, res: ServerResponse) => void | Promise<void>;
export type RateLimitVia = 'header' | 'body' | 'none';

export type SandboxFault =
  /** Answer the next `times` requests as throttled, asking for `retryAfterMs` (default 1 s). */
  | { kind: 'rate-limit'; times: number; retryAfterMs?: number; via?: RateLimitVia }
  /** Answer the next `times` requests with a server error (default 503). */
  | { kind: 'server-error'; times: number; status?: number }
  /** Delay every request by `ms` until `clearFaults()`. */
  | { kind: 'latency'; ms: number }
  /** Answer the next `times` requests as if the credentials had expired (401 by default). */
  | { kind: 'expired-auth'; times: number };

export interface SandboxStats {
  /** TCP connections accepted: 0 proves a client was stopped before it connected. */
  connections: number;
  requests: number;
  /** Requests answered as throttled: injected rate-limit faults and handler answers with 429. */
  throttled: number;
  /** Requests answered with a server error: injected faults and handler answers of 5xx. */
  serverErrors: number;
  /** Records in all requests, and the most in one, as `countRecords` counts them. */
  records: number;
  maxRecordsPerRequest: number;
  /** Request body bytes in all, and the most in one. */
  bytes: number;
  maxBytesPerRequest: number;
  /** The most requests the sandbox was handling at the same moment. */
  maxConcurrent: number;
  /** Records in requests the sandbox answered with success (2xx): what the target took in, every copy counted. */
  delivered: number;
  /** Requests answered 401 (injected expired credentials, or the handler's own). */
  authFailures: number;
  /** One entry per request since the last reset (the most recent 100,000). */
  log: SandboxLogEntry[];
  /** What exceeded the target's own limits (`targetLimits`), measured here; empty when nothing did. */
  violations: string[];
  /** The target's limits the sandbox measures against, when it was given them. */
  targetLimits?: RequestLimitsInput;
}

export interface SandboxServerOptions {
  handler: SandboxHandler;
  /** Records a request carries (e.g. the length of its `members` array); 0 when not a batch. */
  countRecords?: (req: SandboxRequest) => number;
  /**
   * The operation a request is, for limits that differ per operation (`upsert`, `remove`, or the
   * names the connector's manifest uses in `limits.operations`); undefined for the rest.
   */
  operationOf?: (req: SandboxRequest) => string | undefined;
  /**
   * The records a successful request delivered to each item (the audience, list or tag a segment
   * becomes), keyed as the sandbox knows the item: `[{ item: 'audience-1', records: 500 }]`. Counted
   * only when the answer is 2xx, every copy of a record counted: `deliveries(item)` is how a test
   * sees a batch sent twice, which a set of members never shows.
   */
  countDeliveries?: (req: SandboxRequest) => { item: string; records: number }[] | undefined;
  /**
   * The target's own limits as its documentation gives them (records and bytes per request,
   * concurrency, request windows, per operation). The sandbox measures every request against them
   * and reports what exceeded them in `stats().violations`; answering such requests the way the
   * target does is the handler's business.
   */
  targetLimits?: RequestLimitsInput;
  /** Writes the target's own throttling answer (e.g. Meta's HTTP 400 with code 613). */
  rateLimitResponse?: (res: ServerResponse, retryAfterMs: number, via: RateLimitVia, req: SandboxRequest) => void | Promise<void>;
  /** Writes the target's own server-error answer (e.g. Azure's XML `ServerBusy`). */
  serverErrorResponse?: (res: ServerResponse, status: number, req: SandboxRequest) => void | Promise<void>;
  /** Writes the target's own expired-credentials answer. */
  authErrorResponse?: (res: ServerResponse, req: SandboxRequest) => void | Promise<void>;
  /** The port to listen on (127.0.0.1); 0 or absent picks a free one. A busy port fails with EADDRINUSE. */
  port?: number;
}

export interface SandboxServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  port: number;
  /** The target's limits the sandbox measures against (`targetLimits`). */
  targetLimits?: RequestLimitsInput;
  stats(): SandboxStats;
  /** Records delivered to an item by successful requests, every copy counted (see `countDeliveries`). */
  deliveries(item: string): number;
  resetStats(): void;
  inject(fault: SandboxFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** Writes a JSON response with its content type and length. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

type Counters = Omit<SandboxStats, 'log' | 'violations' | 'targetLimits'>;

/** Requests kept in the log; older ones are dropped (the counters go on counting). */
const MAX_LOG = 100_000;

const emptyStats = (): Counters => ({
  connections: 0,
  requests: 0,
  throttled: 0,
  serverErrors: 0,
  records: 0,
  maxRecordsPerRequest: 0,
  bytes: 0,
  maxBytesPerRequest: 0,
  maxConcurrent: 0,
  delivered: 0,
  authFailures: 0,
});

type QueuedFault = Exclude<SandboxFault, { kind: 'latency' }>;

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  let stats = emptyStats();
  let log: SandboxLogEntry[] = [];
  const deliveries = new Map<string, number>();
  let inFlight = 0;
  let latencyMs = 0;
  const queue: { fault: QueuedFault; remaining: number }[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** Takes the next queued fault, if any, using up one of its `times`. */
  const nextFault = (): QueuedFault | undefined => {
    const head = queue[0];
    if (!head) return undefined;
    if (--head.remaining <= 0) queue.shift();
    return head.fault;
  };

  const applyFault = async (fault: QueuedFault, req: SandboxRequest, res: ServerResponse): Promise<void> => {
    switch (fault.kind) {
      case 'rate-limit': {
        stats.throttled++;
        const retryAfterMs = fault.retryAfterMs ?? 1_000;
        const via = fault.via ?? 'header';
        if (options.rateLimitResponse) return options.rateLimitResponse(res, retryAfterMs, via, req);
        const message = 'Too many requests (simulated by the sandbox).';
        if (via === 'header') return sendJson(res, 429, { message }, { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) });
        return sendJson(res, 429, via === 'body' ? { message, retry_after_ms: retryAfterMs } : { message });
      }
      case 'server-error': {
        stats.serverErrors++;
        const status = fault.status ?? 503;
        if (options.serverErrorResponse) return options.serverErrorResponse(res, status, req);
        return sendJson(res, status, { message: 'The service is temporarily unavailable (simulated by the sandbox).' });
      }
      case 'expired-auth':
        if (options.authErrorResponse) return options.authErrorResponse(res, req);
        return sendJson(res, 401, { message: 'The access token has expired (simulated by the sandbox).' });
    }
  };

  const handle = async (incoming: IncomingMessage, res: ServerResponse, entry: SandboxLogEntry): Promise<void> => {
    const body = await readBody(incoming);
    const req = toSandboxRequest(incoming, body);
    const counted = stats;
    counted.requests++;
    counted.bytes += body.length;
    counted.maxBytesPerRequest = Math.max(counted.maxBytesPerRequest, body.length);
    const records = countSafely(options.countRecords, req);
    counted.records += records;
    counted.maxRecordsPerRequest = Math.max(counted.maxRecordsPerRequest, records);
    entry.records = records;
    entry.bytes = body.length;
    entry.operation = safely(() => options.operationOf?.(req));

    res.once('finish', () => {
      if (res.statusCode === 401) counted.authFailures++;
      if (res.statusCode < 200 || res.statusCode >= 300) return;
      counted.delivered += records;
      for (const delivery of safely(() => options.countDeliveries?.(req)) ?? []) {
        if (delivery.records > 0) deliveries.set(delivery.item, (deliveries.get(delivery.item) ?? 0) + delivery.records);
      }
    });

    if (latencyMs > 0) await delay(latencyMs);
    const fault = nextFault();
    if (fault) return applyFault(fault, req, res);

    res.once('finish', () => {
      // Answers the handler gives on its own (e.g. a sandbox enforcing the target's rate limit).
      if (res.statusCode === 429) counted.throttled++;
      else if (res.statusCode >= 500) counted.serverErrors++;
    });
    await options.handler(req, res);
  };

  const server = createServer((incoming, res) => {
    const entry: SandboxLogEntry = { at: performance.now(), records: 0, bytes: 0 };
    log.push(entry);
    if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
    inFlight++;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        inFlight--;
        entry.finishedAt = performance.now();
        entry.status = res.statusCode;
      }
      done = true;
    };
    res.once('finish', finish);
    res.once('close', finish);
    handle(incoming, res, entry).catch((error: unknown) => {
      // A bug in a sandbox handler: answer 500 so the test fails with a reason instead of hanging.
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { message: `Sandbox handler failed: ${error instanceof Error ? error.message : String(error)}` });
    });
  });

  server.on('connection', () => stats.connections++);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    targetLimits: options.targetLimits,
    stats: () => {
      const entries = log.map((entry) => ({ ...entry }));
      const { targetLimits } = options;
      return { ...stats, log: entries, violations: targetLimits ? checkRequestLog(entries, targetLimits, 'the target accepts') : [], ...(targetLimits ? { targetLimits } : {}) };
    },
    deliveries: (item) => deliveries.get(item) ?? 0,
    resetStats: () => {
      stats = emptyStats();
      stats.maxConcurrent = inFlight;
      log = log.filter((entry) => entry.finishedAt === undefined);
      deliveries.clear();
    },
    inject: (fault) => {
      if (fault.kind === 'latency') latencyMs = fault.ms;
      else if (fault.times > 0) queue.push({ fault, remaining: fault.times });
    },
    clearFaults: () => {
      queue.length = 0;
      latencyMs = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until they time out; end them now.
        server.closeAllConnections();
      }),
  };
}

function readBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}

function toSandboxRequest(incoming: IncomingMessage, body: Buffer): SandboxRequest {
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  let parsed: { value: unknown } | undefined;
  return {
    method: (incoming.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    url,
    headers: incoming.headers,
    body,
    json<T = unknown>(): T {
      parsed ??= { value: JSON.parse(body.toString('utf8')) as unknown };
      return parsed.value as T;
    },
  };
}

/** A sandbox's classifier that throws (a body it did not expect) says nothing rather than failing the request. */
function safely<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}

function countSafely(count: SandboxServerOptions['countRecords'], req: SandboxRequest): number {
  if (!count) return 0;
  try {
    const n = count(req);
    return Number.isFinite(n) && n > 0 ? n : 0;
  } catch {
    return 0; // not a batch request the counter understands
  }
}

export * from './demo.js';
export * from './relay.js';
