import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ALERT_EVENTS } from '@outport/core';
import { Scope, type EnvironmentScope } from '../auth/principal.js';
import { newId } from '../common/ids.js';
import { Problem } from '../common/problem.js';
import { Database } from '../database/database.js';
import { AlertPreference } from '../database/entities/index.js';
import { AlertPreferencesDto, UpdateAlertPreferencesRequest } from './alerts.dto.js';

/** Each user's own choice of alert emails, per environment. Every member may read and change their own. */
@ApiTags('alerts')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env/alert-preferences')
export class AlertPreferencesController {
  constructor(private readonly db: Database) {}

  @Get()
  @ApiOperation({ operationId: 'getAlertPreferences', summary: 'The alert events you opted out of in this environment (users only; API keys have no preferences).' })
  @ApiOkResponse({ type: AlertPreferencesDto })
  async get(@Scope() scope: EnvironmentScope): Promise<AlertPreferencesDto> {
    const userId = this.userOf(scope);
    const found = await this.db.em.findOne(AlertPreference, { user: userId, environment: scope.environment.id });
    return { optedOut: found?.optedOut ?? [] };
  }

  @Put()
  @ApiOperation({ operationId: 'setAlertPreferences', summary: 'Choose the alert events you want no email about in this environment (replaces the list).' })
  @ApiOkResponse({ type: AlertPreferencesDto })
  async set(@Scope() scope: EnvironmentScope, @Body() body: UpdateAlertPreferencesRequest): Promise<AlertPreferencesDto> {
    const userId = this.userOf(scope);
    // In a stable order, once each.
    const optedOut = ALERT_EVENTS.filter((e) => body.optedOut.includes(e));
    const em = this.db.em;
    const found = await em.findOne(AlertPreference, { user: userId, environment: scope.environment.id });
    if (found) found.optedOut = optedOut;
    else em.create(AlertPreference, { id: newId(), user: userId, environment: scope.environment.id, optedOut });
    await em.flush();
    return { optedOut };
  }

  private userOf(scope: EnvironmentScope): string {
    if (scope.principal.kind !== 'user') throw Problem.forbidden('Alert preferences belong to users; an API key has none. Log in as the user.');
    return scope.principal.userId;
  }
}
