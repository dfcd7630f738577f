import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnvironmentListDto, type EnvironmentDto } from '../auth/auth.dto.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ListQuery, page } from '../common/dto.js';
import { pageInMemory, type ListSpec } from '../common/list-query.js';
import { EnvironmentsService } from './environments.service.js';

const ENVIRONMENT_LIST: ListSpec = { sortable: ['name', 'slug', 'kind', 'role'], search: ['name', 'slug'], defaultSort: 'name' };

@ApiTags('environments')
@Controller('environments')
export class EnvironmentsController {
  constructor(private readonly environments: EnvironmentsService) {}

  @Get()
  @ApiOperation({ operationId: 'listEnvironments', summary: 'Environments the caller has a role in.' })
  @ApiOkResponse({ type: EnvironmentListDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQuery): Promise<EnvironmentListDto> {
    const all = await this.environments.listFor(principal);
    const { items, total } = pageInMemory(all, query, ENVIRONMENT_LIST, (env, column) => env[column as keyof EnvironmentDto]);
    return page(items, total, query);
  }
}
