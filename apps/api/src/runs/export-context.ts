import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ExportContext } from '@outport/connector-sdk';
import { ConnectionsService } from '../connections/connections.service.js';
import type { IConnection, IExport, IRun } from '../database/entities/index.js';
import { SHARED_LIMITERS, type SharedLimiters } from './shared-limiter.js';

/** What a connector is handed for one run (or one chunk of it): settings, secrets, options, limits. */
@Injectable()
export class ExportContexts {
  private readonly logger = new Logger('Runs');

  constructor(
    private readonly connections: ConnectionsService,
    @Inject(SHARED_LIMITERS) private readonly limiters: SharedLimiters | null,
  ) {}

  for(run: IRun, exp: IExport, connection: IConnection, signal: AbortSignal): ExportContext {
    return {
      settings: connection.settings as Record<string, string>,
      secrets: this.connections.secretsOf(connection),
      options: exp.options as Record<string, string>,
      audienceKind: exp.audienceKind ?? undefined,
      signal,
      logger: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) },
      sharedLimiter: this.limiters?.limiterFor,
      environmentId: run.environment,
      exportId: exp.id,
      exportName: exp.name,
      runId: run.id,
      startedAt: run.startedAt ?? new Date(),
    };
  }
}
