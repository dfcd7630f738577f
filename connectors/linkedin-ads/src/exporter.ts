import {
  PermanentError,
  mapConcurrent,
  type BatchResult,
  type ExportContext,
  type Exporter,
  type RecordBatch,
  type RejectedRecord,
} from '@outport/connector-sdk';
import { findOrCreateAudience } from './audience.js';
import { readConnection } from './connection.js';
import { toElement } from './elements.js';
import { createLinkedInApi, type ElementStatus, type LinkedInApi } from './linkedin-api.js';
import { COMPANY, CONTACT, limits, type AudienceKind } from './manifest.js';

export function createLinkedInExporter(ctx: ExportContext): Exporter {
  const connection = readConnection(ctx);
  const kind = audienceKindOf(ctx.audienceKind);
  const api = createLinkedInApi(connection, ctx);

  return {
    async *exportItem(item, batches): AsyncIterable<BatchResult> {
      if (item.kind !== 'segment') throw new PermanentError('LinkedIn Ads takes segments, not tables.');
      // Found or created once, on the first batch, and shared by batches sent in parallel, so two
      // batches can never each create an audience.
      let audience: Promise<string> | undefined;
      const audienceId = () =>
        (audience ??= findOrCreateAudience(api, item, kind === COMPANY ? 'COMPANY' : 'USER', ctx.logger));
      yield* mapConcurrent(batches, limits.concurrentRequests, async (batch: RecordBatch) =>
        sendBatch(api, kind, await audienceId(), batch),
      );
    },
  };
}

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
