import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../database/database.js';

/** A target refused a saved connection's credentials: in a run, or when an admin tested the connection. */
export interface CredentialRefusal {
  connectionId: string;
  /** The connector's words (secret-free: connector errors never carry credentials). */
  message: string;
  seenIn: 'run' | 'connection-test';
  runId?: string;
}

type RefusalListener = (refusal: CredentialRefusal) => Promise<void>;

/**
 * Tells whoever cares (alerts) that a target refused a connection's credentials. Runs and connection
 * tests report here; each listener works in its own database context, and one that fails does not
 * fail the run or the test.
 */
@Injectable()
export class CredentialEvents {
  private readonly logger = new Logger('Connections');
  private readonly listeners: RefusalListener[] = [];

  constructor(private readonly db: Database) {}

  onRefused(listener: RefusalListener): void {
    this.listeners.push(listener);
  }

  async refused(refusal: CredentialRefusal): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await this.db.run(() => listener(refusal));
      } catch (error) {
        this.logger.error(`After connection ${refusal.connectionId} was refused: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
