import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../database/database.js';
import type { IRun } from '../database/entities/index.js';

type RunListener = (run: IRun) => Promise<void>;

/**
 * Tells whoever cares that a run has ended (a system refresh advancing its graph, alerts). Every way a
 * run ends passes through here once, in the process that ended it. Each listener works in its own
 * database context, and one that fails does not stop the others.
 */
@Injectable()
export class RunEvents {
  private readonly logger = new Logger('Runs');
  private readonly listeners: RunListener[] = [];

  constructor(private readonly db: Database) {}

  onFinished(listener: RunListener): void {
    this.listeners.push(listener);
  }

  async finished(run: IRun): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await this.db.run(() => listener(run));
      } catch (error) {
        this.logger.error(`After run ${run.id} ended: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
  }
}
