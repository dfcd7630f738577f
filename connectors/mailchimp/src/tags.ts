import { isConnectorError } from '@outport/connector-sdk';
import type { MailchimpApi } from './client.js';
import type { Segment } from './wire.js';

/**
 * Finds the tag (static segment) for each Outport segment by name, creating it when the audience
 * does not have it yet. Lookups are shared, so items exported at once never create a tag twice.
 */
export class TagDirectory {
  private existing: Promise<Segment[]> | undefined;
  private readonly resolved = new Map<string, Promise<Segment>>();

  constructor(
    private readonly api: MailchimpApi,
    private readonly listId: string,
  ) {}

  tagFor(name: string): Promise<Segment> {
    let tag = this.resolved.get(name);
    if (!tag) {
      tag = this.findOrCreate(name);
      // A failed lookup is not remembered: the next item may try again.
      tag.catch(() => this.resolved.delete(name));
      this.resolved.set(name, tag);
    }
    return tag;
  }

  private async findOrCreate(name: string): Promise<Segment> {
    this.existing ??= this.api.staticSegments(this.listId);
    const segments = await this.existing.catch((error: unknown) => {
      this.existing = undefined;
      throw error;
    });
    const found = matching(segments, name);
    if (found) return found;
    try {
      return await this.api.createStaticSegment(this.listId, name);
    } catch (error) {
      // Another export (another process) created it since we looked: use theirs.
      if (!(isConnectorError(error) && /already exists/i.test(error.message))) throw error;
      this.existing = undefined;
      const created = matching(await this.api.staticSegments(this.listId), name);
      if (!created) throw error;
      return created;
    }
  }
}

/** An exact match first; failing that, one ignoring case, rather than a near-duplicate tag that people would confuse with the existing one. */
function matching(segments: Segment[], name: string): Segment | undefined {
  return segments.find((s) => s.name === name) ?? segments.find((s) => s.name.toLowerCase() === name.toLowerCase());
}
