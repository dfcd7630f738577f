import { Injectable } from '@nestjs/common';
import type { EnvironmentScope } from '../auth/principal.js';
import { newId } from '../common/ids.js';
import { Database } from '../database/database.js';
import { AuditEvent } from '../database/entities/index.js';

/** Records who changed what. Callers pass before/after views that never include secrets. */
@Injectable()
export class AuditService {
  constructor(private readonly db: Database) {}

  async record(
    scope: EnvironmentScope,
    action: string,
    targetType: string,
    targetId: string | null,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ): Promise<void> {
    const principal = scope.principal;
    this.db.em.create(AuditEvent, {
      id: newId(),
      environmentId: scope.environment.id,
      actorType: principal.kind === 'user' ? 'user' : 'api-key',
      actorId: principal.kind === 'user' ? principal.userId : principal.apiKeyId,
      // The audit log names users by their email, which is unique.
      actorLabel: principal.kind === 'user' ? principal.email : `API key "${principal.name}"`,
      action,
      targetType,
      targetId,
      before,
      after,
    });
    await this.db.em.flush();
  }

  /** An event with no signed-in actor and no environment (e.g. login throttling): `who` says what we know. */
  async recordAnonymous(who: string, action: string, targetType: string, after: Record<string, unknown>): Promise<void> {
    this.db.em.create(AuditEvent, { id: newId(), environmentId: null, actorType: 'system', actorId: null, actorLabel: who, action, targetType, targetId: null, before: null, after });
    await this.db.em.flush();
  }
}
