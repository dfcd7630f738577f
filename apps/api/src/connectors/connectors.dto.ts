import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageMeta } from '../common/dto.js';

const OBJECT = { type: 'object', additionalProperties: true } as const;

/** A connector's manifest as the API serves it (no code). See the connector SDK's manifest schema. */
export class ConnectorDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() category!: string;
  @ApiProperty() description!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ description: 'npm package the connector comes from' }) packageName!: string;
  @ApiProperty({ description: 'Connector SDK versions it supports' }) sdk!: string;
  @ApiPropertyOptional() docsUrl?: string;
  @ApiProperty({ type: [String], enum: ['segment', 'data-out'] }) exportTypes!: ('segment' | 'data-out')[];
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Audience kinds with accepted segment types and fields' })
  audienceKinds!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Connection settings and secrets (secret: true)' })
  connectionSettings!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: OBJECT }) exportOptions!: Record<string, unknown>[];
  @ApiProperty(OBJECT) limits!: Record<string, unknown>;
  @ApiProperty(OBJECT) capabilities!: Record<string, unknown>;
}

export class ConnectorListDto extends PageMeta {
  @ApiProperty({ type: [ConnectorDto] }) items!: ConnectorDto[];
}
