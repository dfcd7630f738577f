import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNoContentResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Requires, Scope, type EnvironmentScope } from '../auth/principal.js';
import { ListQuery } from '../common/dto.js';
import { listParams } from '../common/list-query.js';
import { CreateSegmentRequest, SegmentDto, SegmentListDto, SegmentMembersDto, UpdateSegmentRequest } from './segments.dto.js';
import type { Response } from 'express';
import { SegmentRefresher } from './segment-refresher.js';
import { MEMBER_LIST, SegmentsService } from './segments.service.js';

@ApiTags('segments')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env/segments')
export class SegmentsController {
  constructor(
    private readonly segments: SegmentsService,
    private readonly refresher: SegmentRefresher,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listSegments', summary: 'Segments with their member counts and refresh status.' })
  @ApiOkResponse({ type: SegmentListDto })
  async list(@Scope() scope: EnvironmentScope, @Query() query: ListQuery): Promise<SegmentListDto> {
    const { items, total } = await this.segments.list(scope, query);
    return { items, total, limit: query.limit ?? 50, offset: query.offset ?? 0 };
  }

  @Post()
  @Requires('segments.write')
  @ApiOperation({ operationId: 'createSegment', summary: 'Create a segment: a rule tree over its base table. Refresh it to compute members.' })
  @ApiCreatedResponse({ type: SegmentDto })
  @ApiConflictResponse({ description: 'A segment with this name exists.' })
  async create(@Scope() scope: EnvironmentScope, @Body() body: CreateSegmentRequest): Promise<SegmentDto> {
    return this.segments.dto(await this.segments.create(scope, body));
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getSegment', summary: 'One segment with its rule, member count and refresh status.' })
  @ApiOkResponse({ type: SegmentDto })
  async get(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<SegmentDto> {
    return this.segments.dto(await this.segments.get(scope, id));
  }

  @Patch(':id')
  @Requires('segments.write')
  @ApiOperation({ operationId: 'updateSegment', summary: 'Rename a segment or change its rule (refresh to apply).' })
  @ApiOkResponse({ type: SegmentDto })
  @ApiConflictResponse({ description: 'A segment with the new name exists.' })
  async update(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Body() body: UpdateSegmentRequest): Promise<SegmentDto> {
    return this.segments.dto(await this.segments.update(scope, await this.segments.get(scope, id), body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('segments.write')
  @ApiOperation({ operationId: 'removeSegment', summary: 'Remove a segment and its members.' })
  @ApiNoContentResponse()
  async remove(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<void> {
    await this.segments.remove(scope, await this.segments.get(scope, id));
  }

  @Post(':id/refresh')
  @HttpCode(200)
  @Requires('segments.refresh')
  @ApiOperation({
    operationId: 'refreshSegment',
    summary: 'Evaluate the rule in the database and store the members and their count (200). While a run is sending the segment, the refresh waits for it: 202 with refreshStatus "waiting".',
  })
  @ApiOkResponse({ type: SegmentDto })
  @ApiAcceptedResponse({ type: SegmentDto, description: 'Queued behind a run that is sending the segment' })
  async refresh(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<SegmentDto> {
    const segment = await this.segments.get(scope, id);
    const attempt = await this.refresher.request(segment);
    if (!attempt.refreshed) res.status(202);
    return this.segments.dto(segment);
  }

  @Get(':id/members')
  @ApiOperation({ operationId: 'listSegmentMembers', summary: "Member keys of the segment's last refresh, in key order (sort=memberKey, order=asc or desc)." })
  @ApiOkResponse({ type: SegmentMembersDto })
  async members(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Query() query: ListQuery): Promise<SegmentMembersDto> {
    const segment = await this.segments.get(scope, id);
    const params = listParams(query, MEMBER_LIST);
    return { items: await this.segments.members(segment, params), total: segment.memberCount, limit: params.limit, offset: params.offset };
  }
}
