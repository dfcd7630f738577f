import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Requires, Scope, type EnvironmentScope } from '../auth/principal.js';
import { ListQuery, page } from '../common/dto.js';
import { pageInMemory, type ListSpec } from '../common/list-query.js';
import { AddedMemberDto, AddMemberRequest, MemberDto, MemberListDto, UpdateMemberRequest } from './users.dto.js';
import { UsersService } from './users.service.js';

const MEMBER_LIST: ListSpec = { sortable: ['name', 'email', 'role', 'addedAt'], search: ['name', 'email'], defaultSort: 'name' };

@ApiTags('users')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env/users')
@Requires('users.manage')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ operationId: 'listUsers', summary: 'The members of the environment with their role in it.' })
  @ApiOkResponse({ type: MemberListDto })
  async list(@Scope() scope: EnvironmentScope, @Query() query: ListQuery): Promise<MemberListDto> {
    const { items, total } = pageInMemory(await this.users.list(scope), query, MEMBER_LIST, (member, column) => member[column as keyof MemberDto]);
    return page(items, total, query);
  }

  @Post()
  @ApiOperation({
    operationId: 'addUser',
    summary: 'Add an existing user to the environment with a role, or invite someone new by email and name: the user is created with a first password shown once in the response.',
  })
  @ApiCreatedResponse({ type: AddedMemberDto })
  @ApiConflictResponse({ description: 'They are already a member.' })
  async add(@Scope() scope: EnvironmentScope, @Body() body: AddMemberRequest): Promise<AddedMemberDto> {
    return this.users.add(scope, body);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateUser', summary: "Change a member's role. The last admin stays an admin." })
  @ApiOkResponse({ type: MemberDto })
  @ApiConflictResponse({ description: 'They are the last admin.' })
  async update(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Body() body: UpdateMemberRequest): Promise<MemberDto> {
    return this.users.changeRole(scope, id, body.role);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removeUser', summary: 'Remove a member from the environment (the user keeps their other environments). The last admin cannot be removed.' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'They are the last admin.' })
  async remove(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<void> {
    await this.users.remove(scope, id);
  }
}
