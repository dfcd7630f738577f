/**
 * The parts of Mailchimp Marketing API v3 this connector speaks, as they travel on the wire. The
 * connector and its sandbox share these shapes so the two cannot drift apart.
 */

/** Mailchimp documents "up to 500 members" per batch subscribe and per static segment update. */
export const MAX_MEMBERS_PER_CALL = 500;

export const MEMBER_STATUSES = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/**
 * Statuses that put a new person on the audience (`status_if_new`): on marketing email, after a
 * confirmation email, or on transactional email only.
 */
export const NEW_MEMBER_STATUSES = ['subscribed', 'pending', 'transactional'] as const satisfies readonly MemberStatus[];
export type NewMemberStatus = (typeof NEW_MEMBER_STATUSES)[number];

/**
 * One member in `POST /lists/{list_id}` (batch subscribe or update). Mailchimp's schema asks for
 * `status`, `status_if_new` or both: `status_if_new` is the status of someone new to the audience;
 * `status` is everyone's, and with `update_existing` it changes existing members' status too.
 */
export interface MemberInput {
  email_address: string;
  status?: MemberStatus;
  status_if_new?: MemberStatus;
  merge_fields?: Record<string, string>;
  /** Tag names; with `sync_tags` they replace the member's tags. */
  tags?: string[];
}

export interface BatchMembersBody {
  members: MemberInput[];
  update_existing?: boolean;
  sync_tags?: boolean;
}

export interface MemberTag {
  id: number;
  name: string;
}

export interface Member {
  id: string;
  email_address: string;
  status: MemberStatus;
  merge_fields: Record<string, string>;
  tags: MemberTag[];
  tags_count: number;
  list_id: string;
  last_changed: string;
}

/** A member the batch endpoint refused; the rest of the batch still went through (HTTP 200). */
export interface MemberError {
  email_address: string;
  error: string;
  error_code?: string;
  field?: string;
  field_message?: string;
}

export interface BatchMembersResult {
  new_members: Member[];
  updated_members: Member[];
  errors: MemberError[];
  total_created: number;
  total_updated: number;
  error_count: number;
}

/** A tag is a static segment. */
export interface Segment {
  id: number;
  name: string;
  member_count: number;
  type: 'static' | 'saved' | 'fuzzy';
  list_id: string;
  created_at: string;
  updated_at: string;
}

export interface SegmentPage {
  segments: Segment[];
  total_items: number;
}

export interface CreateSegmentBody {
  name: string;
  static_segment?: string[];
}

/** `POST /lists/{list_id}/segments/{segment_id}`: emails to tag and untag. */
export interface SegmentMembersBody {
  members_to_add?: string[];
  members_to_remove?: string[];
}

export interface SegmentMembersResult {
  members_added: Member[];
  members_removed: Member[];
  errors: { email_addresses: string[]; error: string }[];
  total_added: number;
  total_removed: number;
  error_count: number;
}

export interface Audience {
  id: string;
  name: string;
  stats: { member_count: number };
}

export interface AudiencePage {
  lists: Audience[];
  total_items: number;
}

/** Mailchimp's error body (RFC 7807 problem details), sent as application/problem+json. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: { field: string; message: string }[];
}
