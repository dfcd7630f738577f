import {
  PermanentError,
  mapConcurrent,
  runAsyncJob,
  type BatchResult,
  type ExportContext,
  type ExportItem,
  type Exporter,
  type RecordBatch,
} from '@outport/connector-sdk';
import { KlaviyoApi, type ImportJob } from './client.js';
import { resolveConnection } from './connection.js';
import { BATCHES_IN_FLIGHT } from './manifest.js';
import { ImportOutcome, importParts, toProfile } from './profiles.js';
import { MAX_PAGE_SIZE, MAX_PROFILES_PER_REMOVAL } from './wire.js';

interface KlaviyoList {
  id: string;
  name: string;
}

/**
 * Each segment becomes a Klaviyo list named `<listPrefix><segment name>`, found by name or created.
 * Upsert batches are bulk import jobs that create or update the profiles and add them to the list,
 * polled until Klaviyo completes them; their per-profile errors come back as rejected records.
 * Remove batches look up the members' profile ids in the list and take them off it.
 */
export function createKlaviyoExporter(ctx: ExportContext): Exporter {
  const prefix = listPrefix(ctx.options.listPrefix);
  const api = new KlaviyoApi(resolveConnection(ctx), ctx);
  /** Each item's list, once a batch has found (or created) it; shared by the batches in flight. */
  const lists = new Map<string, Promise<KlaviyoList | undefined>>();

  const listFor = (item: ExportItem, create: boolean): Promise<KlaviyoList | undefined> => {
    const known = lists.get(item.id);
    if (known) {
      return known.then((list) => (list || !create ? list : remember(item, findOrCreate(listName(prefix, item.name)))));
    }
    const name = listName(prefix, item.name);
    return remember(item, create ? findOrCreate(name) : api.findList(name));
  };
  const remember = (item: ExportItem, list: Promise<KlaviyoList | undefined>) => {
    lists.set(item.id, list);
    // A failed lookup is not remembered: the next batch asks again.
    list.catch(() => lists.delete(item.id));
    return list;
  };
  const findOrCreate = async (name: string): Promise<KlaviyoList> => {
    const found = await api.findList(name);
    if (found) return found;
    const created = await api.createList(name);
    ctx.logger.info(`Created Klaviyo list "${name}" (${created.id}).`);
    return created;
  };

  async function importBatch(list: KlaviyoList, batch: RecordBatch): Promise<BatchResult> {
    const profiles = batch.records.map(toProfile);
    const outcome = new ImportOutcome(batch.records, ctx.logger);
    for (const part of importParts(profiles)) {
      const job = await runAsyncJob<string, ImportJob>({
        describe: `Klaviyo import job for list "${list.name}"`,
        signal: ctx.signal,
        submit: () => api.submitImport(list.id, profiles.slice(part.start, part.end)),
        poll: async (id) => {
          const state = await api.importJob(id);
          if (state.status === 'complete') return { state: 'done', result: state };
          if (state.status === 'cancelled') return { state: 'cancelled', message: `Klaviyo cancelled import job ${id}` };
          const progress = state.totalCount ? (state.completedCount ?? 0) / state.totalCount : undefined;
          return { state: 'pending', progress };
        },
        onResubmit: ({ submission, message }) => ctx.logger.warn(`${message ?? 'Klaviyo cancelled an import job'}; submitting the ${n(part.end - part.start)} profiles again (submission ${submission}).`),
      });
      // A job without failures has no errors to read; an unknown count is read to be sure.
      if (job.result.failedCount === 0) continue;
      for await (const error of api.importErrors(job.result.id)) outcome.reject(error, part.start);
    }
    return outcome.index.result(batch.sequence);
  }

  async function removeBatch(list: KlaviyoList | undefined, batch: RecordBatch): Promise<BatchResult> {
    const outcome = new ImportOutcome(batch.records, ctx.logger);
    // No list yet: nobody is on it, so every removal already holds.
    if (!list) return outcome.index.result(batch.sequence);
    const emails = [...new Set(batch.records.flatMap((r) => (typeof r.values.email === 'string' && r.values.email ? [r.values.email] : [])))];
    const ids: string[] = [];
    for (const chunk of chunks(emails, MAX_PAGE_SIZE)) {
      for (const member of await api.findListMembers(list.id, chunk)) ids.push(member.id);
    }
    // People Klaviyo does not have on the list are not on it: accepted as removed.
    for (const chunk of chunks([...new Set(ids)], MAX_PROFILES_PER_REMOVAL)) await api.removeFromList(list.id, chunk);
    return outcome.index.result(batch.sequence);
  }

  return {
    async *exportItem(item: ExportItem, batches: AsyncIterable<RecordBatch>): AsyncIterable<BatchResult> {
      if (item.kind !== 'segment') throw new PermanentError(`Klaviyo takes segments, not tables ("${item.name}").`);
      yield* mapConcurrent(batches, BATCHES_IN_FLIGHT, async (batch: RecordBatch) =>
        batch.operation === 'remove' ? removeBatch(await listFor(item, false), batch) : importBatch((await listFor(item, true))!, batch),
      );
    },

    // After the item's last batch: the list and its size as Klaviyo counts it, for the run's details.
    async describeItem(item: ExportItem): Promise<string | undefined> {
      if (item.kind !== 'segment') return undefined;
      const list = await listFor(item, false);
      if (!list) return undefined;
      const count = await api.listProfileCount(list.id);
      return `Klaviyo list "${list.name}" (${list.id})${count === undefined ? '' : `: ${n(count)} profiles`}`;
    },
  };
}

/** The export's list prefix; absent means the manifest's default. */
function listPrefix(value: ExportContext['options'][string]): string {
  if (value === undefined || value === null) return 'Outport: ';
  if (typeof value !== 'string') throw new PermanentError('The Klaviyo list prefix must be text.');
  return value;
}

export function listName(prefix: string, segmentName: string): string {
  return `${prefix}${segmentName}`.trim();
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const n = (value: number) => value.toLocaleString('en-US');
