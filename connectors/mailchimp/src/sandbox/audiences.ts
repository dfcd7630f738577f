import { createHash, randomUUID } from 'node:crypto';
import {
  MAX_MEMBERS_PER_CALL,
  MEMBER_STATUSES,
  type Audience,
  type BatchMembersBody,
  type BatchMembersResult,
  type CreateSegmentBody,
  type Member,
  type MemberError,
  type MemberStatus,
  type Problem,
  type Segment,
  type SegmentMembersBody,
  type SegmentMembersResult,
} from '../wire.js';

/** A refusal the sandbox answers with a Mailchimp problem body. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

const DOCS = 'https://mailchimp.com/developer/marketing/docs/errors/';

export function problem(status: number, title: string, detail: string, errors?: Problem['errors']): Problem {
  return { type: DOCS, title, status, detail, instance: randomUUID(), ...(errors ? { errors } : {}) };
}

export const notFound = () => new ProblemError(problem(404, 'Resource Not Found', 'The requested resource could not be found.'));

/** Mailchimp's member id: the MD5 of the lower-cased address. */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.toLowerCase()).digest('hex');
}

// Mailchimp's own check is stricter; this catches what is plainly not an address.
const EMAIL = /^[^\s@]+@[^\s@.][^\s@]*\.[^\s@.]+$/;

interface StoredMember {
  hash: string;
  email: string;
  status: MemberStatus;
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

  constructor(lists: { id: string; name: string }[]) {
    for (const { id, name } of lists) this.lists.set(id, { id, name, members: new Map(), segments: new Map() });
  }

  /** Makes later batch subscribes refuse these addresses, as Mailchimp does for flagged signups. */
  refuse(emails: string[]): void {
    for (const email of emails) this.refused.add(email.toLowerCase());
  }

  audiences(): Audience[] {
    return [...this.lists.values()].map((list) => this.audience(list));
  }

  getAudience(listId: string): Audience {
    return this.audience(this.list(listId));
  }

  batchSubscribe(listId: string, body: Partial<BatchMembersBody>): BatchMembersResult {
    const list = this.list(listId);
    if (!Array.isArray(body.members)) {
      throw new ProblemError(problem(400, 'Invalid Resource', "The resource submitted could not be validated. For field-specific details, see the 'errors' array.", [{ field: 'members', message: 'Required field not provided' }]));
    }
    tooMany('members', body.members.length);
    const result: BatchMembersResult = { new_members: [], updated_members: [], errors: [], total_created: 0, total_updated: 0, error_count: 0 };
    for (const input of body.members) {
      const email = typeof input.email_address === 'string' ? input.email_address.trim() : '';
      const refusal = this.refusal(email, input.status ?? input.status_if_new);
      if (refusal) {
        result.errors.push(refusal);
        continue;
      }
      this.deliveries.set(email.toLowerCase(), (this.deliveries.get(email.toLowerCase()) ?? 0) + 1);
      const hash = subscriberHash(email);
      const existing = list.members.get(hash);
      if (existing && !body.update_existing) {
        result.errors.push({ email_address: email, error: `${email} is already a list member, do not use 'update_existing' false to update.`, error_code: 'ERROR_CONTACT_EXISTS', field: '', field_message: '' });
        continue;
      }
      const member: StoredMember = existing ?? { hash, email, status: (input.status_if_new ?? input.status)!, mergeFields: {}, lastChanged: '' };
      if (existing && input.status) member.status = input.status;
      Object.assign(member.mergeFields, input.merge_fields ?? {});
      member.lastChanged = new Date().toISOString();
      list.members.set(hash, member);
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

  createSegment(listId: string, body: Partial<CreateSegmentBody>): Segment {
    const list = this.list(listId);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) throw new ProblemError(problem(400, 'Invalid Resource', "The resource submitted could not be validated. For field-specific details, see the 'errors' array.", [{ field: 'name', message: 'Required field not provided' }]));
    if ([...list.segments.values()].some((s) => s.name.toLowerCase() === name.toLowerCase())) {
      throw new ProblemError(problem(400, 'Invalid Resource', 'Sorry, that tag already exists.'));
    }
    const now = new Date().toISOString();
    const segment: StoredSegment = { id: this.nextSegmentId++, name, members: new Set(), createdAt: now, updatedAt: now };
    for (const email of body.static_segment ?? []) {
      const hash = subscriberHash(email);
      if (list.members.has(hash)) segment.members.add(hash);
    }
    list.segments.set(segment.id, segment);
    return this.segment(list, segment);
  }

  updateSegment(listId: string, segmentId: string, body: Partial<SegmentMembersBody>): SegmentMembersResult {
    const list = this.list(listId);
    const segment = list.segments.get(Number(segmentId));
    if (!segment) throw notFound();
    const toAdd = body.members_to_add ?? [];
    const toRemove = body.members_to_remove ?? [];
    tooMany('members_to_add', toAdd.length);
    tooMany('members_to_remove', toRemove.length);
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

  private refusal(email: string, status: unknown): MemberError | undefined {
    const error = (text: string, field = ''): MemberError => ({ email_address: email, error: text, error_code: 'ERROR_GENERIC', field, field_message: '' });
    if (!EMAIL.test(email)) return error(`${email} looks fake or invalid, please enter a real email address.`, 'email_address');
    if (this.refused.has(email.toLowerCase())) return error(`${email} has signed up to a lot of lists very recently; we're not allowing more signups for now`);
    if (typeof status !== 'string' || !(MEMBER_STATUSES as readonly string[]).includes(status)) return error('Invalid status: status or status_if_new is required', 'status');
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

function tooMany(field: string, count: number): void {
  if (count > MAX_MEMBERS_PER_CALL) {
    throw new ProblemError(
      problem(400, 'Invalid Resource', "The resource submitted could not be validated. For field-specific details, see the 'errors' array.", [
        { field, message: `Schema describes array, maximum ${MAX_MEMBERS_PER_CALL} items allowed, ${count} found` },
      ]),
    );
  }
}
