import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildManifest, outputName, runExport, type ExportContext, type ExportItem, type SourceRecord, type Values } from '@outport/connector-sdk';
import { parse } from 'csv-parse/sync';
import connector from '../src/index.js';
import { startDataLakeSandbox, type DataLakeSandbox } from '../src/sandbox/index.js';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const manifest = buildManifest(connector, packageDir);
export const silent = { info: () => undefined, warn: () => undefined };

/** Reads back what a destination holds: every file under the root, and one file's text. */
export interface OutputReader {
  files(): Promise<string[]>;
  read(path: string): Promise<string>;
  /** The root-relative path a model.json partition location points at. */
  pathOf(location: string): string;
}

export function localReader(root: string): OutputReader {
  return {
    async files() {
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/')).sort();
    },
    read: (path) => readFile(join(root, path), 'utf8'),
    pathOf: (location) => relative(root, fileURLToPath(location)).split('\\').join('/'),
  };
}

export function blobReader(sandbox: DataLakeSandbox, container: string): OutputReader {
  return {
    files: () => sandbox.list(container),
    read: (path) => sandbox.readText(container, path),
    pathOf(location) {
      const base = `${sandbox.blobEndpoint}/${container}/`;
      if (!location.startsWith(base)) throw new Error(`${location} is not in ${base}`);
      return decodeURIComponent(location.slice(base.length));
    },
  };
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = parse(text);
  return rows;
}

/** Data rows in the latest output folder (yyyy/MM/dd/HHmm) of one item, under an export's folder. */
export async function latestRowCount(reader: OutputReader, exportFolder: string, item: Pick<ExportItem, 'name' | 'id'>): Promise<number> {
  const prefix = `${exportFolder}/${outputName(item.name, item.id)}/`;
  const files = (await reader.files()).filter((f) => f.startsWith(prefix) && f.endsWith('.csv'));
  const stamps = files.map((f) => f.slice(prefix.length).split('/').slice(0, 4).join('/')).sort();
  const latest = stamps.at(-1);
  if (!latest) return 0;
  let rows = 0;
  for (const file of files.filter((f) => f.startsWith(`${prefix}${latest}/`))) rows += parseCsv(await reader.read(file)).length - 1;
  return rows;
}

/** The environment the test contexts run in, and the folder Outport gives it. */
export const ENVIRONMENT_ID = 'env-1';
export const ENVIRONMENT_FOLDER = `Outport_${ENVIRONMENT_ID}`;

export function exportContext(settings: Values, secrets: Record<string, string>, overrides: Partial<ExportContext> = {}): ExportContext {
  return {
    settings,
    secrets,
    options: {},
    signal: new AbortController().signal,
    logger: silent,
    environmentId: ENVIRONMENT_ID,
    exportId: 'export-1',
    exportName: 'Lake export',
    runId: 'run-1',
    startedAt: new Date('2024-03-31T14:05:09Z'),
    ...overrides,
  };
}

export function runItems(context: ExportContext, items: { item: ExportItem; records: SourceRecord[] }[]) {
  return runExport({ connector, manifest, context, items });
}

/** Where a test writes: a local folder or a container in Azurite, read back the same way. */
export interface Target {
  name: string;
  setup(): Promise<{ settings: Record<string, string>; secrets: Record<string, string>; reader: OutputReader; close(): Promise<void> }>;
}

export const targets: Target[] = [
  {
    name: 'a local folder',
    async setup() {
      const root = await mkdtemp(join(tmpdir(), 'outport-lake-'));
      return { settings: { destination: 'local', rootPath: root }, secrets: {}, reader: localReader(root), close: () => rm(root, { recursive: true, force: true }) };
    },
  },
  {
    name: 'Azure Blob Storage (Azurite)',
    async setup() {
      const sandbox: DataLakeSandbox = await startDataLakeSandbox({ containers: ['lake'] });
      return {
        settings: { destination: 'azure-blob', accountName: sandbox.accountName, container: 'lake', blobEndpoint: sandbox.blobEndpoint, rootPath: 'outport' },
        secrets: { accountKey: sandbox.accountKey },
        reader: prefixed(blobReader(sandbox, 'lake'), 'outport/'),
        close: () => sandbox.close(),
      };
    },
  },
];

/** Reads a blob reader as if `prefix` were its root, so both targets are checked the same way. */
function prefixed(reader: OutputReader, prefix: string): OutputReader {
  return {
    files: async () => (await reader.files()).map((f) => (f.startsWith(prefix) ? f.slice(prefix.length) : `(outside root) ${f}`)),
    read: (path) => reader.read(prefix + path),
    pathOf: (location) => reader.pathOf(location).slice(prefix.length),
  };
}
