import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildManifest, runExport, type ExportContext, type ExportItem, type SourceRecord, type Values } from '@outport/connector-sdk';
import { parse } from 'csv-parse/sync';
import connector from '../src/index.js';
import { pathSegment } from '../src/layout.js';
import type { DataLakeSandbox } from '../src/sandbox/index.js';

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

/** Data rows in the latest output folder (yyyy/MM/dd/HHmm) of one item. */
export async function latestRowCount(reader: OutputReader, exportName: string, itemName: string): Promise<number> {
  const prefix = `${pathSegment(exportName)}/${pathSegment(itemName)}/`;
  const files = (await reader.files()).filter((f) => f.startsWith(prefix) && f.endsWith('.csv'));
  const stamps = files.map((f) => f.slice(prefix.length).split('/').slice(0, 4).join('/')).sort();
  const latest = stamps.at(-1);
  if (!latest) return 0;
  let rows = 0;
  for (const file of files.filter((f) => f.startsWith(`${prefix}${latest}/`))) rows += parseCsv(await reader.read(file)).length - 1;
  return rows;
}

export function exportContext(settings: Values, secrets: Record<string, string>, overrides: Partial<ExportContext> = {}): ExportContext {
  return {
    settings,
    secrets,
    options: {},
    signal: new AbortController().signal,
    logger: silent,
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
