import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { REFRESH_STATUSES, SEGMENT_TYPES, type RuleNode, type SegmentType } from '@outport/core';
import { IsOmittable, PageMeta } from '../common/dto.js';

const RULE_SCHEMA = {
  type: 'object',
  description:
    'A rule tree: { kind: "group", combinator: "and"|"or", rules: [...] } or { kind: "condition", field, operator, value }. ' +
    'Fields are columns of the base table; contact segments may also use "account.<column>".',
  additionalProperties: true,
  example: { kind: 'group', combinator: 'and', rules: [{ kind: 'condition', field: 'country', operator: 'equals', value: 'FR' }] },
} as const;

export class CreateSegmentRequest {
  @ApiProperty({ example: 'French newsletter subscribers' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(1000) description?: string | null;
  @ApiProperty({ description: 'Base table name: Customer (individuals), Account or Contact (business)', example: 'Customer' })
  @IsString()
  baseTable!: string;
  @ApiProperty(RULE_SCHEMA) @IsObject() rule!: RuleNode;
}

export class UpdateSegmentRequest {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' }) @IsOptional() @IsString() @MaxLength(1000) description?: string | null;
  @ApiPropertyOptional(RULE_SCHEMA) @IsOmittable() @IsObject() rule?: RuleNode;
}

export class SegmentDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: SEGMENT_TYPES }) type!: SegmentType;
  @ApiProperty({ description: 'Base table name' }) baseTable!: string;
  @ApiProperty(RULE_SCHEMA) rule!: RuleNode;
  @ApiProperty({ description: 'The rule in words' }) ruleText!: string;
  @ApiProperty() memberCount!: number;
  @ApiProperty({ enum: REFRESH_STATUSES }) refreshStatus!: (typeof REFRESH_STATUSES)[number];
  @ApiProperty({ nullable: true, type: String }) refreshError!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastRefreshedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) refreshDurationMs!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class SegmentListDto extends PageMeta {
  @ApiProperty({ type: [SegmentDto] }) items!: SegmentDto[];
}

export class SegmentMembersDto extends PageMeta {
  @ApiProperty({ type: [String], description: 'Member keys (the base table key), in key order' }) items!: string[];
}
