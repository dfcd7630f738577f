import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { CellValue, ColumnType, SegmentType } from '@outport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorDefinition, ExportContext, ExportItem, ExportRecord, Values } from '../define.js';
import { isConnectorError, type ConnectorError } from '../errors.js';
import { buildManifest, manifestFileText } from '../manifest-file.js';
import type { ConnectorField, ConnectorManifest } from '../manifest.js';
import { prepareRecord } from '../normalize.js';
import { runExport, type SourceRecord } from '../run.js';
import type { SandboxFault, SandboxStats } from '../sandbox/index.js';

/** How the kit reaches a connector's sandbox (or real server, for storage and file targets). */
export interface ConformanceSetup {
  settings: Values;
  secrets: Record<string, string>;
  options?: Values;
  audienceKind?: string;
  /** Secrets the target must refuse: testConnection has to fail with an 'auth' error. Omit for
   *  targets without credentials (a local folder). */
  badSecrets?: Record<string, string>;
  /** Members or rows the target now holds for the item. */
  count(item: ExportItem): Promise<number>;
  /** Makes the target refuse these records (values as the connector sends them). */
  rejectRecords?(records: ExportRecord[]): void;
  /** HTTP sandboxes: queue a fault (429, 5xx, latency, expired auth). */
  inject?(fault: SandboxFault): void;
  stats?(): SandboxStats;
  close(): Promise<void>;
}

export interface ConformanceTarget {
  connector: ConnectorDefinition;
  packageDir: string;
  setup(): Promise<ConformanceSetup>;
  /** Records in the main export (default 1,200: several batches for most targets). */
  size?: number;
  /** Tells suites apart when a connector runs the kit more than once (e.g. per destination). */
  label?: string;
}

const silent = { info: () => undefined, warn: () => undefined };

/**
 * The conformance suite every connector runs against its sandbox with one call. It checks what
 * DESIGN section 3 promises of every connector, through the same runExport path the run engine uses.
 */
export function describeConformance(target: ConformanceTarget): void {
  const manifest = buildManifest(target.connector, target.packageDir);
  const size = target.size ?? 1_200;
  const segmentExport = manifest.exportTypes.includes('segment');

  describe(`${manifest.name} conformance${target.label ? ` (${target.label})` : ''}`, () => {
    let setup: ConformanceSetup;

    beforeAll(async () => {
      setup = await target.setup();
    });
    afterAll(async () => {
      await setup?.close();
    });

    const context = (): ExportContext => ({
      settings: setup.settings,
      secrets: setup.secrets,
      options: setup.options ?? {},
      audienceKind: setup.audienceKind,
      signal: new AbortController().signal,
      logger: silent,
      exportId: randomUUID(),
      exportName: 'Conformance export',
      runId: randomUUID(),
      startedAt: new Date(),
    });

    type Mode = 'segment' | 'table';
    const defaultMode: Mode = segmentExport ? 'segment' : 'table';
    const newItem = (count: number, mode: Mode = defaultMode): ExportItem =>
      mode === 'segment'
        ? { kind: 'segment', id: randomUUID(), name: `Conformance ${randomUUID().slice(0, 8)}`, segmentType: acceptedType(manifest, setup.audienceKind), memberCount: count }
        : { kind: 'table', id: randomUUID(), name: `Conformance_${randomUUID().slice(0, 8)}`, keyColumn: 'id', columns: TABLE_COLUMNS, rowCount: count };

    const records = (count: number, from = 0, mode: Mode = defaultMode): SourceRecord[] =>
      Array.from({ length: count }, (_, i) => generateRecord(manifest, setup.audienceKind, from + i, mode));

    const exportRecords = (item: ExportItem, upserts: SourceRecord[], removals?: SourceRecord[]) =>
      runExport({ connector: target.connector, manifest, context: context(), items: [{ item, records: upserts, ...(removals ? { removals } : {}) }] });

    it('has a valid manifest, and manifest.json is current', () => {
      const checkedIn = readFileSync(join(target.packageDir, 'manifest.json'), 'utf8');
      expect(checkedIn).toBe(manifestFileText(manifest));
    });

    it('connects with good credentials; anything it learned is for declared, non-secret settings', async () => {
      const result = await target.connector.testConnection({ settings: setup.settings, secrets: setup.secrets, signal: new AbortController().signal, logger: silent });
      const settingKeys = manifest.connection.settings.filter((s) => !s.secret).map((s) => s.key);
      for (const key of Object.keys(result?.learned ?? {})) expect(settingKeys).toContain(key);
    });

    it('refuses bad credentials with a clear auth error that does not leak them', async (ctx) => {
      const badSecrets = setup.badSecrets;
      if (!badSecrets) return ctx.skip();
      const error = await target.connector
        .testConnection({ settings: setup.settings, secrets: { ...setup.secrets, ...badSecrets }, signal: new AbortController().signal, logger: silent })
        .then(() => null, (e: unknown) => e);
      expect(isConnectorError(error)).toBe(true);
      expect((error as ConnectorError).kind).toBe('auth');
      for (const secret of [...Object.values(badSecrets), ...Object.values(setup.secrets)]) {
        if (secret.length >= 6) expect((error as Error).message).not.toContain(secret);
      }
    });

    it(`sends ${size.toLocaleString('en-US')} records within the declared limits, and a re-run counts nothing twice`, async () => {
      const item = newItem(size);
      const all = records(size);
      const first = await exportRecords(item, all);
      expect(first.items[0]!.rejected).toEqual([]);
      expect(first.items[0]!.accepted).toBe(size);
      expect(await setup.count(item)).toBe(size);

      const stats = setup.stats?.();
      if (stats) {
        const { recordsPerRequest, concurrentRequests } = manifest.limits;
        if (recordsPerRequest) expect(stats.maxRecordsPerRequest).toBeLessThanOrEqual(recordsPerRequest);
        expect(stats.maxConcurrent).toBeLessThanOrEqual(concurrentRequests);
      }

      const again = await exportRecords(item, all);
      expect(again.items[0]!.accepted).toBe(size);
      expect(await setup.count(item)).toBe(size);
    });

    it('exports a table whole, with every row', async (ctx) => {
      if (!manifest.exportTypes.includes('data-out')) return ctx.skip();
      const item = newItem(500, 'table');
      const result = await exportRecords(item, records(500, 40_000, 'table'));
      expect(result.items[0]!.accepted).toBe(500);
      expect(await setup.count(item)).toBe(500);
    });

    it('retries 429s and 5xx as the target asks, and still delivers everything', async (ctx) => {
      if (!setup.inject) return ctx.skip();
      const item = newItem(50);
      setup.inject({ kind: 'rate-limit', times: 2, retryAfterMs: 1_000 });
      setup.inject({ kind: 'server-error', times: 2, status: 503 });
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
    });

    it('reports records the target refuses one by one, with reasons, and keeps the rest', async (ctx) => {
      if (!setup.rejectRecords) return ctx.skip();
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

    it('rejects records with invalid values before sending them', async () => {
      const item = newItem(3);
      const source = records(3, 20_000);
      const identifier = segmentExport ? fieldsOf(manifest, setup.audienceKind).find((f) => f.identifier && f.required) : undefined;
      if (!identifier) return;
      source[1] = { ...source[1]!, values: { ...source[1]!.values, [identifier.key]: null } };
      const result = await exportRecords(item, source);
      expect(result.items[0]!.rejected.map((r) => r.key)).toEqual([source[1].key]);
      expect(result.items[0]!.accepted).toBe(2);
    });

    it('removes members that left the segment, when the target can', async (ctx) => {
      if (!manifest.capabilities.removeMembers) return ctx.skip();
      const item = newItem(40);
      const source = records(40, 30_000);
      await exportRecords(item, source);
      expect(await setup.count(item)).toBe(40);
      await exportRecords(item, [], source.slice(0, 10));
      expect(await setup.count(item)).toBe(30);
    });
  });
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
