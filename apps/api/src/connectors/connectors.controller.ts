import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListQuery, page } from '../common/dto.js';
import { pageInMemory, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { ConnectorRegistry, type InstalledConnector } from './connector-registry.js';
import { ConnectorDto, ConnectorListDto } from './connectors.dto.js';

export function toConnectorDto({ manifest, packageName }: InstalledConnector): ConnectorDto {
  return {
    id: manifest.id,
    name: manifest.name,
    category: manifest.category,
    description: manifest.description,
    version: manifest.version,
    packageName,
    sdk: manifest.sdk,
    ...(manifest.docsUrl ? { docsUrl: manifest.docsUrl } : {}),
    exportTypes: manifest.exportTypes,
    audienceKinds: manifest.audienceKinds,
    connectionSettings: manifest.connection.settings,
    exportOptions: manifest.exportOptions,
    limits: manifest.limits,
    capabilities: manifest.capabilities,
  };
}

const CONNECTOR_LIST: ListSpec = { sortable: ['name', 'id', 'category', 'version'], search: ['name', 'id', 'category', 'description'], defaultSort: 'name' };

@ApiTags('connectors')
@Controller('connectors')
export class ConnectorsController {
  constructor(private readonly registry: ConnectorRegistry) {}

  @Get()
  @ApiOperation({ operationId: 'listConnectors', summary: 'Installed connectors and their manifests (what each accepts, its fields and limits).' })
  @ApiOkResponse({ type: ConnectorListDto })
  list(@Query() query: ListQuery): ConnectorListDto {
    const { items, total } = pageInMemory(this.registry.list().map(toConnectorDto), query, CONNECTOR_LIST, (c, column) => {
      const value = c[column as keyof ConnectorDto];
      return typeof value === 'string' ? value : null;
    });
    return page(items, total, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getConnector', summary: 'One installed connector and its manifest.' })
  @ApiOkResponse({ type: ConnectorDto })
  get(@Param('id') id: string): ConnectorDto {
    const installed = this.registry.get(id);
    if (!installed) throw Problem.notFound('Connector', id);
    return toConnectorDto(installed);
  }
}
