import { randomBytes, randomUUID } from 'node:crypto';
import { IMPORT_PROFILES_POINTER, type JobStatus, type ProfileAttributes } from '../wire.js';

/**
 * What the Klaviyo sandbox holds: profiles (kept by email, or phone number when a profile has no
 * email), lists and their members, and bulk import jobs with their state machine
 * (queued → processing → complete, or cancelled), their per-profile errors and their profiles.
 */

export interface StoredProfile extends ProfileAttributes {
  id: string;
  created: string;
  updated: string;
}

export interface StoredList {
  id: string;
  name: string;
  created: string;
  updated: string;
  members: Set<string>;
}

export interface ImportErrorResource {
  type: 'import-error';
  id: string;
  attributes: { code: string; title: string; detail: string; source: { pointer: string }; original_payload: Record<string, unknown> };
}

export interface StoredJob {
  id: string;
  status: JobStatus;
  listIds: string[];
  profiles: Record<string, unknown>[];
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  failed: number;
  errors: ImportErrorResource[];
  /** Profiles the job created or updated, in the order of the body. */
  profileIds: string[];
}

export interface JobTiming {
  queuedMs: number;
  processingMs: number;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A list id as Klaviyo makes them: six letters and digits ("Y6nRLr"). */
export function listId(): string {
  return [...randomBytes(6)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

/** A profile or job id as Klaviyo makes them: a ULID ("01GDDKASAP8TKDDA2GRZDSVP4H"). */
export function ulid(now = Date.now()): string {
  let time = '';
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  return time + [...randomBytes(16)].map((b) => CROCKFORD[b % 32]).join('');
}

/** Loose but real: one @, a dot in the domain, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** E.164: a plus and 8 to 15 digits. */
const E164 = /^\+[1-9]\d{7,14}$/;
const IDENTIFIERS = ['email', 'phone_number', 'external_id'] as const;
const TEXT_ATTRIBUTES = ['email', 'phone_number', 'external_id', 'first_name', 'last_name', 'organization', 'locale', 'title', 'image'] as const;

export class KlaviyoStore {
  readonly profiles = new Map<string, StoredProfile>();
  private readonly byEmail = new Map<string, string>();
  private readonly byPhone = new Map<string, string>();
  readonly lists = new Map<string, StoredList>();
  readonly jobs = new Map<string, StoredJob>();
  private readonly refused = new Set<string>();
  /** Profiles completed jobs added to each list, every copy counted. */
  private readonly delivered = new Map<string, number>();
  private cancelNext = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private timing: JobTiming) {}

  setTiming(timing: Partial<JobTiming>): void {
    this.timing = { ...this.timing, ...timing };
  }

  refuse(emails: Iterable<string>): void {
    for (const email of emails) this.refused.add(email.trim().toLowerCase());
  }

  /** The next `count` jobs end cancelled instead of complete (as when Klaviyo cancels a job). */
  cancelJobs(count: number): void {
    this.cancelNext += count;
  }

  deliveries(listId: string): number {
    return this.delivered.get(listId) ?? 0;
  }

  createList(name: string): StoredList {
    const now = new Date().toISOString();
    const list: StoredList = { id: listId(), name, created: now, updated: now, members: new Set() };
    this.lists.set(list.id, list);
    return list;
  }

  listByName(name: string): StoredList | undefined {
    return [...this.lists.values()].find((list) => list.name === name);
  }

  profileByEmail(email: string): StoredProfile | undefined {
    const id = this.byEmail.get(email.trim().toLowerCase());
    return id ? this.profiles.get(id) : undefined;
  }

  /** Members of a list as profiles. */
  members(listId: string): StoredProfile[] {
    return [...(this.lists.get(listId)?.members ?? [])].map((id) => this.profiles.get(id)!).filter(Boolean);
  }

  /**
   * Queues a job. It is `queued` for `queuedMs`, `processing` for `processingMs`, then `complete`
   * (its profiles upserted and added to its lists, its errors readable) or, when told to, `cancelled`
   * with nothing applied.
   */
  submitJob(profiles: Record<string, unknown>[], listIds: string[]): StoredJob {
    const job: StoredJob = {
      id: ulid(),
      status: 'queued',
      listIds,
      profiles,
      createdAt: new Date().toISOString(),
      startedAt: null,
      completedAt: null,
      failed: 0,
      errors: [],
      profileIds: [],
    };
    this.jobs.set(job.id, job);
    const cancel = this.cancelNext > 0;
    if (cancel) this.cancelNext--;
    this.after(this.timing.queuedMs, () => {
      job.status = 'processing';
      job.startedAt = new Date().toISOString();
      this.after(this.timing.processingMs, () => (cancel ? this.cancel(job) : this.complete(job)));
    });
    return job;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private after(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  private cancel(job: StoredJob): void {
    job.status = 'cancelled';
    job.completedAt = new Date().toISOString();
  }

  private complete(job: StoredJob): void {
    job.profiles.forEach((payload, position) => {
      const attributes = (payload.attributes ?? {}) as Record<string, unknown>;
      const problem = this.problemWith(attributes);
      if (problem) {
        job.errors.push({
          type: 'import-error',
          id: randomUUID(),
          attributes: {
            code: 'invalid',
            title: 'Invalid input.',
            detail: problem.detail,
            source: { pointer: `${IMPORT_PROFILES_POINTER}/${position}${problem.at}` },
            original_payload: attributes,
          },
        });
        return;
      }
      const profile = this.upsert(attributes);
      job.profileIds.push(profile.id);
      for (const id of job.listIds) {
        const list = this.lists.get(id);
        if (!list) continue;
        list.members.add(profile.id);
        list.updated = new Date().toISOString();
        this.delivered.set(id, (this.delivered.get(id) ?? 0) + 1);
      }
    });
    job.failed = job.errors.length;
    job.status = 'complete';
    job.completedAt = new Date().toISOString();
  }

  /** Why Klaviyo would refuse this profile, and where in it; undefined when it takes it. */
  private problemWith(attributes: Record<string, unknown>): { detail: string; at: string } | undefined {
    for (const key of TEXT_ATTRIBUTES) {
      if (attributes[key] !== undefined && attributes[key] !== null && typeof attributes[key] !== 'string') return { detail: `${key} must be a string.`, at: `/attributes/${key}` };
    }
    if (!IDENTIFIERS.some((key) => typeof attributes[key] === 'string' && attributes[key] !== '')) {
      return { detail: 'A profile needs at least one identifier: email, phone_number or external_id.', at: '/attributes' };
    }
    const email = attributes.email as string | undefined;
    if (email !== undefined && email !== null) {
      if (!EMAIL.test(email)) return { detail: `Invalid email address: "${email}".`, at: '/attributes/email' };
      if (this.refused.has(email.trim().toLowerCase())) return { detail: `The email address "${email}" cannot be imported (refused by the sandbox).`, at: '/attributes/email' };
    }
    const phone = attributes.phone_number as string | undefined;
    if (phone !== undefined && phone !== null && !E164.test(phone)) return { detail: `Invalid phone number: "${phone}" is not in E.164 format.`, at: '/attributes/phone_number' };
    return undefined;
  }

  /** Creates or updates the profile the attributes identify; values not given are kept. */
  private upsert(attributes: Record<string, unknown>): StoredProfile {
    const email = typeof attributes.email === 'string' ? attributes.email.trim().toLowerCase() : undefined;
    const phone = typeof attributes.phone_number === 'string' ? attributes.phone_number : undefined;
    const existingId = (email && this.byEmail.get(email)) || (!email && phone ? this.byPhone.get(phone) : undefined);
    const now = new Date().toISOString();
    const profile: StoredProfile = existingId ? this.profiles.get(existingId)! : { id: ulid(), created: now, updated: now };
    for (const key of ['email', 'phone_number', 'first_name', 'last_name', 'organization'] as const) {
      const value = attributes[key];
      if (typeof value === 'string' && value !== '') profile[key] = value;
    }
    profile.updated = now;
    this.profiles.set(profile.id, profile);
    if (profile.email) this.byEmail.set(profile.email.toLowerCase(), profile.id);
    if (profile.phone_number) this.byPhone.set(profile.phone_number, profile.id);
    return profile;
  }
}
