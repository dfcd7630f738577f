import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
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
  UpdateExportRequest,
} from './exports.dto.js';
import { ExportsService } from './exports.service.js';
import { RunsService } from '../runs/runs.service.js';

@ApiTags('exports')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env/exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly runs: RunsService,
  ) {}

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
  @ApiOperation({ operationId: 'createExport', summary: 'Save a segment or data-out export. Saving does not run it.' })
  @ApiCreatedResponse({ type: ExportDto })
  async create(@Scope() scope: EnvironmentScope, @Body() body: CreateExportRequest): Promise<ExportDto> {
    return this.exports.dto(scope, await this.exports.create(scope, body));
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
  @ApiOperation({ operationId: 'bulkExports', summary: 'Detach, remove or run several exports; each one succeeds or fails on its own.' })
  @ApiOkResponse({ type: BulkResultDto })
  async bulk(@Scope() scope: EnvironmentScope, @Body() body: BulkRequest): Promise<BulkResultDto> {
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

  @Get(':id')
  @ApiOperation({ operationId: 'getExport' })
  @ApiOkResponse({ type: ExportDto })
  async get(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<ExportDto> {
    return this.exports.dto(scope, await this.exports.get(scope, id));
  }

  @Patch(':id')
  @Requires('exports.create')
  @ApiOperation({ operationId: 'updateExport', summary: 'Change an export; attaching a compatible connection to a detached export reactivates it.' })
  @ApiOkResponse({ type: ExportDto })
  async update(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Body() body: UpdateExportRequest): Promise<ExportDto> {
    return this.exports.dto(scope, await this.exports.update(scope, await this.exports.get(scope, id), body));
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
  @ApiOperation({ operationId: 'removeExport' })
  @ApiNoContentResponse()
  async remove(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<void> {
    await this.exports.remove(scope, await this.exports.get(scope, id));
  }
}
