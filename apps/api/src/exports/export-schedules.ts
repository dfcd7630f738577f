import { Injectable } from '@nestjs/common';
import { describeExportSchedule, isScheduleOn, nearestFreeSlot, spreadSchedules, staggerConflicts, STAGGER_GAP_MINUTES, withScheduleEnabled, type ExportSchedule } from '@outport/core';
import { AuditService } from '../audit/audit.service.js';
import { actorLabel, type EnvironmentScope } from '../auth/principal.js';
import { Problem } from '../common/problem.js';
import { Database } from '../database/database.js';
import { Export, type IExport } from '../database/entities/index.js';
import { Clock } from '../schedules/clock.js';
import { nextExportRun } from '../schedules/schedule-times.js';
import { ExportGate } from './export-gate.js';
import { scheduleProblems } from './export-validation.js';
import type { BulkResultDto, ScheduleWarningDto, StaggerRequest, StaggerResultDto } from './exports.dto.js';

type Custom = Extract<ExportSchedule, { kind: 'custom' }>;
const customOn = (schedule: ExportSchedule): schedule is Custom => schedule.kind === 'custom' && isScheduleOn(schedule);

/**
 * Export schedules beyond storing them: when each export runs next, switching or replacing the
 * schedules of several exports at once, and keeping exports on one connection apart (the product
 * advises at least 30 minutes between them).
 */
@Injectable()
export class ExportSchedules {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly gate: ExportGate,
    private readonly audit: AuditService,
  ) {}

  /** Sets when the export next runs by itself (the scheduler's tick looks for it); detached exports never do. */
  plan(exp: IExport): void {
    exp.nextRunAt = exp.connection ? nextExportRun(exp.schedule, this.clock.now()) : null;
    exp.scheduleText = describeExportSchedule(exp.schedule);
    exp.runsWithRefresh = exp.schedule.kind === 'system-refresh' && isScheduleOn(exp.schedule);
  }

  /** Stagger advice for a saved export: the other exports on its connection within 30 minutes, and the nearest free time. */
  async warnings(exp: IExport): Promise<ScheduleWarningDto[]> {
    if (!exp.connection || !customOn(exp.schedule)) return [];
    const others = (await this.db.em.find(Export, { connection: exp.connection, id: { $ne: exp.id } }, { orderBy: { name: 'asc' } })).filter((o) => customOn(o.schedule));
    const items = others.map((o) => ({ id: o.id, schedule: (o.schedule as Custom).schedule }));
    const now = this.clock.now();
    const conflicts = staggerConflicts(exp.schedule.schedule, items, now);
    if (conflicts.length === 0) return [];
    const names = conflicts.map((c) => `"${others.find((o) => o.id === c.id)!.name}" (${c.minutesApart} min apart)`).join(', ');
    const slot = nearestFreeSlot(exp.schedule.schedule, items, now);
    return [
      {
        kind: 'stagger',
        message: `This export runs within ${STAGGER_GAP_MINUTES} minutes of ${names} on the same connection, so they compete for the target's limits. ${slot ? `The nearest free time is ${slot.time}.` : 'There is no free time within 12 hours; consider another day or fewer exports.'}`,
        conflictsWith: conflicts.map((c) => c.id),
        proposedTime: slot?.time ?? null,
        proposedSchedule: slot ? { ...exp.schedule, schedule: slot.schedule } : null,
      },
    ];
  }

  /** Bulk schedule: keep each schedule and switch it on or off, or override all with one schedule. Each export succeeds or fails on its own. */
  async bulk(scope: EnvironmentScope, body: { ids: string[]; mode?: 'keep' | 'override'; enabled?: boolean; schedule?: ExportSchedule }): Promise<BulkResultDto> {
    if (body.mode === 'keep' && typeof body.enabled !== 'boolean') throw Problem.badRequest('Keeping schedules needs `enabled`: true to switch them on, false to switch them off.', [{ field: 'enabled', message: 'required with mode keep' }]);
    if (body.mode === 'override') {
      if (!body.schedule) throw Problem.badRequest('Overriding schedules needs the new `schedule`.', [{ field: 'schedule', message: 'required with mode override' }]);
      const problems = scheduleProblems(body.schedule);
      if (problems.length) throw Problem.badRequest('The schedule is not valid.', problems);
    }
    if (body.mode !== 'keep' && body.mode !== 'override') throw Problem.badRequest('Say whether to keep each schedule or override them all: `mode` is keep or override.', [{ field: 'mode', message: 'required with action schedule' }]);
    const result: BulkResultDto = { done: [], failed: [], warnings: [] };
    const saved: IExport[] = [];
    for (const id of body.ids) {
      try {
        const exp = await this.db.em.findOne(Export, { id, environment: scope.environment.id });
        if (!exp) throw Problem.notFound('Export', id);
        await this.gate.require(scope, exp, 'schedule');
        const before = exp.schedule;
        exp.schedule = body.mode === 'keep' ? withScheduleEnabled(exp.schedule, body.enabled!) : body.schedule!;
        exp.updatedBy = actorLabel(scope.principal);
        this.plan(exp);
        await this.db.em.flush();
        await this.audit.record(scope, 'export.scheduled', 'export', exp.id, { schedule: before }, { schedule: exp.schedule });
        result.done.push(id);
        saved.push(exp);
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        result.failed.push({ id, message: error.detail ?? error.title });
      }
    }
    // The same stagger advice as saving one export, once all are saved (an override puts them all at one time).
    for (const exp of saved) {
      const warnings = await this.warnings(exp);
      if (warnings.length) result.warnings!.push({ id: exp.id, warnings });
    }
    return result;
  }

  /** Spreads the selected exports evenly over a window; saves only with `apply`. */
  async stagger(scope: EnvironmentScope, body: StaggerRequest): Promise<StaggerResultDto> {
    if (body.window) {
      for (const field of ['start', 'end'] as const) {
        const value = body.window[field];
        if (value !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) throw Problem.badRequest(`The window's ${field} must be a time of day (HH:mm).`, [{ field: `window.${field}`, message: 'use HH:mm' }]);
      }
    }
    const exports = await this.db.em.find(Export, { id: { $in: body.ids }, environment: scope.environment.id });
    const skipped: StaggerResultDto['skipped'] = body.ids.filter((id) => !exports.some((e) => e.id === id)).map((id) => ({ id, message: `No export '${id}' here.` }));
    const { allowed, refused } = await this.gate.partition(scope, exports, 'schedule');
    skipped.push(...refused.map((r) => ({ id: r.item.id, message: r.reason })));
    const custom: (IExport & { schedule: Custom })[] = [];
    for (const exp of allowed) {
      if (customOn(exp.schedule)) custom.push(exp as IExport & { schedule: Custom });
      else skipped.push({ id: exp.id, message: `"${exp.name}" ${isScheduleOn(exp.schedule) ? 'runs with the system refresh' : 'has its schedule off'}; give it a custom schedule to stagger it.` });
    }
    let proposals;
    try {
      proposals = spreadSchedules(custom.map((e) => ({ id: e.id, schedule: e.schedule.schedule })), this.clock.now(), body.window);
    } catch (error) {
      throw Problem.badRequest(`The window cannot be used: ${error instanceof Error ? error.message : String(error)}`, [{ field: 'window', message: 'invalid' }]);
    }
    const byId = new Map(custom.map((e) => [e.id, e]));
    const out = proposals.map((p) => {
      const exp = byId.get(p.id)!;
      return { id: p.id, name: exp.name, from: p.from, to: p.to, schedule: { ...exp.schedule, schedule: p.schedule } };
    });
    if (body.apply) {
      for (const p of out) {
        const exp = byId.get(p.id)!;
        const before = exp.schedule;
        exp.schedule = p.schedule;
        exp.updatedBy = actorLabel(scope.principal);
        this.plan(exp);
        await this.db.em.flush();
        await this.audit.record(scope, 'export.staggered', 'export', exp.id, { schedule: before }, { schedule: exp.schedule });
      }
    }
    return { proposals: out, skipped, applied: Boolean(body.apply) };
  }
}
