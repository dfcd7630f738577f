import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Accepts, Requires, Scope, type EnvironmentScope } from '../auth/principal.js';
import { ListQuery } from '../common/dto.js';
import { listParams } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { IngestionService } from '../records/ingestion.service.js';
import { formatFromContentType } from '../records/record-parser.js';
import { RecordStore } from '../records/record-store.js';
import { AddColumnsRequest, CreateTableRequest, IngestionResultDto, RecordPageDto, TableDto, TableListDto } from './tables.dto.js';
import { TablesService, toTableDto } from './tables.service.js';

@ApiTags('tables')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env/tables')
export class TablesController {
  constructor(
    private readonly tables: TablesService,
    private readonly ingestion: IngestionService,
    private readonly store: RecordStore,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listTables', summary: "The environment's tables with their columns and record counts." })
  @ApiOkResponse({ type: TableListDto })
  async list(@Scope() scope: EnvironmentScope, @Query() query: ListQuery): Promise<TableListDto> {
    const { items, total } = await this.tables.list(scope, query);
    return { items: items.map((t) => toTableDto(t, scope.environment.kind)), total, limit: query.limit ?? 50, offset: query.offset ?? 0 };
  }

  @Post()
  @Requires('tables.write')
  @ApiOperation({ operationId: 'createTable', summary: 'Define a table: typed columns and one key column.' })
  @ApiCreatedResponse({ type: TableDto })
  @ApiConflictResponse({ description: 'A table with this name exists.' })
  async create(@Scope() scope: EnvironmentScope, @Body() body: CreateTableRequest): Promise<TableDto> {
    return toTableDto(await this.tables.create(scope, body), scope.environment.kind);
  }

  @Get(':table')
  @ApiOperation({ operationId: 'getTable', summary: 'One table, by name or id.' })
  @ApiOkResponse({ type: TableDto })
  async get(@Scope() scope: EnvironmentScope, @Param('table') ref: string): Promise<TableDto> {
    return toTableDto(await this.tables.get(scope, ref), scope.environment.kind);
  }

  @Patch(':table/columns')
  @Requires('tables.write')
  @ApiOperation({ operationId: 'addTableColumns', summary: 'Add nullable columns to a table.' })
  @ApiOkResponse({ type: TableDto })
  async addColumns(@Scope() scope: EnvironmentScope, @Param('table') ref: string, @Body() body: AddColumnsRequest): Promise<TableDto> {
    const table = await this.tables.get(scope, ref);
    return toTableDto(await this.tables.addColumns(scope, table, body.columns), scope.environment.kind);
  }

  @Get(':table/records')
  @ApiOperation({ operationId: 'listRecords', summary: "A page of the table's records, in key order or sorted by any of its columns." })
  @ApiOkResponse({ type: RecordPageDto })
  async records(@Scope() scope: EnvironmentScope, @Param('table') ref: string, @Query() query: ListQuery): Promise<RecordPageDto> {
    const table = await this.tables.get(scope, ref);
    const params = listParams(query, { sortable: table.columns.map((c) => c.name), defaultSort: table.keyColumn });
    return { items: await this.store.page(table, params), total: table.recordCount, limit: params.limit, offset: params.offset };
  }

  @Post(':table/records')
  @HttpCode(200)
  @Requires('tables.write')
  @ApiOperation({
    operationId: 'ingestRecords',
    summary: 'Stream records in as CSV (with a header row) or NDJSON. Good rows are kept (upsert by key); bad rows are reported by line.',
  })
  @Accepts('text/csv', 'application/x-ndjson')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: IngestionResultDto })
  async ingest(
    @Scope() scope: EnvironmentScope,
    @Param('table') ref: string,
    @Headers('content-type') contentType: string | undefined,
    @Req() req: Request,
  ): Promise<IngestionResultDto> {
    const format = formatFromContentType(contentType);
    if (!format) {
      throw new Problem(415, 'unsupported-media-type', 'Unsupported media type', `Send text/csv or application/x-ndjson, not ${contentType ?? 'nothing'}.`);
    }
    const table = await this.tables.get(scope, ref);
    return this.ingestion.ingest(table, format, req);
  }
}
