import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOutboundTarget } from '@outport/connector-sdk';

/** Where the repository is, so defaults work from any working directory. */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: { driver: 'sqlite'; path: string } | { driver: 'postgresql'; url: string };
  redisUrl: string | null;
  /** 32-byte key for secrets at rest. */
  secretKey: Buffer;
  consoleDir: string;
  sessionTtlHours: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Always mark the session cookie Secure (it is marked Secure anyway on requests that arrived over HTTPS). */
  secureCookies: boolean;
  /**
   * Which proxies' X-Forwarded-* headers to believe (Express's `trust proxy`): whether a request
   * arrived over HTTPS, and the client's address for login throttling.
   */
  trustProxy: boolean | string;
  /** Failed logins within 15 minutes before one account, or one client address, is throttled. */
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
  /** The console's public URL when a proxy changes the host; its origin is the only one allowed to use the session. */
  publicUrl: string | null;
  /** Package names of the connectors to load; null loads every installed connector. */
  connectorAllowList: string[] | null;
  /** Extra package folders to look for connectors in (besides node_modules). */
  connectorPaths: string[];
  /** Whether this process executes runs (workers always; the API unless told not to). */
  processJobs: boolean;
  /** Runs one process executes at once. */
  workerConcurrency: number;
  /**
   * Segments with more members than this are split into chunks of this size that several workers
   * run at once (connectors with capabilities.parallelChunks).
   */
  runChunkSize: number;
  /**
   * How long a job's hold on its work lasts without renewal before another worker takes it over:
   * Bull's job lock, and the run's lease in the database (see RunLeases).
   */
  queueLockMs: number;
  queuePrefix: string;
  /** How often API processes look for due schedules; 0 stops this process from ticking. */
  schedulerTickMs: number;
  /**
   * Outbound-address policy: whether connections may reach loopback, private and link-local
   * addresses, and host:port entries reachable regardless (cloud metadata stays refused unless listed).
   */
  allowPrivateTargets: boolean;
  allowedTargets: string[];
  /** The only folder (and its subfolders) local-folder destinations may write to. */
  localExportRoot: string;
  /** Alerts: attempts to deliver one alert to one channel, and the backoff ceiling before the second (it doubles, with jitter). */
  alertAttempts: number;
  alertRetryBaseMs: number;
  /**
   * Start every installed connector's sandbox in-process on loopback (allow-listing exactly their
   * addresses) and let the demo connect to them. Only for the embedded demo; never in production.
   */
  demoSandboxes: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`);
  }
}

type Env = Record<string, string | undefined>;

const list = (raw: string | undefined): string[] | null =>
  raw && raw.trim() ? raw.split(',').map((s) => s.trim()).filter(Boolean) : null;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(name, `must be true or false, got "${raw}"`);
  return raw === 'true';
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

/**
 * The key that encrypts connection secrets. In production it comes from OUTPORT_SECRET_KEY; the
 * embedded default generates one once and keeps it in the data folder (readable by the owner only).
 */
function secretKey(env: Env, dataDir: string): Buffer {
  const raw = env.OUTPORT_SECRET_KEY;
  if (raw) {
    const key = Buffer.from(raw, 'base64');
    if (key.length !== 32) throw new ConfigError('OUTPORT_SECRET_KEY', 'must be 32 bytes encoded as base64');
    return key;
  }
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

/** `true`, `false`, or Express's list of trusted addresses and subnets (`loopback`, `10.0.0.0/8, uniquelocal`). */
function trustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw.trim() === '') return 'loopback';
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (!/^[\w.:/, -]+$/.test(raw)) throw new ConfigError('OUTPORT_TRUST_PROXY', 'must be true, false, or a comma-separated list of addresses, subnets or loopback/linklocal/uniquelocal');
  return raw;
}

/** OUTPORT_ALLOWED_TARGETS: comma-separated host:port entries, each checked as the SDK reads it. */
function allowedTargets(env: Env): string[] {
  return (list(env.OUTPORT_ALLOWED_TARGETS) ?? []).map((entry) => {
    try {
      return parseOutboundTarget(entry);
    } catch (error) {
      throw new ConfigError('OUTPORT_ALLOWED_TARGETS', `has an entry that is not valid: ${(error as Error).message}`);
    }
  });
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(env.OUTPORT_DATA_DIR || join(repoRoot, 'data'));
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:', 'sqlite:']);
  let database: Config['database'];
  if (databaseUrl && !databaseUrl.startsWith('sqlite:')) {
    database = { driver: 'postgresql', url: databaseUrl };
  } else {
    const path = databaseUrl ? databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '') : join(dataDir, 'outport.sqlite');
    if (!path) throw new ConfigError('DATABASE_URL', 'sqlite: URLs need a file path, e.g. sqlite:./data/outport.sqlite');
    database = { driver: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  const logLevel = env.LOG_LEVEL || 'log';
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of error, warn, log, debug, got "${logLevel}"`);
  }
  const secure = env.OUTPORT_SECURE_COOKIES ?? 'false';
  if (!['true', 'false'].includes(secure)) throw new ConfigError('OUTPORT_SECURE_COOKIES', 'must be true or false');
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir,
    database,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    secretKey: secretKey(env, dataDir),
    consoleDir: resolve(env.OUTPORT_CONSOLE_DIR || join(repoRoot, 'apps', 'console', 'build')),
    sessionTtlHours: int(env, 'OUTPORT_SESSION_TTL_HOURS', 12, 1, 24 * 30),
    logLevel: logLevel as Config['logLevel'],
    secureCookies: secure === 'true',
    trustProxy: trustProxy(env.OUTPORT_TRUST_PROXY),
    publicUrl: url(env, 'OUTPORT_PUBLIC_URL', ['http:', 'https:']),
    loginFailuresPerAccount: int(env, 'OUTPORT_LOGIN_FAILURES_PER_ACCOUNT', 10, 3, 1000),
    loginFailuresPerAddress: int(env, 'OUTPORT_LOGIN_FAILURES_PER_ADDRESS', 50, 3, 100_000),
    connectorAllowList: list(env.OUTPORT_CONNECTORS),
    connectorPaths: list(env.OUTPORT_CONNECTOR_PATHS) ?? [],
    processJobs: bool(env, 'OUTPORT_PROCESS_JOBS', true),
    workerConcurrency: int(env, 'OUTPORT_WORKER_CONCURRENCY', 2, 1, 64),
    runChunkSize: int(env, 'OUTPORT_RUN_CHUNK_SIZE', 100_000, 100, 100_000_000),
    queueLockMs: int(env, 'OUTPORT_QUEUE_LOCK_MS', 30_000, 500, 600_000),
    queuePrefix: env.OUTPORT_QUEUE_PREFIX || 'outport',
    schedulerTickMs: int(env, 'OUTPORT_SCHEDULER_TICK_MS', 15_000, 0, 3_600_000),
    allowPrivateTargets: bool(env, 'OUTPORT_ALLOW_PRIVATE_TARGETS', false),
    allowedTargets: allowedTargets(env),
    localExportRoot: resolve(env.OUTPORT_LOCAL_EXPORT_ROOT || join(dataDir, 'exports')),
    alertAttempts: int(env, 'OUTPORT_ALERT_ATTEMPTS', 8, 1, 20),
    alertRetryBaseMs: int(env, 'OUTPORT_ALERT_RETRY_BASE_MS', 10_000, 10, 3_600_000),
    demoSandboxes: bool(env, 'OUTPORT_DEMO_SANDBOXES', false),
  };
}
