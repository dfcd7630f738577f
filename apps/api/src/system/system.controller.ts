import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { describeSystemRefresh, isScheduleOn, isTerminalRunStatus, type SystemRefreshSchedule } from '@outport/core';
import { Requires, Scope, type EnvironmentScope } from '../auth/principal.js';
import { ListQuery } from '../common/dto.js';
import { listQuery } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { Database } from '../database/database.js';
import { Export, RefreshProcess, Run, Segment, SystemRefreshRun, type IRefreshProcess, type ISystemRefreshRun, type ISystemRefreshSettings } from '../database/entities/index.js';
import { ProcessStateDto, RefreshScheduleDto, RefreshScheduleRequest, SystemRefreshDto, SystemRefreshListDto, SystemStatusDto } from './system.dto.js';
import { refreshState } from '../segments/segments.service.js';
import { SystemRefreshService } from './system-refresh.service.js';

const iso = (d: Date | null | undefined): string | null => d?.toISOString() ?? null;
const duration = (from: Date | null | undefined, to: Date | null | undefined): number | null => (from && to ? to.getTime() - from.getTime() : null);

function scheduleDto(settings: ISystemRefreshSettings): RefreshScheduleDto {
  return { ...settings.schedule, description: describeSystemRefresh(settings.schedule), nextRunAt: iso(settings.nextRunAt) };
}

function refreshDto(refresh: ISystemRefreshRun, processes: IRefreshProcess[]): SystemRefreshDto {
  return {
    id: refresh.id,
    trigger: refresh.trigger,
    status: refresh.status,
    error: refresh.error ?? null,
    scheduledFor: iso(refresh.scheduledFor),
    startedLateMs: refresh.startedLateMs ?? null,
    createdAt: refresh.createdAt.toISOString(),
    startedAt: iso(refresh.startedAt),
    finishedAt: iso(refresh.finishedAt),
    durationMs: duration(refresh.startedAt, refresh.finishedAt),
    processes: processes.map((p) => ({
      id: p.id,
      kind: p.kind,
      targetId: p.targetId,
      label: p.label,
      status: p.status,
      dependsOn: p.dependsOn,
      runId: p.runId ?? null,
      detail: p.detail ?? null,
      startedAt: iso(p.startedAt),
      finishedAt: iso(p.finishedAt),
      durationMs: duration(p.startedAt, p.finishedAt),
    })),
  };
}

const SEGMENT_STATE = { never: 'never', waiting: 'waiting', refreshing: 'running', succeeded: 'succeeded', failed: 'failed' } as const;

@ApiTags('system')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env/system')
export class SystemController {
  constructor(
    private readonly refreshes: SystemRefreshService,
    private readonly db: Database,
  ) {}

  @Get('refresh-schedule')
  @ApiOperation({ operationId: 'getRefreshSchedule', summary: "The environment's system refresh schedule (off by default) and its next occurrence." })
  @ApiOkResponse({ type: RefreshScheduleDto })
  async getSchedule(@Scope() scope: EnvironmentScope): Promise<RefreshScheduleDto> {
    return scheduleDto(await this.refreshes.settings(scope.environment.id));
  }

  @Put('refresh-schedule')
  @Requires('system.configure')
  @ApiOperation({ operationId: 'setRefreshSchedule', summary: 'Set the system refresh schedule: daily or weekly on chosen days, up to four times a day, in an IANA time zone.' })
  @ApiOkResponse({ type: RefreshScheduleDto })
  async setSchedule(@Scope() scope: EnvironmentScope, @Body() body: RefreshScheduleRequest): Promise<RefreshScheduleDto> {
    const schedule: SystemRefreshSchedule = { enabled: body.enabled, frequency: body.frequency, days: body.days, times: body.times, timeZone: body.timeZone };
    return scheduleDto(await this.refreshes.setSchedule(scope.environment.id, schedule));
  }

  @Post('refresh')
  @HttpCode(202)
  @Requires('system.configure')
  @ApiOperation({ operationId: 'startSystemRefresh', summary: 'Refresh everything now: every segment, then the exports that run with the system refresh (those the caller may not run are skipped, with the reason). Follow it with the status or the refresh.' })
  @ApiAcceptedResponse({ type: SystemRefreshDto })
  async refreshNow(@Scope() scope: EnvironmentScope): Promise<SystemRefreshDto> {
    const refresh = await this.refreshes.start(scope.environment.id, scope.principal.kind === 'api-key' ? 'api' : 'manual', { caller: scope });
    return this.dto(refresh);
  }

  @Get('status')
  @ApiOperation({ operationId: 'getSystemStatus', summary: 'The latest state of every process (each segment, each export that runs with the system refresh) and the latest refresh with its graph.' })
  @ApiOkResponse({ type: SystemStatusDto })
  async status(@Scope() scope: EnvironmentScope): Promise<SystemStatusDto> {
    const em = this.db.em;
    const env = scope.environment.id;
    const settings = await this.refreshes.settings(env);
    const latest = await em.findOne(SystemRefreshRun, { environment: env }, { orderBy: { createdAt: 'desc', id: 'desc' } });
    const segments = await em.find(Segment, { environment: env }, { orderBy: { name: 'asc' } });
    const exports = (await em.find(Export, { environment: env, connection: { $ne: null } }, { orderBy: { name: 'asc' } })).filter((e) => e.schedule.kind === 'system-refresh' && isScheduleOn(e.schedule));
    const runs = exports.length ? await em.find(Run, { exportId: { $in: exports.map((e) => e.id) }, dryRun: false }, { orderBy: { createdAt: 'desc' } }) : [];
    const lastRun = new Map<string, (typeof runs)[number]>();
    for (const run of runs) if (!lastRun.has(run.exportId)) lastRun.set(run.exportId, run);
    const processes: ProcessStateDto[] = [
      ...segments.map((s) => ({
        kind: 'segment' as const,
        targetId: s.id,
        label: s.name,
        status: SEGMENT_STATE[refreshState(s)],
        detail: s.refreshError ?? (s.refreshStatus === 'succeeded' ? `${s.memberCount} members` : null),
        lastFinishedAt: iso(s.lastRefreshedAt),
        lastDurationMs: s.refreshDurationMs ?? null,
        dependsOn: [],
      })),
      ...exports.map((e) => {
        const run = lastRun.get(e.id);
        return {
          kind: 'export' as const,
          targetId: e.id,
          label: e.name,
          status: run?.status ?? ('never' as const),
          detail: run?.error ?? run?.waitingFor ?? null,
          lastFinishedAt: iso(run?.finishedAt),
          lastDurationMs: run && isTerminalRunStatus(run.status) ? duration(run.startedAt, run.finishedAt) : null,
          dependsOn: e.type === 'segment' ? e.items : [],
        };
      }),
    ];
    return { schedule: scheduleDto(settings), latest: latest ? await this.dto(latest) : null, processes };
  }

  @Get('refreshes')
  @ApiOperation({ operationId: 'listSystemRefreshes', summary: 'System refresh history, newest first, each with its graph of processes.' })
  @ApiOkResponse({ type: SystemRefreshListDto })
  async history(@Scope() scope: EnvironmentScope, @Query() query: ListQuery): Promise<SystemRefreshListDto> {
    // Newest first unless asked otherwise; the sort key is checked against the listed columns.
    const { options } = listQuery<ISystemRefreshRun>({ ...query, order: query.order ?? (query.sort ? 'asc' : 'desc') }, { sortable: ['createdAt', 'status', 'finishedAt'], search: [], defaultSort: 'createdAt' }, this.db.dialect);
    const [refreshes, total] = await this.db.em.findAndCount(SystemRefreshRun, { environment: scope.environment.id }, options);
    const processes = refreshes.length ? await this.db.em.find(RefreshProcess, { refresh: { $in: refreshes.map((r) => r.id) } }, { orderBy: { position: 'asc' } }) : [];
    return {
      items: refreshes.map((r) => refreshDto(r, processes.filter((p) => p.refresh === r.id))),
      total,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    };
  }

  @Get('refreshes/:id')
  @ApiOperation({ operationId: 'getSystemRefresh', summary: 'One system refresh with its graph of processes.' })
  @ApiOkResponse({ type: SystemRefreshDto })
  async get(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<SystemRefreshDto> {
    const refresh = await this.db.em.findOne(SystemRefreshRun, { id, environment: scope.environment.id });
    if (!refresh) throw Problem.notFound('System refresh', id);
    return this.dto(refresh);
  }

  @Post('refreshes/:id/cancel')
  @HttpCode(202)
  @Requires('system.configure')
  @ApiOperation({
    operationId: 'cancelSystemRefresh',
    summary: "Cancel a refresh: steps not started are cancelled, and export runs under way stop where the caller may cancel them. A refresh that has ended is answered as it is.",
  })
  @ApiAcceptedResponse({ type: SystemRefreshDto })
  async cancel(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<SystemRefreshDto> {
    const refresh = await this.db.em.findOne(SystemRefreshRun, { id, environment: scope.environment.id });
    if (!refresh) throw Problem.notFound('System refresh', id);
    return this.dto(await this.refreshes.cancel(scope, refresh));
  }

  private async dto(refresh: ISystemRefreshRun): Promise<SystemRefreshDto> {
    return refreshDto(refresh, await this.db.em.find(RefreshProcess, { refresh: refresh.id }, { orderBy: { position: 'asc' } }));
  }
}
