import { createHash } from 'node:crypto';
import {
  MEMBER_STATUSES,
  type Audience,
  type BatchMembersBody,
  type BatchMembersResult,
  type CreateSegmentBody,
  type Member,
  type MemberError,
  type MemberStatus,
  type Segment,
  type SegmentMembersBody,
  type SegmentMembersResult,
} from '../wire.js';
import { ProblemError, invalidResource, notFound, problem } from './problems.js';
import { validateBatchSubscribe, validateCreateSegment, validateSegmentMembers, type ValidationOptions } from './validate.js';

/** Mailchimp's member id: the MD5 of the lower-cased address. */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.toLowerCase()).digest('hex');
}

// Mailchimp's own check is stricter; this catches what is plainly not an address.
const EMAIL = /^[^\s@]+@[^\s@.][^\s@]*\.[^\s@.]+$/;

/**
 * Why a member may not be put back on marketing email by the account: they unsubscribed themselves
 * (an unsubscribe link, a preference form) or their address bounced and was cleaned. Mailchimp then
 * refuses `subscribed` (and `transactional`) for them with "… is in a compliance state …"; someone
 * who unsubscribed may still be sent a confirmation email through `pending`, a cleaned address not.
 * A member the account itself set to `unsubscribed` through the API carries no such lock.
 */
export type ComplianceLock = 'unsubscribed' | 'cleaned';

interface StoredMember {
  hash: string;
  email: string;
  status: MemberStatus;
  lock?: ComplianceLock;
  mergeFields: Record<string, string>;
  lastChanged: string;
}

interface StoredSegment {
  id: number;
  name: string;
  members: Set<string>;
  createdAt: string;
  updatedAt: string;
}

interface StoredList {
  id: string;
  name: string;
  members: Map<string, StoredMember>;
  segments: Map<number, StoredSegment>;
}

/** The audiences of one sandbox account, in memory. */
export class AudienceStore {
  private readonly lists = new Map<string, StoredList>();
  private readonly refused = new Set<string>();
  /** How many batch subscribes carried each address: lets tests prove nothing was sent twice. */
  readonly deliveries = new Map<string, number>();
  private nextSegmentId = 10_001;

  constructor(
    lists: { id: string; name: string }[],
    private readonly validation: ValidationOptions,
  ) {
    for (const { id, name } of lists) this.lists.set(id, { id, name, members: new Map(), segments: new Map() });
  }

  /** Makes later batch subscribes refuse these addresses, as Mailchimp does for flagged signups. */
  refuse(emails: string[]): void {
    for (const email of emails) this.refused.add(email.toLowerCase());
  }

  /**
   * Test hook: these people unsubscribed, `by` themselves (the default: an unsubscribe link, which
   * puts them in Mailchimp's compliance state) or by the account. Adds them to the audience when
   * they are not in it yet, as someone who unsubscribed before the first export would be.
   */
  unsubscribe(listId: string, emails: string[], by: 'contact' | 'account'): void {
    for (const email of emails) this.setStatus(listId, email, 'unsubscribed', by === 'contact' ? 'unsubscribed' : undefined);
  }

  /** Test hook: these addresses bounced and were cleaned (added to the audience when absent). */
  clean(listId: string, emails: string[]): void {
    for (const email of emails) this.setStatus(listId, email, 'cleaned', 'cleaned');
  }

  audiences(): Audience[] {
    return [...this.lists.values()].map((list) => this.audience(list));
  }

  getAudience(listId: string): Audience {
    return this.audience(this.list(listId));
  }

  /**
   * Batch subscribe, as Mailchimp documents it: a new address gets `status_if_new` (or `status`);
   * an existing member is refused with ERROR_CONTACT_EXISTS unless `update_existing` is true, and
   * then takes the new merge fields and tags and, only when `status` is sent, that status ("whether
   * this batch operation will change existing members' subscription status"). A status change the
   * member's compliance lock forbids is refused for that member alone; the request still answers 200.
   */
  batchSubscribe(listId: string, body: unknown): BatchMembersResult {
    const list = this.list(listId);
    const errors = validateBatchSubscribe(body, this.validation);
    if (errors.length) throw invalidResource(errors);
    const { members, update_existing: updateExisting, sync_tags: syncTags } = body as BatchMembersBody;
    const result: BatchMembersResult = { new_members: [], updated_members: [], errors: [], total_created: 0, total_updated: 0, error_count: 0 };
    for (const input of members) {
      const email = typeof input.email_address === 'string' ? input.email_address.trim() : '';
      const hash = subscriberHash(email);
      const existing = list.members.get(hash);
      const refusal = this.refusal(email, existing, input, updateExisting === true);
      if (refusal) {
        result.errors.push(refusal);
        continue;
      }
      this.deliveries.set(email.toLowerCase(), (this.deliveries.get(email.toLowerCase()) ?? 0) + 1);
      const now = new Date().toISOString();
      const member: StoredMember = existing ?? { hash, email, status: (input.status_if_new ?? input.status)!, mergeFields: {}, lastChanged: now };
      // A compliance lock stays with the address whatever the account sets (see mayChange).
      if (existing && input.status) existing.status = input.status;
      Object.assign(member.mergeFields, input.merge_fields ?? {});
      member.lastChanged = now;
      list.members.set(hash, member);
      if (Array.isArray(input.tags)) this.tagMember(list, member, input.tags, syncTags === true && existing !== undefined);
      (existing ? result.updated_members : result.new_members).push(this.member(list, member));
    }
    result.total_created = result.new_members.length;
    result.total_updated = result.updated_members.length;
    result.error_count = result.errors.length;
    return result;
  }

  segments(listId: string, type: string | undefined): Segment[] {
    const list = this.list(listId);
    // Every segment here is static; a filter for saved or fuzzy ones finds none.
    if (type && type !== 'static') return [];
    return [...list.segments.values()].map((segment) => this.segment(list, segment));
  }

  getSegment(listId: string, segmentId: string): Segment {
    const list = this.list(listId);
    const segment = list.segments.get(Number(segmentId));
    if (!segment) throw notFound();
    return this.segment(list, segment);
  }

  createSegment(listId: string, body: unknown): Segment {
    const list = this.list(listId);
    const errors = validateCreateSegment(body, this.validation);
    if (errors.length) throw invalidResource(errors);
    const input = body as CreateSegmentBody & { options?: unknown };
    const name = input.name.trim();
    if (!name) throw invalidResource([{ field: 'name', message: 'The name may not be empty.' }]);
    if (input.options !== undefined) throw notSimulatedSegment();
    if ([...list.segments.values()].some((s) => s.name.toLowerCase() === name.toLowerCase())) {
      throw new ProblemError(problem(400, 'Invalid Resource', 'Sorry, that tag already exists.'));
    }
    const now = new Date().toISOString();
    const segment: StoredSegment = { id: this.nextSegmentId++, name, members: new Set(), createdAt: now, updatedAt: now };
    for (const email of input.static_segment ?? []) {
      const hash = subscriberHash(email);
      if (list.members.has(hash)) segment.members.add(hash);
    }
    list.segments.set(segment.id, segment);
    return this.segment(list, segment);
  }

  /**
   * Tags and untags members. Tagging never changes anyone's subscription status: unsubscribed and
   * cleaned members can carry tags too. Addresses not in the audience are not created.
   */
  updateSegment(listId: string, segmentId: string, body: unknown): SegmentMembersResult {
    const list = this.list(listId);
    const segment = list.segments.get(Number(segmentId));
    if (!segment) throw notFound();
    const errors = validateSegmentMembers(body, this.validation);
    if (errors.length) throw invalidResource(errors);
    const { members_to_add: toAdd = [], members_to_remove: toRemove = [] } = body as SegmentMembersBody;
    const result: SegmentMembersResult = { members_added: [], members_removed: [], errors: [], total_added: 0, total_removed: 0, error_count: 0 };
    const missing: string[] = [];
    for (const [emails, add] of [[toAdd, true], [toRemove, false]] as const) {
      for (const email of emails) {
        const member = list.members.get(subscriberHash(email));
        if (!member) {
          missing.push(email);
        } else if (add) {
          segment.members.add(member.hash);
          result.members_added.push(this.member(list, member));
        } else if (segment.members.delete(member.hash)) {
          result.members_removed.push(this.member(list, member));
        }
      }
    }
    // Tags only apply to people in the audience; Mailchimp does not create them here.
    if (missing.length) result.errors.push({ email_addresses: missing, error: 'Email addresses do not belong to this list' });
    segment.updatedAt = new Date().toISOString();
    result.total_added = result.members_added.length;
    result.total_removed = result.members_removed.length;
    result.error_count = missing.length;
    return result;
  }

  getMember(listId: string, hash: string): Member {
    const list = this.list(listId);
    const member = list.members.get(hash.toLowerCase()) ?? list.members.get(subscriberHash(hash));
    if (!member) throw notFound();
    return this.member(list, member);
  }

  findMember(listId: string, email: string): Member | undefined {
    const list = this.list(listId);
    const member = list.members.get(subscriberHash(email.trim()));
    return member && this.member(list, member);
  }

  members(listId: string): Member[] {
    const list = this.list(listId);
    return [...list.members.values()].map((member) => this.member(list, member));
  }

  /** Addresses on the tag, or [] when the audience has no such tag. */
  tagMembers(listId: string, tagName: string): string[] {
    const list = this.list(listId);
    const segment = [...list.segments.values()].find((s) => s.name === tagName);
    return segment ? [...segment.members].map((hash) => list.members.get(hash)!.email) : [];
  }

  /** Tags named in a batch subscribe: a tag is a static segment, created when the audience lacks it. */
  private tagMember(list: StoredList, member: StoredMember, names: string[], sync: boolean): void {
    const now = new Date().toISOString();
    const wanted = new Set(names.map((name) => name.trim().toLowerCase()).filter(Boolean));
    if (sync) {
      for (const segment of list.segments.values()) if (!wanted.has(segment.name.toLowerCase())) segment.members.delete(member.hash);
    }
    for (const name of names.map((n) => n.trim()).filter(Boolean)) {
      let segment = [...list.segments.values()].find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (!segment) {
        segment = { id: this.nextSegmentId++, name, members: new Set(), createdAt: now, updatedAt: now };
        list.segments.set(segment.id, segment);
      }
      segment.members.add(member.hash);
      segment.updatedAt = now;
    }
  }

  private setStatus(listId: string, email: string, status: MemberStatus, lock: ComplianceLock | undefined): void {
    const list = this.list(listId);
    const address = email.trim();
    const hash = subscriberHash(address);
    const member = list.members.get(hash) ?? { hash, email: address, status, mergeFields: {}, lastChanged: '' };
    member.status = status;
    member.lock = lock;
    member.lastChanged = new Date().toISOString();
    list.members.set(hash, member);
  }

  /** Why this member of a batch is refused, in Mailchimp's words, or nothing. */
  private refusal(email: string, existing: StoredMember | undefined, input: BatchMembersBody['members'][number], updateExisting: boolean): MemberError | undefined {
    const error = (text: string, code: MemberError['error_code'] = 'ERROR_GENERIC', field = ''): MemberError => ({ email_address: email, error: text, error_code: code, field, field_message: '' });
    if (!email) return error('An email address is required for every member.', 'ERROR_GENERIC', 'email_address');
    if (!EMAIL.test(email)) return error(`${email} looks fake or invalid, please enter a real email address.`, 'ERROR_GENERIC', 'email_address');
    if (this.refused.has(email.toLowerCase())) return error(`${email} has signed up to a lot of lists very recently; we're not allowing more signups for now`);
    if (!existing) {
      if (!isStatus(input.status_if_new) && !isStatus(input.status)) return error('A new member needs a status or a status_if_new.', 'ERROR_GENERIC', 'status');
      return undefined;
    }
    if (!updateExisting) return error(`${email} is already a list member, do not use 'update_existing' false to update.`, 'ERROR_CONTACT_EXISTS');
    if (input.status && input.status !== existing.status && !mayChange(existing, input.status)) {
      return error(`${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`);
    }
    return undefined;
  }

  private list(listId: string): StoredList {
    const list = this.lists.get(listId);
    if (!list) throw notFound();
    return list;
  }

  private audience(list: StoredList): Audience {
    return { id: list.id, name: list.name, stats: { member_count: [...list.members.values()].filter((m) => m.status === 'subscribed').length } };
  }

  private segment(list: StoredList, segment: StoredSegment): Segment {
    return { id: segment.id, name: segment.name, member_count: segment.members.size, type: 'static', list_id: list.id, created_at: segment.createdAt, updated_at: segment.updatedAt };
  }

  private member(list: StoredList, member: StoredMember): Member {
    const tags = [...list.segments.values()].filter((s) => s.members.has(member.hash)).map((s) => ({ id: s.id, name: s.name }));
    return { id: member.hash, email_address: member.email, status: member.status, merge_fields: { ...member.mergeFields }, tags, tags_count: tags.length, list_id: list.id, last_changed: member.lastChanged };
  }
}

function isStatus(value: unknown): value is MemberStatus {
  return typeof value === 'string' && (MEMBER_STATUSES as readonly string[]).includes(value);
}

/** Whether the account may move this member to `status` (see ComplianceLock). */
function mayChange(member: StoredMember, status: MemberStatus): boolean {
  if (status === 'unsubscribed' || status === 'cleaned') return true;
  if (member.lock === 'cleaned') return false;
  if (member.lock === 'unsubscribed') return status === 'pending';
  return true;
}

const notSimulatedSegment = () =>
  new ProblemError(problem(501, 'Not Implemented', 'The Mailchimp sandbox only simulates static segments (tags), not segments with conditions.'));
