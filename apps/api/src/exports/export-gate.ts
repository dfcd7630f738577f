import { Injectable } from '@nestjs/common';
import { decideExportAction, type ConnectionSharing, type Decision, type ExportAction } from '@outport/core';
import type { EnvironmentScope } from '../auth/principal.js';
import { Problem } from '../common/problem.js';
import { Database } from '../database/database.js';
import { Connection, type IExport } from '../database/entities/index.js';

export interface Refusal<T> {
  item: T;
  reason: string;
}

/**
 * The one permission check for export actions. Every path that changes, runs, schedules, copies,
 * detaches, re-attaches or removes an export, or reads the identifiers it sent, asks here, one
 * export at a time (`require`) or for a selection (`partition`), and the answer comes from the core
 * policy (`decideExportAction`). Nothing else decides who may act on an export.
 */
@Injectable()
export class ExportGate {
  constructor(private readonly db: Database) {}

  async decide(scope: EnvironmentScope, exp: IExport, action: ExportAction, attach?: string | null): Promise<Decision> {
    const sharing = await this.sharings([exp.connection, attach ?? null]);
    return this.decideWith(scope, exp, action, sharing, attach);
  }

  /** Throws a 403 problem with the reason when the caller may not take the action. */
  async require(scope: EnvironmentScope, exp: IExport, action: ExportAction, attach?: string | null): Promise<void> {
    const decision = await this.decide(scope, exp, action, attach);
    if (!decision.allowed) throw Problem.forbidden(decision.reason);
  }

  async allows(scope: EnvironmentScope, exp: IExport, action: ExportAction): Promise<boolean> {
    return (await this.decide(scope, exp, action)).allowed;
  }

  /** Splits a selection into what the caller may act on and what not (with the reason), reading connections once. */
  async partition<T extends IExport>(scope: EnvironmentScope, exports: T[], action: ExportAction): Promise<{ allowed: T[]; refused: Refusal<T>[] }> {
    const sharing = await this.sharings(exports.map((e) => e.connection));
    const allowed: T[] = [];
    const refused: Refusal<T>[] = [];
    for (const exp of exports) {
      const decision = this.decideWith(scope, exp, action, sharing);
      if (decision.allowed) allowed.push(exp);
      else refused.push({ item: exp, reason: decision.reason });
    }
    return { allowed, refused };
  }

  private decideWith(scope: EnvironmentScope, exp: IExport, action: ExportAction, sharing: Map<string, { name: string; sharing: ConnectionSharing }>, attach?: string | null): Decision {
    const current = exp.connection ? (sharing.get(exp.connection)?.sharing ?? null) : null;
    const target = attach ? sharing.get(attach) : undefined;
    return decideExportAction(scope.actor, action, { exportName: exp.name, connectionSharing: current, ...(target ? { target } : {}) });
  }

  private async sharings(ids: (string | null | undefined)[]): Promise<Map<string, { name: string; sharing: ConnectionSharing }>> {
    const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.em.find(Connection, { id: { $in: wanted } }, { fields: ['name', 'sharing'] });
    return new Map(rows.map((c) => [c.id, { name: c.name, sharing: c.sharing }]));
  }
}
