import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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

@ApiTags('connectors')
@Controller('connectors')
export class ConnectorsController {
  constructor(private readonly registry: ConnectorRegistry) {}

  @Get()
  @ApiOperation({ operationId: 'listConnectors', summary: 'Installed connectors and their manifests (what each accepts, its fields and limits).' })
  @ApiOkResponse({ type: ConnectorListDto })
  list(): ConnectorListDto {
    const items = this.registry.list().map(toConnectorDto);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getConnector' })
  @ApiOkResponse({ type: ConnectorDto })
  get(@Param('id') id: string): ConnectorDto {
    const installed = this.registry.get(id);
    if (!installed) throw Problem.notFound('Connector', id);
    return toConnectorDto(installed);
  }
}
