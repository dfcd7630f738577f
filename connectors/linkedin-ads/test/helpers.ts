import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  buildManifest,
  runExport,
  type ConnectionContext,
  type ExportContext,
  type ExportItem,
  type SourceRecord,
} from '@outport/connector-sdk';
import type { SegmentType } from '@outport/connector-sdk';
import connector from '../src/index.js';
import type { LinkedInSandbox } from '../src/sandbox/index.js';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const manifest = buildManifest(connector, packageDir);

const silent = { info: () => undefined, warn: () => undefined };

export function connectionFor(
  sandbox: LinkedInSandbox,
  secrets: Record<string, string> = {},
): ConnectionContext {
  return {
    settings: {
      adAccountId: `urn:li:sponsoredAccount:${sandbox.adAccountId}`,
      apiBaseUrl: sandbox.apiBaseUrl,
    },
    secrets: { accessToken: sandbox.accessToken, ...secrets },
    signal: new AbortController().signal,
    logger: silent,
  };
}

export function exportContext(sandbox: LinkedInSandbox, audienceKind: 'contact' | 'company'): ExportContext {
  return {
    ...connectionFor(sandbox),
    options: {},
    audienceKind,
    exportId: randomUUID(),
    exportName: 'Test export',
    runId: randomUUID(),
    startedAt: new Date(),
  };
}

export function segment(name: string, segmentType: SegmentType, memberCount: number): ExportItem {
  return { kind: 'segment', id: randomUUID(), name, segmentType, memberCount };
}

/** Runs one export the way the run engine does (normalise, hash, batch, check every answer). */
export async function exportSegment(
  sandbox: LinkedInSandbox,
  audienceKind: 'contact' | 'company',
  item: ExportItem,
  records: SourceRecord[],
  removals?: SourceRecord[],
) {
  const result = await runExport({
    connector,
    manifest,
    context: exportContext(sandbox, audienceKind),
    items: [{ item, records, ...(removals ? { removals } : {}) }],
  });
  return result.items[0]!;
}

/** Contacts whose emails need normalising: mixed case and surrounding spaces. */
export function contacts(count: number, from = 0): SourceRecord[] {
  return Array.from({ length: count }, (_, n) => {
    const i = from + n;
    return {
      key: `P${i}`,
      values: {
        email: `  Person.${i}@Example.COM `,
        firstName: `Ann-Marie ${i}`,
        lastName: `O'Neil`,
        company: 'Acme',
        country: 'us',
      },
    };
  });
}

/** The batch calls the sandbox received for one endpoint. */
export function batchCalls(sandbox: LinkedInSandbox, endpoint: 'users' | 'companies') {
  return sandbox.requests().filter((r) => r.method === 'POST' && r.path.endsWith(`/${endpoint}`));
}
