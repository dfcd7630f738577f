import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiUnprocessableEntityResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Requires, Scope, type EnvironmentScope } from '../auth/principal.js';
import { ListQuery, page } from '../common/dto.js';
import { ConnectionDto, ConnectionListDto, ConnectionTestDto, CreateConnectionRequest, UpdateConnectionRequest } from './connections.dto.js';
import { ConnectionsService } from './connections.service.js';

@ApiTags('connections')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env/connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listConnections',
    summary: 'Connections; non-admins see names and types only. Sort by name, connectorId, createdAt or updatedAt; search by name or connector.',
  })
  @ApiOkResponse({ type: ConnectionListDto })
  async list(@Scope() scope: EnvironmentScope, @Query() query: ListQuery): Promise<ConnectionListDto> {
    const { items, total } = await this.connections.list(scope, query);
    return page(items, total, query);
  }

  @Post()
  @Requires('connections.manage')
  @ApiOperation({ operationId: 'createConnection', summary: 'Create a connection: settings validated, tested live against the target, secrets encrypted.' })
  @ApiCreatedResponse({ type: ConnectionDto })
  @ApiConflictResponse({ description: 'A connection with this name exists.' })
  @ApiUnprocessableEntityResponse({ description: 'The live test against the target failed; nothing was saved.' })
  async create(@Scope() scope: EnvironmentScope, @Body() body: CreateConnectionRequest): Promise<ConnectionDto> {
    return this.connections.toDto(scope, await this.connections.create(scope, body));
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getConnection', summary: 'One connection; non-admins see its name and type only.' })
  @ApiOkResponse({ type: ConnectionDto })
  async get(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<ConnectionDto> {
    return this.connections.toDto(scope, await this.connections.get(scope, id));
  }

  @Patch(':id')
  @Requires('connections.manage')
  @ApiOperation({ operationId: 'updateConnection', summary: 'Rename, change settings or secrets (tested again), or change who may use it.' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiConflictResponse({ description: 'A connection with the new name exists.' })
  @ApiUnprocessableEntityResponse({ description: 'The live test against the target failed; nothing was saved.' })
  async update(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Body() body: UpdateConnectionRequest): Promise<ConnectionDto> {
    return this.connections.toDto(scope, await this.connections.update(scope, await this.connections.get(scope, id), body));
  }

  @Post(':id/test')
  @HttpCode(200)
  @Requires('connections.manage')
  @ApiOperation({
    operationId: 'testConnection',
    summary:
      "Check the saved connection against the target now. Values the test learns (an SFTP server's host key on first use) are kept with the settings; a target whose identity changed is reported in identityChange, and an admin accepts it by saving identityChange.offered as that setting (PATCH).",
  })
  @ApiOkResponse({ type: ConnectionTestDto })
  async test(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<ConnectionTestDto> {
    return this.connections.test(scope, await this.connections.get(scope, id));
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('connections.manage')
  @ApiOperation({ operationId: 'removeConnection', summary: 'Remove a connection; refused (409, with the list) while exports use it.' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Exports use the connection (they are listed).' })
  async remove(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<void> {
    await this.connections.remove(scope, await this.connections.get(scope, id));
  }
}
