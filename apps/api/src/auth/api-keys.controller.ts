import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { ListQuery, page } from '../common/dto.js';
import { newId, newToken, sha256 } from '../common/ids.js';
import { pageInMemory, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { Database } from '../database/database.js';
import { ApiKey, type IApiKey } from '../database/entities/index.js';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyRequest, CreatedApiKeyDto } from './auth.dto.js';
import { API_KEY_PREFIX } from './credentials.service.js';
import { Requires, Scope, type EnvironmentScope } from './principal.js';

const toDto = (key: IApiKey): ApiKeyDto => ({
  id: key.id,
  name: key.name,
  role: key.role,
  prefix: key.prefix,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  expiresAt: key.expiresAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
  state: key.revokedAt ? 'revoked' : key.expiresAt && key.expiresAt.getTime() <= Date.now() ? 'expired' : 'active',
});

const API_KEY_LIST: ListSpec = { sortable: ['name', 'role', 'prefix', 'createdAt', 'lastUsedAt', 'revokedAt'], search: ['name', 'prefix'], defaultSort: 'createdAt', defaultOrder: 'desc' };

@ApiTags('api-keys')
@ApiParam({ name: 'env', description: 'Environment slug, e.g. consumer-brand' })
@Controller('environments/:env/api-keys')
@Requires('apiKeys.manage')
export class ApiKeysController {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: "The environment's API keys (never the keys themselves), newest first." })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(@Scope() scope: EnvironmentScope, @Query() query: ListQuery): Promise<ApiKeyListDto> {
    const keys = await this.db.em.find(ApiKey, { environment: scope.environment.id });
    const { items, total } = pageInMemory(keys.map(toDto), query, API_KEY_LIST, (key, column) => key[column as keyof ApiKeyDto]);
    return page(items, total, query);
  }

  @Post()
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create a key that carries a role. The key is in this response only.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@Scope() scope: EnvironmentScope, @Body() body: CreateApiKeyRequest): Promise<CreatedApiKeyDto> {
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw Problem.badRequest('The expiry must be in the future.', [{ field: 'expiresAt', message: 'must be in the future' }]);
    }
    const secret = `${API_KEY_PREFIX}${newToken()}`;
    const key = this.db.em.create(ApiKey, {
      id: newId(),
      environment: scope.environment.id,
      name: body.name.trim(),
      role: body.role,
      prefix: secret.slice(0, 12),
      keyHash: sha256(secret),
      expiresAt,
      createdBy: scope.principal.kind === 'user' ? scope.principal.userId : null,
    });
    await this.db.em.flush();
    await this.audit.record(scope, 'api-key.created', 'api-key', key.id, null, { name: key.name, role: key.role, prefix: key.prefix, expiresAt: key.expiresAt?.toISOString() ?? null });
    return { ...toDto(key), key: secret };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke a key; calls with it fail from now on.' })
  @ApiNoContentResponse()
  async revoke(@Scope() scope: EnvironmentScope, @Param('id') id: string): Promise<void> {
    const key = await this.db.em.findOne(ApiKey, { id, environment: scope.environment.id });
    if (!key) throw Problem.notFound('API key', id);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await this.db.em.flush();
      await this.audit.record(scope, 'api-key.revoked', 'api-key', key.id, { name: key.name }, { name: key.name, revoked: true });
    }
  }
}
