import { Body, Controller, Get, Header, HttpCode, MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { isTerminalRunStatus } from '@outport/core';
import { Observable } from 'rxjs';
import { Requires, Scope, type EnvironmentScope } from '../auth/principal.js';
import { Database } from '../database/database.js';
import { Problem } from '../common/problem.js';
import { isDatabaseUnavailable } from '../database/availability.js';
import { ExportsService } from '../exports/exports.service.js';
import { RunAllDto, RunDto, RunListDto, RunListQuery, StartRunRequest } from './runs.dto.js';
import { RunsService } from './runs.service.js';

@ApiTags('runs')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly exports: ExportsService,
    private readonly db: Database,
  ) {}

  @Post('exports/run-all')
  @HttpCode(202)
  @Requires('exports.create')
  @ApiOperation({ operationId: 'runAllExports', summary: 'Run every export whose schedule is on. To run one whose schedule is off, run it alone.' })
  @ApiAcceptedResponse({ type: RunAllDto, description: 'The runs started (queued) and the exports skipped, with why.' })
  async runAll(@Scope() scope: EnvironmentScope): Promise<RunAllDto> {
    const { started, skipped } = await this.runs.runAll(scope);
    return { started: await Promise.all(started.map((r) => this.runs.dto(r))), skipped };
  }

  @Post('exports/:id/run')
  @HttpCode(202)
  @Requires('exports.create')
  @ApiOperation({ operationId: 'runExport', summary: 'Run one export now (even when its schedule is off). Returns the run at once; follow its progress.' })
  @ApiAcceptedResponse({ type: RunDto, description: 'The run, queued: follow it with getRun or streamRunEvents.' })
  @ApiConflictResponse({ description: 'The export is already running, or it has no connection.' })
  async run(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Body() body: StartRunRequest): Promise<RunDto> {
    return this.runs.dto(await this.runs.startFor(scope, await this.exports.get(scope, id), body));
  }

  @Get('exports/:id/runs')
  @ApiOperation({ operationId: 'listExportRuns', summary: "The export's run history, newest first." })
  @ApiOkResponse({ type: RunListDto })
  async history(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Query() query: RunListQuery): Promise<RunListDto> {
    await this.exports.get(scope, id);
    return this.list(scope, { ...query, exportId: id });
  }

  @Get('runs')
  @ApiOperation({ operationId: 'listRuns', summary: 'Runs of the environment, newest first, with their tasks and counts.' })
  @ApiOkResponse({ type: RunListDto })
  async list(@Scope() scope: EnvironmentScope, @Query() query: RunListQuery): Promise<RunListDto> {
    const { items, total } = await this.runs.list(scope, query);
    return { items, total, limit: query.limit ?? 50, offset: query.offset ?? 0 };
  }

  @Get('runs/:id')
  @ApiOperation({ operationId: 'getRun', summary: 'A run and its tasks (prepare, one per segment or table, finalize): status, counts, timings, errors.' })
  @ApiOkResponse({ type: RunDto })
  async get(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<RunDto> {
    return this.runs.dto(await this.runs.get(scope, id));
  }

  @Post('runs/:id/cancel')
  @HttpCode(202)
  @Requires('exports.create')
  @ApiOperation({ operationId: 'cancelRun', summary: 'Cancel a run; a running one stops within one batch.' })
  @ApiAcceptedResponse({ type: RunDto, description: 'The run, cancelled or cancelling (a running one stops within one batch).' })
  async cancel(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<RunDto> {
    return this.runs.dto(await this.runs.cancelFor(scope, await this.runs.get(scope, id)));
  }

  @Get('runs/:id/rejections.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ operationId: 'downloadRunRejections', summary: 'Records the run could not deliver, with reasons (a bounded sample; counts are exact). Keys are masked unless the caller may edit the export.' })
  @ApiOkResponse({ schema: { type: 'string' } })
  async rejections(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<string> {
    return this.runs.rejectionsCsv(scope, await this.runs.get(scope, id));
  }

  /**
   * Progress as server-sent events: the run (with tasks) whenever it changes, until it ends. Reads
   * the database, so it works whichever process or machine executes the run.
   */
  @Sse('runs/:id/events')
  @ApiOperation({ operationId: 'streamRunEvents', summary: 'Server-sent events with the run each time its progress changes, until it ends.' })
  async events(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<Observable<MessageEvent>> {
    const run = await this.runs.get(scope, id);
    if (!run) throw Problem.notFound('Run', id);
    return new Observable<MessageEvent>((subscriber) => {
      let last = '';
      let stopped = false;
      const tick = async () => {
        if (stopped) return;
        const dto = await this.db.run(async () => this.runs.dto(await this.runs.get(scope, id)));
        const text = JSON.stringify(dto);
        if (text !== last) {
          last = text;
          subscriber.next({ type: 'progress', data: dto });
        }
        if (isTerminalRunStatus(dto.status)) {
          subscriber.complete();
          return;
        }
        setTimeout(() => void tick().catch(failed), 300);
      };
      // A database outage does not end the stream: the run carries on, so does its progress once the database is back.
      const failed = (e: unknown) => (isDatabaseUnavailable(e) ? void setTimeout(() => void tick().catch(failed), 1_000) : subscriber.error(e));
      void tick().catch(failed);
      return () => {
        stopped = true;
      };
    });
  }
}
