import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildManifest, runExport, type ConnectionContext, type ExportContext, type ExportItem, type SourceRecord } from '@outport/connector-sdk';
import connector from '../src/index.js';
import type { KlaviyoSandbox } from '../src/sandbox/index.js';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const manifest = buildManifest(connector, packageDir);

export interface CollectingLogger {
  info(message: string): void;
  warn(message: string): void;
  warnings: string[];
}

export function logger(): CollectingLogger {
  const warnings: string[] = [];
  return { info: () => undefined, warn: (message) => void warnings.push(message), warnings };
}

export function connection(sandbox: KlaviyoSandbox, apiKey = sandbox.apiKey): ConnectionContext {
  return { settings: { apiBaseUrl: sandbox.url }, secrets: { apiKey }, signal: new AbortController().signal, logger: logger() };
}

export function exportContext(sandbox: KlaviyoSandbox, options: ExportContext['options'] = {}, log = logger()): ExportContext {
  return {
    ...connection(sandbox),
    logger: log,
    options,
    audienceKind: 'contact',
    exportId: randomUUID(),
    exportName: 'Klaviyo test export',
    runId: randomUUID(),
    startedAt: new Date(),
  };
}

export function segment(name: string, memberCount: number): ExportItem {
  return { kind: 'segment', id: randomUUID(), name, segmentType: 'profile', memberCount };
}

/** People as the source has them, before the SDK normalises them. */
export function people(count: number, from = 0): SourceRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `P${from + i}`,
    values: { email: ` Person${from + i}@Example.com `, firstName: `First${from + i}`, lastName: `Last${from + i}`, phone: null, organization: null },
  }));
}

export function emailOf(i: number): string {
  return `person${i}@example.com`;
}

export function exportSegments(
  sandbox: KlaviyoSandbox,
  items: { item: ExportItem; records: SourceRecord[]; removals?: SourceRecord[] }[],
  options: ExportContext['options'] = {},
  context = exportContext(sandbox, options),
) {
  return runExport({ connector, manifest, context, items });
}
