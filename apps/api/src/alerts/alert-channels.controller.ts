import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Requires, Scope, type EnvironmentScope } from '../auth/principal.js';
import { ListQuery, page } from '../common/dto.js';
import { AlertChannelsService } from './alert-channels.service.js';
import {
  AlertChannelDto,
  AlertChannelListDto,
  AlertChannelTestDto,
  AlertDeliveryListDto,
  CreateAlertChannelRequest,
  SavedAlertChannelDto,
  UpdateAlertChannelRequest,
} from './alerts.dto.js';

@ApiTags('alerts')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env/alert-channels')
@Requires('alerts.manage')
export class AlertChannelsController {
  constructor(private readonly channels: AlertChannelsService) {}

  @Get()
  @ApiOperation({ operationId: 'listAlertChannels', summary: "The environment's alert channels (admins). Sort by name, kind, enabled, createdAt or updatedAt; search by name." })
  @ApiOkResponse({ type: AlertChannelListDto })
  async list(@Scope() scope: EnvironmentScope, @Query() query: ListQuery): Promise<AlertChannelListDto> {
    const { items, total } = await this.channels.list(scope, query);
    return page(items, total, query);
  }

  @Post()
  @ApiOperation({
    operationId: 'createAlertChannel',
    summary: 'Create an email (SMTP) or webhook channel. A webhook channel without a signing secret gets a generated one, in this response only.',
  })
  @ApiCreatedResponse({ type: SavedAlertChannelDto })
  @ApiConflictResponse({ description: 'A channel with this name exists.' })
  async create(@Scope() scope: EnvironmentScope, @Body() body: CreateAlertChannelRequest): Promise<SavedAlertChannelDto> {
    return this.channels.create(scope, body);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getAlertChannel', summary: 'One alert channel: settings, which secrets are set (never their values), its latest delivery.' })
  @ApiOkResponse({ type: AlertChannelDto })
  async get(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<AlertChannelDto> {
    return this.channels.toDto(await this.channels.get(scope, id));
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateAlertChannel', summary: 'Rename, change settings, events or secrets, switch on or off, or regenerate the signing secret.' })
  @ApiOkResponse({ type: SavedAlertChannelDto })
  @ApiConflictResponse({ description: 'A channel with the new name exists.' })
  async update(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Body() body: UpdateAlertChannelRequest): Promise<SavedAlertChannelDto> {
    return this.channels.update(scope, await this.channels.get(scope, id), body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removeAlertChannel', summary: 'Remove an alert channel and its delivery history.' })
  @ApiNoContentResponse()
  async remove(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<void> {
    await this.channels.remove(scope, await this.channels.get(scope, id));
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({ operationId: 'testAlertChannel', summary: 'Send a test message through the channel now and say how it went (ok false with the reason when it could not be sent).' })
  @ApiOkResponse({ type: AlertChannelTestDto })
  async test(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<AlertChannelTestDto> {
    return this.channels.test(scope, await this.channels.get(scope, id));
  }

  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'listAlertDeliveries', summary: "The channel's deliveries, newest first: pending (with the next attempt), delivered, skipped or failed (with the reason). Sort by createdAt, status, attempts or finishedAt; search the errors." })
  @ApiOkResponse({ type: AlertDeliveryListDto })
  async deliveries(@Scope() scope: EnvironmentScope, @Param('id') id: string, @Query() query: ListQuery): Promise<AlertDeliveryListDto> {
    const { items, total } = await this.channels.deliveries(await this.channels.get(scope, id), query);
    return page(items, total, query);
  }
}
