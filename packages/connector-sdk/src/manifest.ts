import { COLUMN_TYPES, ENVIRONMENT_KINDS, SEGMENT_TYPES } from '@outport/core';
import { z } from 'zod';

/**
 * The machine-readable description of a connector. The API and the console read it (as the
 * checked-in manifest.json) without running connector code: what the connector accepts, which
 * settings a connection needs, which fields it maps and how, and the target's limits.
 */

const id = z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes');

/** How a value is normalised before it is sent (and before hashing). */
export const NORMALIZATIONS = ['none', 'trim', 'email', 'phone', 'name', 'lowercase', 'domain', 'url'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

export const HASHINGS = ['none', 'sha256'] as const;
export type Hashing = (typeof HASHINGS)[number];

/** A target field a segment's columns are mapped onto. */
export const FieldSchema = z.object({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
  label: z.string().min(1),
  type: z.enum(COLUMN_TYPES),
  required: z.boolean().default(false),
  /** Identifies the member at the target (e.g. the email a list is keyed by). */
  identifier: z.boolean().default(false),
  normalize: z.enum(NORMALIZATIONS).default('none'),
  hash: z.enum(HASHINGS).default('none'),
  /** Optional extra attributes are offered behind "Add attribute" rather than as core fields. */
  extra: z.boolean().default(false),
  description: z.string().optional(),
});
export type ConnectorField = z.output<typeof FieldSchema>;

/** One kind of audience the connector can build, e.g. LinkedIn's `contact` and `company`. */
export const AudienceKindSchema = z.object({
  id,
  label: z.string().min(1),
  description: z.string().optional(),
  /** Segment types accepted, per environment kind. A missing kind accepts nothing there. */
  accepts: z.partialRecord(z.enum(ENVIRONMENT_KINDS), z.array(z.enum(SEGMENT_TYPES)).min(1)),
  fields: z.array(FieldSchema).min(1),
});
export type AudienceKindManifest = z.output<typeof AudienceKindSchema>;

const settingScalar = z.union([z.string(), z.number(), z.boolean()]);

/** A form input: connection settings and secrets, or an export's options. */
export const SettingSchema = z.object({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
  label: z.string().min(1),
  type: z.enum(['string', 'number', 'boolean', 'select', 'url', 'text']).default('string'),
  required: z.boolean().default(false),
  /** Secrets are encrypted at rest and never returned by the API. */
  secret: z.boolean().default(false),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  placeholder: z.string().optional(),
  description: z.string().optional(),
  pattern: z.string().optional(),
  /**
   * Shown and checked only when another, non-secret setting of the same form has this value (or
   * one of these), e.g. the Azure fields when `destination` is `azure-blob`. When it does not
   * apply, the console hides it, it is not required and a value given for it is ignored.
   */
  visibleWhen: z.object({ key: z.string(), equals: z.union([settingScalar, z.array(settingScalar).min(1)]) }).optional(),
});
export type SettingManifest = z.output<typeof SettingSchema>;

const positive = z.number().int().positive();

/** At most `requests` calls may start within any `intervalMs`. */
export const RequestWindowSchema = z.object({ requests: positive, intervalMs: positive });
export type RequestWindow = z.output<typeof RequestWindowSchema>;

/**
 * One window, or several that all hold at once: a target with a burst and a steady limit (10 a
 * second and 150 a minute) declares both.
 */
const RequestWindowsSchema = z.union([RequestWindowSchema, z.array(RequestWindowSchema).min(1)]);

/** Names of operations with limits of their own: `upsert` and `remove` batches, or any call a connector names. */
export const OPERATION_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Limits of one operation, where the target's differ from its general ones (an import job takes
 * 10,000 profiles, a removal call 1,000). `upsert` and `remove` size the SDK's batches of that kind;
 * any operation's rate fields (`requestsPerInterval`, `concurrentRequests`) give it a budget of its
 * own, as targets that count limits per endpoint do. A field left out is the general one.
 */
export const OperationLimitsSchema = z.object({
  recordsPerRequest: positive.optional(),
  bytesPerRequest: positive.optional(),
  requestsPerInterval: RequestWindowsSchema.optional(),
  concurrentRequests: positive.optional(),
});
export type OperationLimits = z.output<typeof OperationLimitsSchema>;

export const LimitsSchema = z.object({
  membersPerSegment: z.object({ min: z.number().int().nonnegative().optional(), max: positive.optional() }).default({}),
  membersPerExport: z.object({ max: positive.optional() }).default({}),
  recordsPerRequest: positive.optional(),
  bytesPerRequest: positive.optional(),
  requestsPerInterval: RequestWindowsSchema.optional(),
  concurrentRequests: positive.default(1),
  operations: z.record(z.string().regex(OPERATION_NAME, 'lower-case letters, digits and dashes'), OperationLimitsSchema).optional(),
});
export type ConnectorLimits = z.output<typeof LimitsSchema>;

export const EXPORT_TYPES = ['segment', 'data-out'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

export const CATEGORIES = ['advertising', 'email', 'crm', 'storage', 'file-transfer', 'other'] as const;

export const ManifestSchema = z.object({
  /** Bumped when the manifest's own shape changes. */
  manifestVersion: z.literal(1).default(1),
  id,
  name: z.string().min(1),
  category: z.enum(CATEGORIES),
  description: z.string().min(1),
  /** The package version; filled from package.json when the manifest is generated. */
  version: z.string().min(1),
  /**
   * The SDK versions this connector works with (a semver range): the package's peer dependency on
   * `@outport/connector-sdk`, copied when the manifest is generated, so releases keep them equal.
   */
  sdk: z.string().min(1),
  docsUrl: z.url().optional(),
  exportTypes: z.array(z.enum(EXPORT_TYPES)).min(1),
  audienceKinds: z.array(AudienceKindSchema).default([]),
  connection: z.object({ settings: z.array(SettingSchema).default([]) }).default({ settings: [] }),
  exportOptions: z.array(SettingSchema).default([]),
  limits: LimitsSchema.default({ membersPerSegment: {}, membersPerExport: {}, concurrentRequests: 1 }),
  capabilities: z
    .object({
      /** The target can remove members, so runs can send only the difference. */
      removeMembers: z.boolean().default(false),
      /**
       * Batches of one segment may be sent by several workers at once, in any order: large runs are
       * split into key ranges (chunks) that run in parallel. The first chunk of each segment sends a
       * batch before the others start, so objects found or created by name (audiences, tags) are
       * created once. Each chunk is its own conversation with the target (its own exporter and
       * `finalize`), so a connector that declares this keeps no state across the batches of an item.
       */
      parallelChunks: z.boolean().default(false),
    })
    .default({ removeMembers: false, parallelChunks: false }),
});
export type ConnectorManifest = z.output<typeof ManifestSchema>;
export type ConnectorManifestInput = z.input<typeof ManifestSchema>;

/** Validates a manifest, returning readable problems with their paths. */
export function parseManifest(value: unknown): { ok: true; manifest: ConnectorManifest } | { ok: false; problems: string[] } {
  const result = ManifestSchema.safeParse(value);
  if (!result.success) {
    return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`) };
  }
  const manifest = result.data;
  const problems: string[] = [];
  if (manifest.exportTypes.includes('segment') && manifest.audienceKinds.length === 0) {
    problems.push('audienceKinds: a connector that takes segments declares at least one audience kind');
  }
  const keys = new Set<string>();
  for (const setting of [...manifest.connection.settings, ...manifest.exportOptions]) {
    if (keys.has(setting.key)) problems.push(`settings: "${setting.key}" is declared twice`);
    keys.add(setting.key);
  }
  for (const [group, settings] of [['connection.settings', manifest.connection.settings], ['exportOptions', manifest.exportOptions]] as const) {
    for (const setting of settings) {
      const on = setting.visibleWhen?.key;
      if (on === undefined) continue;
      const other = settings.find((s) => s.key === on);
      if (!other || other.secret || on === setting.key) problems.push(`${group}.${setting.key}.visibleWhen: "${on}" is not another non-secret setting of ${group}`);
    }
  }
  for (const kind of manifest.audienceKinds) {
    if (!kind.fields.some((f) => f.identifier)) problems.push(`audienceKinds.${kind.id}: at least one field must be an identifier`);
  }
  const { min, max } = manifest.limits.membersPerSegment;
  if (min !== undefined && max !== undefined && min > max) problems.push('limits.membersPerSegment: min is greater than max');
  const declared: [string, RequestWindow | RequestWindow[] | undefined][] = [['limits', manifest.limits.requestsPerInterval]];
  for (const [operation, limits] of Object.entries(manifest.limits.operations ?? {})) declared.push([`limits.operations.${operation}`, limits.requestsPerInterval]);
  for (const [path, windows] of declared) {
    const list = windowsOf(windows);
    if (new Set(list.map((w) => w.intervalMs)).size !== list.length) problems.push(`${path}.requestsPerInterval: two windows have the same interval`);
  }
  return problems.length ? { ok: false, problems } : { ok: true, manifest };
}

/** The manifest's JSON Schema, for partners' editors and other languages. */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ManifestSchema, { io: 'input' });
}

/** The windows a limit declares, as a list (none, one or several). */
export function windowsOf(windows: RequestWindow | RequestWindow[] | undefined): RequestWindow[] {
  if (!windows) return [];
  return Array.isArray(windows) ? windows : [windows];
}

/** What holds for the requests of one operation: its own limits where it declares them, else the general ones. */
export interface EffectiveLimits {
  recordsPerRequest?: number;
  bytesPerRequest?: number;
  windows: RequestWindow[];
  concurrentRequests?: number;
  /** True when the operation has a rate budget of its own (it declares windows or a concurrency). */
  ownBudget: boolean;
}

/** The manifest's limits as they shape what a connector may send, in general or for one operation. */
export interface RequestLimitsInput {
  recordsPerRequest?: number;
  bytesPerRequest?: number;
  requestsPerInterval?: RequestWindow | RequestWindow[];
  concurrentRequests?: number;
  operations?: Record<string, OperationLimits>;
}

/**
 * The limits for requests of `operation` (`upsert`, `remove`, or a name the connector uses for a
 * call of its own, e.g. `poll-job`): each field the operation declares replaces the general one.
 */
export function limitsFor(limits: RequestLimitsInput, operation?: string): EffectiveLimits {
  const own = operation ? limits.operations?.[operation] : undefined;
  return {
    recordsPerRequest: own?.recordsPerRequest ?? limits.recordsPerRequest,
    bytesPerRequest: own?.bytesPerRequest ?? limits.bytesPerRequest,
    windows: windowsOf(own?.requestsPerInterval ?? limits.requestsPerInterval),
    concurrentRequests: own?.concurrentRequests ?? limits.concurrentRequests,
    ownBudget: own !== undefined && (own.requestsPerInterval !== undefined || own.concurrentRequests !== undefined),
  };
}
