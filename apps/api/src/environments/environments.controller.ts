import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnvironmentListDto } from '../auth/auth.dto.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { EnvironmentsService } from './environments.service.js';

@ApiTags('environments')
@Controller('environments')
export class EnvironmentsController {
  constructor(private readonly environments: EnvironmentsService) {}

  @Get()
  @ApiOperation({ operationId: 'listEnvironments', summary: 'Environments the caller has a role in.' })
  @ApiOkResponse({ type: EnvironmentListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<EnvironmentListDto> {
    const items = await this.environments.listFor(principal);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }
}
