import {
  PermanentError,
  mapConcurrent,
  type BatchResult,
  type ExportContext,
  type Exporter,
  type RecordBatch,
  type RejectedRecord,
} from '@outport/connector-sdk';
import { findOrCreateAudience, sourceSegmentIdFor } from './audience.js';
import { readConnection } from './connection.js';
import { toElement } from './elements.js';
import { createLinkedInApi, type ElementStatus, type LinkedInApi, type SegmentState } from './linkedin-api.js';
import { COMPANY, CONTACT, limits, type AudienceKind } from './manifest.js';

export function createLinkedInExporter(ctx: ExportContext): Exporter {
  const connection = readConnection(ctx);
  const kind = audienceKindOf(ctx.audienceKind);
  const type = kind === COMPANY ? 'COMPANY' : 'USER';
  const api = createLinkedInApi(connection, ctx);
  /** Each item's audience, once a batch has found or created it. */
  const audiences = new Map<string, Promise<string>>();

  return {
    async *exportItem(item, batches): AsyncIterable<BatchResult> {
      if (item.kind !== 'segment') throw new PermanentError('LinkedIn Ads takes segments, not tables.');
      // Found or created once, on the first batch, and shared by batches sent in parallel, so two
      // batches can never each create an audience.
      const audienceId = () => {
        let audience = audiences.get(item.id);
        if (!audience) audiences.set(item.id, (audience = findOrCreateAudience(api, item, type, ctx.logger)));
        return audience;
      };
      yield* mapConcurrent(batches, limits.concurrentRequests, async (batch: RecordBatch) =>
        sendBatch(api, kind, await audienceId(), batch),
      );
    },

    // After the last batch: LinkedIn's status and matched size for the audience, for the run's details.
    async describeItem(item) {
      if (item.kind !== 'segment') return undefined;
      const id =
        (await audiences.get(item.id)) ?? (await api.findSegment(sourceSegmentIdFor(item), type))?.id;
      if (!id) return undefined;
      return describeSegment(await api.getSegment(id), kind, item.memberCount);
    },
  };
}

/** LinkedIn's minimum audience for a campaign to deliver. */
const MIN_SERVING_AUDIENCE = 300;

/**
 * One line on what LinkedIn reports: "LinkedIn segment 123: READY, 2,310 of 3,100 matched". A
 * contact audience's size is its matched members, set against the segment's members; a company
 * audience's size is the members at its matched companies, so the companies matched (LinkedIn counts
 * them over the last seven days) are given beside it.
 */
export function describeSegment(state: SegmentState, kind: AudienceKind, members: number): string {
  const head = `LinkedIn segment ${state.id}: ${state.status ?? 'status unknown'}`;
  if (state.audienceSize === undefined) return `${head}, 0 matched yet`;
  const small =
    state.status === 'BUILDING' && state.audienceSize < MIN_SERVING_AUDIENCE
      ? ` (LinkedIn serves an audience from ${MIN_SERVING_AUDIENCE} matched members)`
      : '';
  if (kind === COMPANY) {
    const companies =
      state.matchedCount !== undefined && state.inputCount !== undefined
        ? ` at ${n(state.matchedCount)} of ${n(state.inputCount)} companies matched (last 7 days)`
        : '';
    return `${head}, ${n(state.audienceSize)} members${companies}${small}`;
  }
  return `${head}, ${n(state.audienceSize)} of ${n(members)} matched${small}`;
}

const n = (value: number) => value.toLocaleString('en-US');

async function sendBatch(
  api: LinkedInApi,
  kind: AudienceKind,
  audienceId: string,
  batch: RecordBatch,
): Promise<BatchResult> {
  const action = batch.operation === 'remove' ? 'REMOVE' : 'ADD';
  const rejected: RejectedRecord[] = [];
  const sent: { key: string; element: object }[] = [];
  for (const record of batch.records) {
    const prepared = toElement(kind, record, action);
    if (prepared.ok) sent.push({ key: record.key, element: prepared.element });
    else rejected.push(prepared.rejected);
  }
  if (sent.length === 0) return { sequence: batch.sequence, accepted: 0, rejected };

  const statuses = await api.sendElements(
    audienceId,
    kind === COMPANY ? 'companies' : 'users',
    sent.map((s) => s.element),
  );
  let accepted = 0;
  statuses.forEach((status, i) => {
    if (status.status >= 200 && status.status < 300) accepted++;
    else rejected.push({ key: sent[i]!.key, reason: refusal(status) });
  });
  return { sequence: batch.sequence, accepted, rejected };
}

function refusal(status: ElementStatus): string {
  const message = status.error?.message?.trim();
  return message
    ? `LinkedIn refused it: ${message} (HTTP ${status.status})`
    : `LinkedIn refused it (HTTP ${status.status})`;
}

function audienceKindOf(value: string | undefined): AudienceKind {
  if (value === undefined || value === CONTACT) return CONTACT;
  if (value === COMPANY) return COMPANY;
  throw new PermanentError(`LinkedIn Ads has no "${value}" audience; choose ${CONTACT} or ${COMPANY}.`);
}
