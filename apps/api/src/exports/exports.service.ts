import { Injectable } from '@nestjs/common';
import { canUseConnection, decideExportAction, describeExportSchedule, isScheduleOn, type ExportSchedule, type RunStatus } from '@outport/core';
import { AuditService } from '../audit/audit.service.js';
import { actorLabel, type EnvironmentScope } from '../auth/principal.js';
import { newId } from '../common/ids.js';
import { Problem } from '../common/problem.js';
import { ConnectorRegistry } from '../connectors/connector-registry.js';
import { Database } from '../database/database.js';
import { Connection, DataTable, Export, Segment, SystemRefreshSettings, type IConnection, type IExport } from '../database/entities/index.js';
import { ExportGate } from './export-gate.js';
import { exportPage } from './export-list.js';
import { ExportSchedules } from './export-schedules.js';
import { ExportValidation, type ValidExport } from './export-validation.js';
import type { CandidateDto, CreateExportRequest, DuplicateExportRequest, ExportDto, ExportInput, ExportListQuery, UpdateExportRequest } from './exports.dto.js';


export const scheduleText = (schedule: ExportSchedule): string => describeExportSchedule(schedule);

/** Whether Run all and the schedulers run the export. */
export const scheduleOn = (schedule: ExportSchedule): boolean => isScheduleOn(schedule);

@Injectable()
export class ExportsService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConnectorRegistry,
    private readonly validation: ExportValidation,
    private readonly audit: AuditService,
    private readonly gate: ExportGate,
    private readonly schedules: ExportSchedules,
  ) {}

  async get(scope: EnvironmentScope, id: string): Promise<IExport> {
    const found = await this.db.em.findOne(Export, { id, environment: scope.environment.id });
    if (!found) throw Problem.notFound('Export', id);
    return found;
  }

  /** The Exports list: found, sorted and paged in the database (see export-list.ts), then described. */
  async list(scope: EnvironmentScope, query: ExportListQuery): Promise<{ items: ExportDto[]; total: number }> {
    const em = this.db.em;
    const env = scope.environment.id;
    const [connections, refresh] = await Promise.all([em.find(Connection, { environment: env }), em.findOne(SystemRefreshSettings, { environment: env })]);
    const connectorNames = new Map(this.registry.list().map((c) => [c.manifest.id, c.manifest.name]));
    const { ids, total } = await exportPage(this.db, query, { actor: scope.actor, environmentId: env, connections, connectorNames, nextRefreshAt: refresh?.nextRunAt ?? null, status: query.status });
    const found = new Map((await em.find(Export, { id: { $in: ids } })).map((e) => [e.id, e]));
    return { items: await this.project(scope, ids.map((id) => found.get(id)).filter((e): e is IExport => Boolean(e))), total };
  }

  async dto(scope: EnvironmentScope, exp: IExport): Promise<ExportDto> {
    return (await this.project(scope, [exp]))[0]!;
  }

  async candidates(scope: EnvironmentScope, input: ExportInput): Promise<CandidateDto[]> {
    if (!input.connectionId) throw Problem.badRequest('Choose a connection first.', [{ field: 'connectionId', message: 'required' }]);
    const connection = await this.validation.usableConnection(scope, input.connectionId);
    const manifest = this.registry.get(connection.connectorId)?.manifest;
    if (!manifest) throw Problem.badRequest(`The connector of "${connection.name}" is not installed.`);
    const audienceKind = input.audienceKind ?? manifest.audienceKinds[0]?.id;
    if (!audienceKind) throw Problem.badRequest(`${manifest.name} takes no segments.`);
    const segments = await this.db.em.find(Segment, { environment: scope.environment.id }, { orderBy: { name: 'asc' } });
    const verdicts = await this.validation.verdicts(scope, manifest, connection, audienceKind, input.mapping ?? {}, input.options ?? {}, segments, null);
    return verdicts.map((v) => ({
      segmentId: v.segment.id,
      name: v.segment.name,
      segmentType: v.segment.type,
      memberCount: v.segment.memberCount,
      eligible: v.reasons.length === 0,
      reasons: v.reasons,
      limit: v.limit.verdict,
      ...(v.limit.verdict === 'ok' ? {} : { limitMessage: v.limit.reason }),
      duplicateOf: v.duplicateOf,
    }));
  }

  async create(scope: EnvironmentScope, body: CreateExportRequest): Promise<IExport> {
    await this.assertNameFree(scope, body.name.trim(), null);
    const valid = await this.validation.validate(scope, body.type, body, { id: null });
    const exp = this.db.em.create(Export, {
      id: newId(),
      environment: scope.environment.id,
      name: body.name.trim(),
      ...stored(valid),
      updatedBy: actorLabel(scope.principal),
    });
    this.schedules.plan(exp);
    await this.db.em.flush();
    await this.audit.record(scope, 'export.created', 'export', exp.id, null, view(exp));
    return exp;
  }

  async update(scope: EnvironmentScope, exp: IExport, body: UpdateExportRequest): Promise<IExport> {
    const attaching = body.connectionId !== undefined && body.connectionId !== null && body.connectionId !== exp.connection;
    const onlySchedule = Object.keys(body).every((key) => key === 'schedule');
    await this.gate.require(scope, exp, attaching ? 'attach' : onlySchedule ? 'schedule' : 'edit', attaching ? body.connectionId : null);
    const before = view(exp);
    if (body.name !== undefined) await this.assertNameFree(scope, body.name.trim(), exp.id);
    const merged: ExportInput = {
      connectionId: body.connectionId === undefined ? exp.connection : body.connectionId,
      audienceKind: body.audienceKind ?? exp.audienceKind ?? undefined,
      segmentIds: exp.type === 'segment' ? (body.segmentIds ?? exp.items) : undefined,
      tableIds: exp.type === 'data-out' ? (body.tableIds ?? exp.items) : undefined,
      mapping: body.mapping ?? exp.mapping,
      options: body.options ?? exp.options,
      schedule: body.schedule ?? exp.schedule,
      // A duplicate the user already accepted stays accepted until the target or the segments change.
      allowDuplicateTargets:
        body.allowDuplicateTargets ??
        (body.connectionId === undefined && body.options === undefined && (body.segmentIds ?? []).every((id) => exp.items.includes(id))),
    };
    const valid = await this.validation.validate(scope, exp.type, merged, { id: exp.id });
    Object.assign(exp, { name: body.name?.trim() ?? exp.name, ...stored(valid), updatedBy: actorLabel(scope.principal) });
    this.schedules.plan(exp);
    await this.db.em.flush();
    await this.audit.record(scope, 'export.updated', 'export', exp.id, before, view(exp));
    return exp;
  }

  /**
   * A copy named "Copy of …", never run; it keeps the configuration and the connection. The copy is
   * checked as creating it would be: a segment export's copy sends the same segments to the same
   * target, so it is refused with the same problem as creating such an export, unless the request
   * says `allowDuplicateTargets` (the console asks first).
   */
  async duplicate(scope: EnvironmentScope, exp: IExport, body: DuplicateExportRequest = {}): Promise<IExport> {
    await this.gate.require(scope, exp, 'duplicate');
    const valid = await this.validation.validate(
      scope,
      exp.type,
      {
        connectionId: exp.connection,
        audienceKind: exp.audienceKind ?? undefined,
        segmentIds: exp.type === 'segment' ? exp.items : undefined,
        tableIds: exp.type === 'data-out' ? exp.items : undefined,
        mapping: exp.mapping,
        options: exp.options,
        schedule: exp.schedule,
        allowDuplicateTargets: body.allowDuplicateTargets,
      },
      { id: null },
    );
    let name = `Copy of ${exp.name}`;
    for (let n = 2; await this.db.em.count(Export, { environment: scope.environment.id, name }); n++) name = `Copy of ${exp.name} (${n})`;
    const copy = this.db.em.create(Export, { id: newId(), environment: scope.environment.id, name, ...stored(valid), updatedBy: actorLabel(scope.principal) });
    this.schedules.plan(copy);
    await this.db.em.flush();
    await this.audit.record(scope, 'export.duplicated', 'export', copy.id, null, { ...view(copy), from: exp.id });
    return copy;
  }

  /** The export keeps its configuration but has no connection: inactive, it never runs. */
  async detach(scope: EnvironmentScope, exp: IExport): Promise<IExport> {
    await this.gate.require(scope, exp, 'detach');
    if (!exp.connection) return exp;
    const before = view(exp);
    exp.connection = null;
    exp.updatedBy = actorLabel(scope.principal);
    this.schedules.plan(exp);
    await this.db.em.flush();
    await this.audit.record(scope, 'export.detached', 'export', exp.id, before, view(exp));
    return exp;
  }

  async remove(scope: EnvironmentScope, exp: IExport): Promise<void> {
    await this.gate.require(scope, exp, 'remove');
    const before = view(exp);
    await this.db.em.nativeDelete(Export, { id: exp.id });
    await this.audit.record(scope, 'export.removed', 'export', exp.id, before, null);
  }

  private async assertNameFree(scope: EnvironmentScope, name: string, selfId: string | null): Promise<void> {
    const other = await this.db.em.findOne(Export, { environment: scope.environment.id, name });
    if (other && other.id !== selfId) throw Problem.conflict(`An export named "${name}" already exists.`);
  }

  private async project(scope: EnvironmentScope, exports: IExport[]): Promise<ExportDto[]> {
    const em = this.db.em;
    const env = scope.environment.id;
    // Only what this page of exports names: a list request costs the same at 100 exports or 10,000.
    const connectionIds = [...new Set(exports.flatMap((e) => (e.connection ? [e.connection] : [])))];
    const segmentIds = [...new Set(exports.flatMap((e) => (e.type === 'segment' ? e.items : [])))];
    const tableIds = [...new Set(exports.flatMap((e) => (e.type === 'segment' ? [] : e.items)))];
    const [connections, segments, tables, refresh] = await Promise.all([
      connectionIds.length ? em.find(Connection, { environment: env, id: { $in: connectionIds } }) : [],
      segmentIds.length ? em.find(Segment, { environment: env, id: { $in: segmentIds } }) : [],
      tableIds.length ? em.find(DataTable, { environment: env, id: { $in: tableIds } }) : [],
      em.findOne(SystemRefreshSettings, { environment: env }),
    ]);
    const segmentById = new Map(segments.map((s) => [s.id, s]));
    const tableById = new Map(tables.map((t) => [t.id, t]));
    const byConnection = new Map<string, IConnection>(connections.map((c) => [c.id, c]));
    return exports.map((exp) => {
      const connection = exp.connection ? byConnection.get(exp.connection) : undefined;
      const installed = connection ? this.registry.get(connection.connectorId) : undefined;
      const items =
        exp.type === 'segment'
          ? exp.items.flatMap((id) => segmentById.get(id) ?? []).map((s) => ({ id: s.id, name: s.name, segmentType: s.type, count: s.memberCount }))
          : exp.items.flatMap((id) => tableById.get(id) ?? []).map((t) => ({ id: t.id, name: t.name, count: t.recordCount }));
      return {
        id: exp.id,
        name: exp.name,
        type: exp.type,
        connection: connection
          ? { id: connection.id, name: connection.name, connectorId: connection.connectorId, connectorName: installed?.manifest.name ?? null, canUse: Boolean(installed) && canUseConnection(scope.actor, connection.sharing) }
          : null,
        active: Boolean(connection && installed),
        audienceKind: exp.audienceKind ?? null,
        items,
        mapping: exp.mapping,
        options: exp.options,
        schedule: exp.schedule,
        scheduleText: scheduleText(exp.schedule),
        scheduleOn: scheduleOn(exp.schedule),
        // Exports with the system refresh run at the environment's next refresh.
        nextRunAt: (exp.schedule.kind === 'system-refresh' ? (connection && scheduleOn(exp.schedule) ? refresh?.nextRunAt : null) : exp.nextRunAt)?.toISOString() ?? null,
        status: (exp.lastRunStatus as RunStatus | null) ?? 'never',
        lastRefreshedAt: exp.lastRefreshedAt?.toISOString() ?? null,
        updatedAt: exp.updatedAt.toISOString(),
        updatedBy: exp.updatedBy ?? null,
        // The same decision every edit action is checked with, so the column never promises more.
        permission: decideExportAction(scope.actor, 'edit', { exportName: exp.name, connectionSharing: connection?.sharing ?? null }).allowed ? 'edit' : 'view',
      };
    });
  }
}

/** The stored form of a validated configuration. */
function stored(valid: ValidExport) {
  return {
    type: valid.type,
    connection: valid.connection?.id ?? null,
    audienceKind: valid.audienceKind,
    items: valid.items,
    mapping: valid.mapping,
    options: valid.options,
    schedule: valid.schedule,
  };
}

/** What an audit event records of an export (no secrets live on exports). */
function view(exp: IExport): Record<string, unknown> {
  return {
    name: exp.name,
    type: exp.type,
    connection: exp.connection,
    audienceKind: exp.audienceKind,
    items: exp.items,
    mapping: exp.mapping,
    options: exp.options,
    schedule: exp.schedule,
  };
}
