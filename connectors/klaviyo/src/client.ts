import {
  abortReason,
  connectionLimiter,
  jsonApiData,
  jsonApiPage,
  paginate,
  withRetry,
  type CallLimiter,
  type ConnectionContext,
  type JsonApiResource,
  type Logger,
} from '@outport/connector-sdk';
import { AccountsApi, ListsApi, ProfilesApi } from 'klaviyo-api';
import type { KlaviyoConnection } from './connection.js';
import { toConnectorError, type Action } from './errors.js';
import { LIMITS } from './manifest.js';
import { GuardedKlaviyoSession } from './session.js';
import { MAX_PAGE_SIZE, type JobStatus, type ProfileAttributes } from './wire.js';

/** The operations of the manifest's `limits.operations`, one per Klaviyo endpoint the connector calls. */
type Operation = 'upsert' | 'remove' | 'poll-job' | 'import-errors' | 'find-members' | 'find-list' | 'create-list' | 'list-count' | 'account';

export interface ImportJob {
  id: string;
  status: JobStatus;
  totalCount?: number;
  completedCount?: number;
  failedCount?: number;
}

export interface ImportError {
  code?: string;
  title?: string;
  detail?: string;
  pointer?: string;
  /** The profile as Klaviyo read it from the job (its attributes, e.g. `email`). */
  originalPayload?: Record<string, unknown>;
}

export interface ListMember {
  id: string;
  email?: string;
}

/**
 * Every Klaviyo call the connector makes, through the official client (`klaviyo-api`), the
 * connection's limiter for the call's endpoint, and the SDK's retry. Responses are read as the
 * JSON:API documents Klaviyo sends (`response.data`), with the SDK's JSON:API helpers.
 */
export class KlaviyoApi {
  private readonly profiles: ProfilesApi;
  private readonly lists: ListsApi;
  private readonly accounts: AccountsApi;
  private readonly limiters = new Map<Operation, CallLimiter>();
  private readonly signal: AbortSignal;
  private readonly logger: Logger;

  constructor(
    private readonly connection: KlaviyoConnection,
    private readonly ctx: ConnectionContext,
  ) {
    // One client per connection, each pointed at the connection's base URL.
    const session = new GuardedKlaviyoSession(connection, ctx.signal);
    this.profiles = new ProfilesApi(session);
    this.lists = new ListsApi(session);
    this.accounts = new AccountsApi(session);
    for (const api of [this.profiles, this.lists, this.accounts]) api.basePath = connection.baseUrl;
    this.signal = ctx.signal;
    this.logger = ctx.logger;
  }

  /** The account the key belongs to (`GET /api/accounts`): proves the key and its `accounts:read` scope. */
  async account(): Promise<JsonApiResource> {
    const body = await this.call('account', 'reading the account', () => this.accounts.getAccounts());
    const [account] = jsonApiPage(body).items;
    return account ?? { type: 'account' };
  }

  /**
   * The oldest list with exactly this name, or undefined. Klaviyo does not keep names unique, so the
   * filter's matches are compared by name again and the oldest wins, the same one every run.
   */
  async findList(name: string): Promise<{ id: string; name: string } | undefined> {
    const filter = `equals(name,${filterString(name)})`;
    const first = `${this.connection.baseUrl}/api/lists`;
    const pages = paginate(
      first,
      async (url) => {
        const body = await this.call('find-list', `looking for list "${name}"`, () =>
          this.lists.getLists({ filter, sort: 'created', pageCursor: cursorOf(url), fieldsList: ['name', 'created'] }),
        );
        return jsonApiPage<{ name?: string }>(body);
      },
      { signal: this.signal },
    );
    for await (const list of pages) {
      if (list.id && list.attributes?.name === name) return { id: list.id, name };
    }
    return undefined;
  }

  async createList(name: string): Promise<{ id: string; name: string }> {
    const body = await this.call('create-list', `creating list "${name}"`, () => this.lists.createList({ data: { type: 'list', attributes: { name } } }));
    return { id: jsonApiData(body).id!, name };
  }

  /** The list's profile count, which Klaviyo computes on request (a slower rate tier). */
  async listProfileCount(listId: string): Promise<number | undefined> {
    const body = await this.call('list-count', `counting the profiles of list ${listId}`, () =>
      this.lists.getList(listId, { additionalFieldsList: ['profile_count'], fieldsList: ['name', 'profile_count'] }),
    );
    const count = jsonApiData<{ profile_count?: unknown }>(body).attributes?.profile_count;
    return typeof count === 'number' ? count : undefined;
  }

  /** Starts a bulk import job that upserts the profiles and adds them to the list; returns the job's id. */
  async submitImport(listId: string, profiles: ProfileAttributes[]): Promise<string> {
    const body = await this.call('upsert', `submitting an import job of ${n(profiles.length)} profiles`, () =>
      this.profiles.bulkImportProfiles({
        data: {
          type: 'profile-bulk-import-job',
          attributes: { profiles: { data: profiles.map((attributes) => ({ type: 'profile', attributes: toClientProfile(attributes) })) } },
          relationships: { lists: { data: [{ type: 'list', id: listId }] } },
        },
      }),
    );
    return jsonApiData(body).id!;
  }

  async importJob(jobId: string): Promise<ImportJob> {
    const body = await this.call('poll-job', `reading import job ${jobId}`, () => this.profiles.getBulkImportProfilesJob(jobId));
    const job = jsonApiData<{ status?: JobStatus; total_count?: number; completed_count?: number | null; failed_count?: number | null }>(body);
    const a = job.attributes ?? {};
    return { id: job.id ?? jobId, status: a.status ?? 'queued', totalCount: a.total_count, completedCount: a.completed_count ?? undefined, failedCount: a.failed_count ?? undefined };
  }

  /** The job's per-profile errors, page after page as Klaviyo links them. */
  async *importErrors(jobId: string): AsyncGenerator<ImportError> {
    const first = `${this.connection.baseUrl}/api/profile-bulk-import-jobs/${encodeURIComponent(jobId)}/import-errors`;
    const pages = paginate(
      first,
      async (url) => {
        const body = await this.call('import-errors', `reading the errors of import job ${jobId}`, () =>
          this.profiles.getErrorsForBulkImportProfilesJob(jobId, { pageSize: MAX_PAGE_SIZE, pageCursor: cursorOf(url) }),
        );
        return jsonApiPage<{ code?: string; title?: string; detail?: string; source?: { pointer?: string | null }; original_payload?: Record<string, unknown> | null }>(body);
      },
      { signal: this.signal },
    );
    for await (const error of pages) {
      const a = error.attributes ?? {};
      yield { code: a.code, title: a.title, detail: a.detail, pointer: a.source?.pointer ?? undefined, originalPayload: a.original_payload ?? undefined };
    }
  }

  /** Members of the list with these emails (at most 100 per call), with their profile ids. */
  async findListMembers(listId: string, emails: string[]): Promise<ListMember[]> {
    const filter = `any(email,[${emails.map(filterString).join(',')}])`;
    const first = `${this.connection.baseUrl}/api/lists/${encodeURIComponent(listId)}/profiles`;
    const members: ListMember[] = [];
    const pages = paginate(
      first,
      async (url) => {
        const body = await this.call('find-members', `looking up ${n(emails.length)} members of list ${listId}`, () =>
          this.lists.getProfilesForList(listId, { filter, fieldsProfile: ['email'], pageSize: MAX_PAGE_SIZE, pageCursor: cursorOf(url) }),
        );
        return jsonApiPage<{ email?: string | null }>(body);
      },
      { signal: this.signal },
    );
    for await (const profile of pages) if (profile.id) members.push({ id: profile.id, email: profile.attributes?.email ?? undefined });
    return members;
  }

  /** Takes profiles off the list (at most 1,000); their consent is untouched. */
  async removeFromList(listId: string, profileIds: string[]): Promise<void> {
    await this.call('remove', `removing ${n(profileIds.length)} profiles from list ${listId}`, () =>
      this.lists.removeProfilesFromList(listId, { data: profileIds.map((id) => ({ type: 'profile', id })) }),
    );
  }

  /**
   * One call: its endpoint's limiter is taken per attempt (a retry's wait holds no slot), errors
   * become the SDK's, and retryable ones are retried, after the delay a 429 names.
   */
  private call(operation: Operation, action: Action, work: () => Promise<{ response: { data: unknown } }>): Promise<unknown> {
    const limiter = this.limiter(operation);
    return withRetry(
      async () => {
        if (this.signal.aborted) throw abortReason(this.signal);
        try {
          return (await limiter.run(work, this.signal)).response.data;
        } catch (error) {
          if (this.signal.aborted) throw abortReason(this.signal);
          throw toConnectorError(error, action, [this.connection.apiKey]);
        }
      },
      {
        signal: this.signal,
        onRetry: ({ attempt, delayMs, error }) => this.logger.warn(`${error.message}; attempt ${attempt + 1} in ${delayMs} ms.`),
      },
    );
  }

  private limiter(operation: Operation): CallLimiter {
    let limiter = this.limiters.get(operation);
    if (!limiter) this.limiters.set(operation, (limiter = connectionLimiter(this.ctx, this.connection.connectionKey, LIMITS, operation)));
    return limiter;
  }
}

/** The client's model of a profile, which it serialises back to Klaviyo's snake_case attributes. */
function toClientProfile(profile: ProfileAttributes) {
  return { email: profile.email, phoneNumber: profile.phone_number, firstName: profile.first_name, lastName: profile.last_name, organization: profile.organization };
}

/**
 * A string in Klaviyo's filter syntax: double-quoted, with backslash escapes for quotes and
 * backslashes (a list name may contain either).
 */
export function filterString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The `page[cursor]` of a page's URL (the official client takes the cursor, not the link). */
function cursorOf(url: string): string | undefined {
  return new URL(url).searchParams.get('page[cursor]') ?? undefined;
}

const n = (value: number) => value.toLocaleString('en-US');
