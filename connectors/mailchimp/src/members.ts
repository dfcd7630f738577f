import type { ExportRecord, RejectedRecord } from '@outport/connector-sdk';
import { MERGE_FIELDS } from './manifest.js';
import type { MemberError, MemberInput, NewMemberStatus } from './wire.js';

/**
 * The records of one batch by email. Mailchimp answers per email address, so rejections are mapped
 * back to every record that carried the address (two records may share one).
 */
export class BatchMembers {
  private readonly keysByEmail = new Map<string, string[]>();
  private readonly valuesByEmail = new Map<string, ExportRecord['values']>();
  private readonly rejectedKeys = new Set<string>();
  readonly rejected: RejectedRecord[] = [];

  constructor(private readonly records: ExportRecord[]) {
    for (const record of records) {
      const email = typeof record.values.email === 'string' ? record.values.email.trim().toLowerCase() : '';
      if (!email) {
        this.rejectKey(record.key, 'The record has no email address, which Mailchimp needs.', 'email');
        continue;
      }
      const keys = this.keysByEmail.get(email) ?? [];
      keys.push(record.key);
      this.keysByEmail.set(email, keys);
      // The last record for an address wins, as a second upsert would.
      this.valuesByEmail.set(email, record.values);
    }
  }

  /** Addresses not rejected so far, each once. */
  emails(): string[] {
    return [...this.keysByEmail.keys()].filter((email) => this.keysByEmail.get(email)!.some((key) => !this.rejectedKeys.has(key)));
  }

  /**
   * Batch subscribe payloads. Only `status_if_new` is sent, never `status`: with `update_existing`
   * Mailchimp would set `status` on existing members too, re-subscribing someone the account had
   * unsubscribed (and being refused for people who unsubscribed themselves or bounced). So new people
   * get `statusIfNew` and everyone already in the audience keeps the status they have.
   */
  memberInputs(statusIfNew: NewMemberStatus): MemberInput[] {
    return this.emails().map((email) => {
      const values = this.valuesByEmail.get(email)!;
      const mergeFields: Record<string, string> = {};
      for (const [key, tag] of Object.entries(MERGE_FIELDS)) {
        const value = values[key];
        // Empty values are left out rather than sent as "", which would erase what Mailchimp has.
        if (value !== null && value !== undefined && String(value) !== '') mergeFields[tag] = String(value);
      }
      return { email_address: email, status_if_new: statusIfNew, merge_fields: mergeFields };
    });
  }

  rejectEmail(email: string, reason: string, field?: string): void {
    for (const key of this.keysByEmail.get(email.trim().toLowerCase()) ?? []) this.rejectKey(key, reason, field);
  }

  /** A per-member error of the batch subscribe endpoint, in Mailchimp's words. */
  rejectMemberError(error: MemberError): void {
    const code = error.error_code && error.error_code !== 'ERROR_GENERIC' ? ` (${error.error_code})` : '';
    const detail = error.field_message ? ` ${error.field_message}` : '';
    this.rejectEmail(error.email_address, `Mailchimp refused the member: ${error.error}${detail}${code}`, fieldKey(error.field));
  }

  get accepted(): number {
    return this.records.length - this.rejected.length;
  }

  private rejectKey(key: string, reason: string, field?: string): void {
    if (this.rejectedKeys.has(key)) return;
    this.rejectedKeys.add(key);
    this.rejected.push(field ? { key, reason, field } : { key, reason });
  }
}

/** Mailchimp's field name (email_address, FNAME…) as the connector's field key. */
function fieldKey(field: string | undefined): string | undefined {
  if (!field) return undefined;
  if (field === 'email_address') return 'email';
  return Object.entries(MERGE_FIELDS).find(([, tag]) => tag === field || `merge_fields.${tag}` === field)?.[0];
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
