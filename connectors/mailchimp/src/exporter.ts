import {
  PermanentError,
  mapConcurrent,
  type BatchResult,
  type ExportContext,
  type ExportItem,
  type Exporter,
  type RecordBatch,
} from '@outport/connector-sdk';
import { MailchimpApi } from './client.js';
import { resolveConnection } from './connection.js';
import { CONCURRENT_REQUESTS } from './manifest.js';
import { BatchMembers, chunks } from './members.js';
import { TagDirectory } from './tags.js';
import { MAX_MEMBERS_PER_CALL, NEW_MEMBER_STATUSES, type NewMemberStatus, type Segment } from './wire.js';

/**
 * Each Outport segment becomes a tag on members of one existing audience: upsert batches add or
 * update the members and tag them, remove batches take the tag off (members stay in the audience).
 */
export async function createMailchimpExporter(ctx: ExportContext): Promise<Exporter> {
  const audienceId = typeof ctx.options.audienceId === 'string' ? ctx.options.audienceId.trim() : '';
  if (!audienceId) throw new PermanentError('Choose the Mailchimp audience to export to (the audienceId option).');
  const statusIfNew = memberStatus(ctx.options.newMemberStatus);

  const api = new MailchimpApi(resolveConnection(ctx), ctx);
  // Fail before any batch when the audience is missing or out of the key's reach.
  await api.getAudience(audienceId);
  const tags = new TagDirectory(api, audienceId);

  async function upsert(batch: RecordBatch, tag: Segment): Promise<BatchResult> {
    const members = new BatchMembers(batch.records);
    // Batches arrive sized to recordsPerRequest; chunking only guards against a bigger one.
    for (const chunk of chunks(members.memberInputs(statusIfNew), MAX_MEMBERS_PER_CALL)) {
      const result = await api.upsertMembers(audienceId, chunk);
      for (const error of result.errors) members.rejectMemberError(error);
    }
    await updateTag(members, tag, 'members_to_add');
    return { sequence: batch.sequence, accepted: members.accepted, rejected: members.rejected };
  }

  async function remove(batch: RecordBatch, tag: Segment): Promise<BatchResult> {
    const members = new BatchMembers(batch.records);
    await updateTag(members, tag, 'members_to_remove');
    return { sequence: batch.sequence, accepted: members.accepted, rejected: members.rejected };
  }

  async function updateTag(members: BatchMembers, tag: Segment, change: 'members_to_add' | 'members_to_remove'): Promise<void> {
    for (const emails of chunks(members.emails(), MAX_MEMBERS_PER_CALL)) {
      const result = await api.updateSegmentMembers(audienceId, tag, { [change]: emails });
      const verb = change === 'members_to_add' ? 'add' : 'remove';
      for (const error of result.errors ?? []) {
        for (const email of error.email_addresses) members.rejectEmail(email, `Mailchimp could not ${verb} tag "${tag.name}": ${error.error}`);
      }
    }
  }

  return {
    async *exportItem(item: ExportItem, batches: AsyncIterable<RecordBatch>): AsyncIterable<BatchResult> {
      if (item.kind !== 'segment') throw new PermanentError(`Mailchimp takes segments, not tables ("${item.name}").`);
      const tag = await tags.tagFor(item.name);
      yield* mapConcurrent(batches, CONCURRENT_REQUESTS, (batch: RecordBatch) => (batch.operation === 'remove' ? remove(batch, tag) : upsert(batch, tag)));
    },
  };
}

/** The status people new to the audience get; never one that keeps them off the list. */
function memberStatus(value: ExportContext['options'][string]): NewMemberStatus {
  if (value === undefined || value === '') return 'subscribed';
  if (typeof value === 'string' && (NEW_MEMBER_STATUSES as readonly string[]).includes(value)) return value as NewMemberStatus;
  throw new PermanentError(`"${String(value)}" is not a Mailchimp member status; use subscribed, pending or transactional.`);
}
