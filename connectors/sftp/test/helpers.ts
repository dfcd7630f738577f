import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { buildManifest, runExport, type ExportContext, type ExportItem, type SourceRecord, type Values } from '@outport/connector-sdk';
import { parse } from 'csv-parse/sync';
import connector from '../src/index.js';
import { partPath } from '../src/part-files.js';
import { startSftpServer, type SftpServer, type SftpServerOptions } from '../src/sandbox/index.js';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const manifest = buildManifest(connector, packageDir);

// A user of the local test SSH server only.
export const USER = { username: 'outport', password: 'sandbox-password-for-tests' };

export interface TestServer extends SftpServer {
  settings: Values;
  secrets: Record<string, string>;
  /** Names of the files in a folder of the served root (`/` by default). */
  files(folder?: string): string[];
  /** A file's content, gunzipped when its name ends in .gz. */
  read(path: string): string;
  stop(): Promise<void>;
}

/** An SFTP server on a fresh temp folder, with the test user and the settings to reach it. */
export async function startTestServer(options: Partial<SftpServerOptions> = {}): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'outport-sftp-'));
  const server = await startSftpServer({ users: [USER], root, ...options });
  return {
    ...server,
    settings: { host: server.host, port: server.port, username: USER.username },
    secrets: { password: USER.password },
    files: (folder = '/') => readdirSync(join(root, folder)).sort(),
    read: (path) => {
      const bytes = readFileSync(join(root, path));
      return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    },
    stop: async () => {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = parse(text, { delimiter });
  return rows;
}

export function exportContext(server: Pick<TestServer, 'settings' | 'secrets'>, options: Values = {}, overrides: Partial<ExportContext> = {}): ExportContext {
  return {
    settings: server.settings,
    secrets: server.secrets,
    options,
    signal: new AbortController().signal,
    logger: { info: () => undefined, warn: () => undefined },
    exportId: 'export-1',
    exportName: 'Test export',
    runId: 'run-1',
    startedAt: new Date(Date.UTC(2025, 2, 14, 9, 26, 53)),
    ...overrides,
  };
}

/** Runs an export of one item through the SDK, exactly as the run engine would. */
export function exportItem(context: ExportContext, item: ExportItem, records: Iterable<SourceRecord> | AsyncIterable<SourceRecord>) {
  return runExport({ connector, manifest, context, items: [{ item, records }] });
}

export function tableItem(name: string, rowCount: number): ExportItem {
  return {
    kind: 'table',
    id: name,
    name,
    keyColumn: 'id',
    columns: [
      { name: 'id', type: 'string', nullable: false },
      { name: 'note', type: 'string' },
      { name: 'score', type: 'number' },
      { name: 'active', type: 'boolean' },
    ],
    rowCount,
  };
}

/** The name a file of the test export (`export-1`) has while it is written. */
export const partOf = (fileName: string, exportId = 'export-1') => partPath(fileName, exportId);

/** Rejects with the error a promise fails with, or fails the test when it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );
}
