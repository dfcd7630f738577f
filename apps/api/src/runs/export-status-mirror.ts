import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import { Export, Run, type IRun } from '../database/entities/index.js';

/**
 * Keeps each export's `lastRunStatus` and `lastRefreshedAt` equal to what its runs say. It watches
 * every flush, so whichever code changes a run's status (starting, waiting, retrying, ending,
 * cancelling), the export row changes with it, in the same transaction. Dry runs do not count.
 */
export class ExportStatusMirror implements EventSubscriber {
  onFlush({ em, uow }: FlushEventArgs): void {
    for (const changeSet of uow.getChangeSets()) {
      if (changeSet.meta.className !== Run.meta.className) continue;
      if (changeSet.type !== ChangeSetType.CREATE && changeSet.type !== ChangeSetType.UPDATE) continue;
      const run = changeSet.entity as IRun;
      if (run.dryRun || !('status' in changeSet.payload)) continue;
      const exp = em.getReference(Export, run.exportId);
      exp.lastRunStatus = run.status;
      if ((run.status === 'succeeded' || run.status === 'succeeded_with_warnings') && run.finishedAt) exp.lastRefreshedAt = run.finishedAt;
      if (uow.getChangeSets().some((other) => other.entity === exp)) uow.recomputeSingleChangeSet(exp);
      else uow.computeChangeSet(exp);
    }
  }
}
