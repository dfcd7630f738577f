import { BatchRecordIndex, jsonApiPointerIndex, type ExportRecord, type Logger } from '@outport/connector-sdk';
import type { ImportError } from './client.js';
import { IMPORT_PROFILES_POINTER, MAX_JOB_PAYLOAD_BYTES, type ProfileAttributes } from './wire.js';

/** Connector field → Klaviyo profile attribute. */
export const PROFILE_ATTRIBUTES = {
  email: 'email',
  phone: 'phone_number',
  firstName: 'first_name',
  lastName: 'last_name',
  organization: 'organization',
} as const satisfies Record<string, keyof ProfileAttributes>;

/**
 * A record as a profile for the bulk import. Empty values are left out: the import cannot clear a
 * field (Klaviyo ignores nulls there), and sending "" would overwrite what Klaviyo holds. Nothing
 * about consent is sent; the import's profile has no such attribute.
 */
export function toProfile(record: ExportRecord): ProfileAttributes {
  const profile: ProfileAttributes = {};
  for (const [field, attribute] of Object.entries(PROFILE_ATTRIBUTES)) {
    const value = record.values[field];
    if (value !== null && value !== undefined && String(value).trim() !== '') profile[attribute] = String(value);
  }
  return profile;
}

/** The request body around the profiles, in bytes, generously (type, relationships, the list id). */
const ENVELOPE_BYTES = 512;

/**
 * Splits profiles into runs whose import body stays within Klaviyo's 5 MB. Batches arrive sized by
 * an estimate (the manifest's bytesPerRequest); this measures the real JSON, so a batch of long
 * values still never makes Klaviyo refuse a job for its size.
 */
export function importParts(profiles: ProfileAttributes[], maxBytes = MAX_JOB_PAYLOAD_BYTES): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  let start = 0;
  let bytes = ENVELOPE_BYTES;
  profiles.forEach((attributes, i) => {
    // `{"type":"profile","attributes":{…}},`
    const size = Buffer.byteLength(JSON.stringify(attributes)) + 34;
    if (i > start && bytes + size > maxBytes) {
      parts.push({ start, end: i });
      start = i;
      bytes = ENVELOPE_BYTES;
    }
    bytes += size;
  });
  if (start < profiles.length) parts.push({ start, end: profiles.length });
  return parts;
}

const ATTRIBUTE_FIELDS = Object.fromEntries(Object.entries(PROFILE_ATTRIBUTES).map(([field, attribute]) => [attribute, field])) as Record<string, string>;

/**
 * Maps a job's import errors back to the batch's records. Klaviyo points each error at the profile
 * in the job's body (`source.pointer`, `/data/attributes/profiles/data/3/...`) and returns the
 * profile it read (`original_payload`); the pointer is used when the profile there is the one the
 * payload names, the payload's email otherwise.
 */
export class ImportOutcome {
  readonly index: BatchRecordIndex;
  private unmatched = 0;

  constructor(
    readonly records: readonly ExportRecord[],
    private readonly logger: Logger,
  ) {
    this.index = new BatchRecordIndex(records, (record) => (typeof record.values.email === 'string' ? record.values.email : undefined));
  }

  /** One error of the job that carried `records[offset…]`. */
  reject(error: ImportError, offset: number): void {
    const reason = describe(error);
    const field = fieldOf(error.pointer);
    const at = jsonApiPointerIndex(error.pointer, IMPORT_PROFILES_POINTER);
    const email = typeof error.originalPayload?.email === 'string' ? error.originalPayload.email : undefined;
    const record = at === undefined ? undefined : this.records[offset + at];
    const pointsAtIt = record !== undefined && (email === undefined || sameEmail(record.values.email, email));
    if (pointsAtIt && this.index.rejectAt(offset + at!, reason, field)) return;
    if (email !== undefined && this.index.rejectIdentity(email, reason, field) > 0) return;
    this.unmatched++;
    this.logger.warn(`Klaviyo reported an import error that names no profile of the batch: ${reason}`);
  }

  /** Errors Klaviyo reported that the connector could not tie to a record (logged as warnings). */
  get unmatchedErrors(): number {
    return this.unmatched;
  }
}

/** "Klaviyo refused the profile: Invalid email address (invalid)". */
function describe(error: ImportError): string {
  const words = error.detail?.trim() || error.title?.trim() || 'no reason given';
  return `Klaviyo refused the profile: ${words}${error.code ? ` (${error.code})` : ''}`;
}

/** The connector field a pointer names (`…/attributes/phone_number` → phone). */
function fieldOf(pointer: string | undefined): string | undefined {
  const attribute = pointer?.match(/\/attributes\/([a-z_]+)$/)?.[1];
  return attribute ? ATTRIBUTE_FIELDS[attribute] : undefined;
}

function sameEmail(value: unknown, email: string): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === email.trim().toLowerCase();
}
