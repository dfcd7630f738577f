import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Requires, Scope, type EnvironmentScope } from '../auth/principal.js';
import { Problem } from '../common/problem.js';
import {
  BulkRequest,
  BulkResultDto,
  CandidateListDto,
  CandidatesRequest,
  CreateExportRequest,
  DuplicateExportRequest,
  ExportDto,
  ExportListDto,
  ExportListQuery,
  SavedExportDto,
  StaggerRequest,
  StaggerResultDto,
  UpdateExportRequest,
} from './exports.dto.js';
import { ExportSchedules } from './export-schedules.js';
import type { IExport } from '../database/entities/index.js';
import { ExportsService } from './exports.service.js';
import { RunsService } from '../runs/runs.service.js';

@ApiTags('exports')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env/exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly runs: RunsService,
    private readonly schedules: ExportSchedules,
  ) {}

  private async saved(scope: EnvironmentScope, exp: IExport): Promise<SavedExportDto> {
    return { ...(await this.exports.dto(scope, exp)), warnings: await this.schedules.warnings(exp) };
  }

  @Get()
  @ApiOperation({
    operationId: 'listExports',
    summary: 'Exports with connection, status, schedule, last refresh, last update and the caller\'s permission. Sort by any listed column; search by name, connection name or type.',
  })
  @ApiOkResponse({ type: ExportListDto })
  async list(@Scope() scope: EnvironmentScope, @Query() query: ExportListQuery): Promise<ExportListDto> {
    const { items, total } = await this.exports.list(scope, query);
    return { items, total, limit: query.limit ?? 50, offset: query.offset ?? 0 };
  }

  @Post()
  @Requires('exports.create')
  @ApiOperation({ operationId: 'createExport', summary: 'Save a segment or data-out export. Saving does not run it. Warns when its schedule comes within 30 minutes of another export on the same connection.' })
  @ApiCreatedResponse({ type: SavedExportDto })
  @ApiConflictResponse({ description: 'An export with this name exists.' })
  async create(@Scope() scope: EnvironmentScope, @Body() body: CreateExportRequest): Promise<SavedExportDto> {
    return this.saved(scope, await this.exports.create(scope, body));
  }

  @Post('candidates')
  @HttpCode(200)
  @Requires('exports.create')
  @ApiOperation({
    operationId: 'listExportCandidates',
    summary: "For a connection, audience kind and mapping: every segment's member count, eligibility, limit verdict and duplicates, before saving.",
  })
  @ApiOkResponse({ type: CandidateListDto })
  async candidates(@Scope() scope: EnvironmentScope, @Body() body: CandidatesRequest): Promise<CandidateListDto> {
    return { items: await this.exports.candidates(scope, body) };
  }

  @Post('bulk')
  @HttpCode(200)
  @Requires('exports.create')
  @ApiOperation({
    operationId: 'bulkExports',
    summary: 'Detach, remove, run or schedule several exports; each one succeeds or fails on its own. Schedule: mode keep (switch each schedule on or off with enabled) or override (one new schedule for all).',
  })
  @ApiOkResponse({ type: BulkResultDto })
  async bulk(@Scope() scope: EnvironmentScope, @Body() body: BulkRequest): Promise<BulkResultDto> {
    if (body.action === 'schedule') return this.schedules.bulk(scope, body);
    const result: BulkResultDto = { done: [], failed: [] };
    for (const id of body.ids) {
      try {
        const exp = await this.exports.get(scope, id);
        if (body.action === 'detach') await this.exports.detach(scope, exp);
        else if (body.action === 'remove') await this.exports.remove(scope, exp);
        else await this.runs.startFor(scope, exp);
        result.done.push(id);
      } catch (error) {
        result.failed.push({ id, message: error instanceof Problem ? (error.detail ?? error.title) : 'Failed' });
      }
    }
    return result;
  }

  @Post('stagger')
  @HttpCode(200)
  @Requires('exports.create')
  @ApiOperation({
    operationId: 'staggerExports',
    summary: 'Spread the selected exports evenly over a window (default: from the earliest of their times, 30 minutes apart) and answer the proposed time of each; saves them only with apply: true.',
  })
  @ApiOkResponse({ type: StaggerResultDto })
  async stagger(@Scope() scope: EnvironmentScope, @Body() body: StaggerRequest): Promise<StaggerResultDto> {
    return this.schedules.stagger(scope, body);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getExport', summary: "One export with its configuration, status, schedule and the caller's permission." })
  @ApiOkResponse({ type: ExportDto })
  async get(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<ExportDto> {
    return this.exports.dto(scope, await this.exports.get(scope, id));
  }

  @Patch(':id')
  @Requires('exports.create')
  @ApiOperation({ operationId: 'updateExport', summary: 'Change an export; attaching a compatible connection to a detached export reactivates it.' })
  @ApiOkResponse({ type: SavedExportDto })
  @ApiConflictResponse({ description: 'An export with the new name exists.' })
  async update(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Body() body: UpdateExportRequest): Promise<SavedExportDto> {
    return this.saved(scope, await this.exports.update(scope, await this.exports.get(scope, id), body));
  }

  @Post(':id/duplicate')
  @Requires('exports.create')
  @ApiOperation({
    operationId: 'duplicateExport',
    summary:
      'Copy an export as "Copy of …" (not run), checked as creating it would be: a segment export\'s copy sends the same segments to the same target, so it needs allowDuplicateTargets.',
  })
  @ApiBody({ type: DuplicateExportRequest, required: false })
  @ApiCreatedResponse({ type: ExportDto })
  async duplicate(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Body() body: DuplicateExportRequest = {}): Promise<ExportDto> {
    return this.exports.dto(scope, await this.exports.duplicate(scope, await this.exports.get(scope, id), body));
  }

  @Post(':id/detach')
  @HttpCode(200)
  @Requires('exports.create')
  @ApiOperation({ operationId: 'detachExport', summary: 'Remove the connection from an export: it keeps its configuration, becomes inactive and never runs.' })
  @ApiOkResponse({ type: ExportDto })
  async detach(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<ExportDto> {
    return this.exports.dto(scope, await this.exports.detach(scope, await this.exports.get(scope, id)));
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('exports.create')
  @ApiOperation({ operationId: 'removeExport', summary: 'Remove an export (its past runs stay, listed under a removed export).' })
  @ApiNoContentResponse()
  async remove(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<void> {
    await this.exports.remove(scope, await this.exports.get(scope, id));
  }
}
