import ApiClient from '@mailchimp/mailchimp_marketing/src/ApiClient.js';
import { connectionLimiter, withRetry, type CallLimiter, type ConnectionContext, type Logger } from '@outport/connector-sdk';
import type { MailchimpConnection } from './connection.js';
import { toConnectorError, type Action } from './errors.js';
import { guardOutbound } from './outbound.js';
import { LIMITS } from './manifest.js';
import type {
  Audience,
  AudiencePage,
  BatchMembersResult,
  MemberInput,
  Segment,
  SegmentMembersBody,
  SegmentMembersResult,
  SegmentPage,
} from './wire.js';

/** Mailchimp's largest page size for collections. */
const PAGE_SIZE = 1_000;

/**
 * Mailchimp's 429s name no delay and come in bursts when other apps share the account's
 * 10-connection cap, so a call gets a few more backoff rounds than the SDK's default.
 */
const MAX_ATTEMPTS = 8;

/**
 * The Mailchimp calls the connector makes, each through the official client, the connection's shared
 * rate limiter (Mailchimp caps simultaneous connections per user) and the SDK's retry.
 */
export class MailchimpApi {
  // One ApiClient per connection: the package's default export is a process-wide singleton, and
  // two connections must never share a key or base URL.
  private readonly client = new ApiClient();
  private readonly limiter: CallLimiter;
  private readonly signal: AbortSignal;
  private readonly logger: Logger;

  constructor(
    private readonly connection: MailchimpConnection,
    ctx: ConnectionContext,
  ) {
    this.client.basePath = connection.baseUrl;
    guardOutbound(this.client, connection.baseUrl);
    // No `server`: the client would replace the text "server" anywhere in the URL with it.
    this.client.setConfig({ apiKey: connection.apiKey });
    this.signal = ctx.signal;
    this.logger = ctx.logger;
    this.limiter = connectionLimiter(ctx, connection.connectionKey, LIMITS);
  }

  async ping(): Promise<void> {
    await this.call('checking the API key', (c) => c.ping.get());
  }

  /** The first audience the key can see, proving it may read audiences at all. */
  async firstAudiences(): Promise<AudiencePage> {
    return this.call<AudiencePage>('listing audiences', (c) => c.lists.getAllLists({ count: 1 }));
  }

  async getAudience(listId: string): Promise<Audience> {
    return this.call<Audience>(`reading audience ${listId}`, (c) => c.lists.getList(listId));
  }

  /**
   * Batch subscribe: adds new members and updates existing ones (at most 500). Existing members'
   * statuses only change when a member carries `status`, which the connector never sends.
   */
  async upsertMembers(listId: string, members: MemberInput[]): Promise<BatchMembersResult> {
    return this.call<BatchMembersResult>(`adding ${members.length} members to audience ${listId}`, (c) =>
      c.lists.batchListMembers(listId, { members, update_existing: true }),
    );
  }

  /** Every static segment (tag) of the audience. */
  async staticSegments(listId: string): Promise<Segment[]> {
    const all: Segment[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.call<SegmentPage>(`listing the tags of audience ${listId}`, (c) =>
        c.lists.listSegments(listId, { type: 'static', count: PAGE_SIZE, offset }),
      );
      all.push(...page.segments);
      if (page.segments.length === 0 || offset + PAGE_SIZE >= page.total_items) return all;
    }
  }

  async createStaticSegment(listId: string, name: string): Promise<Segment> {
    return this.call<Segment>(`creating tag "${name}" in audience ${listId}`, (c) => c.lists.createSegment(listId, { name, static_segment: [] }));
  }

  /** Tags and untags members (at most 500 emails in all). */
  async updateSegmentMembers(listId: string, segment: Segment, body: SegmentMembersBody): Promise<SegmentMembersResult> {
    const verb = body.members_to_remove?.length ? 'untagging' : 'tagging';
    const count = (body.members_to_add?.length ?? 0) + (body.members_to_remove?.length ?? 0);
    return this.call<SegmentMembersResult>(`${verb} ${count} members with "${segment.name}"`, (c) => c.lists.batchSegmentMembers(body, listId, segment.id));
  }

  /**
   * One call: the limiter is taken per attempt, so a retry's wait does not hold one of the
   * connection's slots.
   */
  private call<T>(action: Action, work: (client: ApiClient) => Promise<unknown>): Promise<T> {
    return withRetry(
      async () => {
        try {
          return (await this.limiter.run(() => work(this.client), this.signal)) as T;
        } catch (error) {
          throw toConnectorError(error, action, this.connection.apiKey);
        }
      },
      {
        signal: this.signal,
        maxAttempts: MAX_ATTEMPTS,
        onRetry: ({ attempt, delayMs, error }) => this.logger.warn(`${error.message}; attempt ${attempt + 1} in ${delayMs} ms.`),
      },
    );
  }
}
