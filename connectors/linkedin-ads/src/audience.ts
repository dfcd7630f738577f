import { ConnectorError, type ExportItem, type Logger } from '@outport/connector-sdk';
import type { LinkedInApi, SegmentType } from './linkedin-api.js';

/**
 * One LinkedIn DMP segment per Outport segment. It is found again by its source segment id, which
 * is derived from the Outport segment's id (names can change and need not be unique), so every run
 * after the first adds to the same audience instead of creating another.
 */

type SegmentItem = Extract<ExportItem, { kind: 'segment' }>;

/** LinkedIn limits display names; long segment names are cut rather than refused. */
const MAX_NAME_LENGTH = 128;

export function audienceName(item: Pick<SegmentItem, 'name'>): string {
  const name = `Outport: ${item.name}`;
  return name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH - 1)}…` : name;
}

export function sourceSegmentIdFor(item: Pick<SegmentItem, 'id'>): string {
  return `outport-${item.id}`;
}

export async function findOrCreateAudience(
  api: LinkedInApi,
  item: SegmentItem,
  type: SegmentType,
  logger: Logger,
): Promise<string> {
  const sourceSegmentId = sourceSegmentIdFor(item);
  const existing = await api.findSegment(sourceSegmentId, type);
  if (existing) return existing.id;
  const name = audienceName(item);
  try {
    const id = await api.createSegment({ name, sourceSegmentId, type });
    logger.info(`Created LinkedIn audience "${name}" (${id}).`);
    return id;
  } catch (error) {
    // Someone created it between our look-up and our create: use theirs rather than make a second.
    if (error instanceof ConnectorError && error.options.status === 409) {
      const created = await api.findSegment(sourceSegmentId, type);
      if (created) return created.id;
    }
    throw error;
  }
}
