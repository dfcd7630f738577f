import { Injectable, Logger } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Outage } from '../database/availability.js';
import { Database } from '../database/database.js';
import { RunInterruption, type IRunInterruption } from '../database/entities/index.js';

/** e.g. "The database was unavailable for 12 s; the run resumed from its last checkpoint." */
export function databaseOutageMessage(outage: Pick<Outage, 'ms'>, how: 'carried-on' | 'resumed'): string {
  const seconds = Math.max(1, Math.round(outage.ms / 1000));
  const then = how === 'resumed' ? 'the run resumed from its last checkpoint' : 'the run carried on where it was';
  return `The database was unavailable for ${seconds} s; ${then}.`;
}

/**
 * The run's record of what held it up from outside (RunInterruption): the run details show it, so
 * a run that took longer, or resumed, says why. Each note has a key naming the event, so several
 * processes noticing one event note it once.
 */
@Injectable()
export class RunInterruptions {
  private readonly logger = new Logger('Runs');

  constructor(private readonly db: Database) {}

  /** Notes an interruption; false when one with this key was noted already. */
  async note(runId: string, cause: IRunInterruption['cause'], key: string, message: string): Promise<boolean> {
    try {
      await this.db.orm.em.fork().insert(RunInterruption, { run: runId, cause, key: key.slice(0, 100), message, at: new Date() });
      this.logger.warn(`Run ${runId}: ${message}`);
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return false;
      throw error;
    }
  }

  /** A database outage a run waited out; never fails the work that waited (the note is a courtesy). */
  async databaseOutage(runId: string, outage: Outage, how: 'carried-on' | 'resumed'): Promise<void> {
    // A pause and a resumption are noted apart; only resumptions count against MAX_INTERRUPTIONS.
    const kind = how === 'resumed' ? 'resume' : 'pause';
    await this.note(runId, 'database', `${kind}:${outage.key}`, databaseOutageMessage(outage, how)).catch((error: unknown) => {
      this.logger.warn(`Run ${runId}: could not note a database outage: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** How many times the run had to be queued again (pauses it waited out in place do not count). */
  resumptions(runId: string): Promise<number> {
    return this.db.orm.em.fork().count(RunInterruption, { run: runId, $not: { key: { $like: 'pause:%' } } });
  }

  /** The notes of these runs, oldest first. */
  async of(runIds: string[]): Promise<IRunInterruption[]> {
    if (runIds.length === 0) return [];
    return this.db.em.find(RunInterruption, { run: { $in: runIds } }, { orderBy: { id: 'asc' } });
  }
}
