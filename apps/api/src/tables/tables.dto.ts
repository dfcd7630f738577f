import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { COLUMN_TYPES, SEGMENT_TYPES, type ColumnType, type SegmentType } from '@outport/core';
import { IsOmittable, PageMeta } from '../common/dto.js';

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

export class ColumnDto {
  @ApiProperty({ example: 'email' }) @IsString() @Matches(NAME, { message: 'column names start with a letter and use letters, digits and _' }) name!: string;
  @ApiProperty({ enum: COLUMN_TYPES }) @IsIn(COLUMN_TYPES) type!: ColumnType;
  @ApiPropertyOptional({ default: true }) @IsOmittable() @IsBoolean() nullable?: boolean;
}

export class CreateTableRequest {
  @ApiProperty({ example: 'Customer' }) @IsString() @Matches(NAME, { message: 'name starts with a letter and uses letters, digits and _' }) name!: string;
  @ApiProperty({ example: 'customerId' }) @IsString() @MaxLength(63) keyColumn!: string;
  @ApiProperty({ type: [ColumnDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ColumnDto)
  columns!: ColumnDto[];
}

export class AddColumnsRequest {
  @ApiProperty({ type: [ColumnDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ColumnDto)
  columns!: ColumnDto[];
}

export class TableDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() keyColumn!: string;
  @ApiProperty({ type: [ColumnDto] }) columns!: ColumnDto[];
  @ApiProperty() recordCount!: number;
  @ApiProperty({ enum: SEGMENT_TYPES, nullable: true, description: 'The type of segment built on this table, if any' })
  segmentType!: SegmentType | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class TableListDto extends PageMeta {
  @ApiProperty({ type: [TableDto] }) items!: TableDto[];
}

export class RecordPageDto extends PageMeta {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) items!: Record<string, string | number | boolean | null>[];
}

export class IngestionErrorDto {
  @ApiProperty() line!: number;
  @ApiPropertyOptional() field?: string;
  @ApiProperty() message!: string;
}

export class IngestionResultDto {
  @ApiProperty({ description: 'Records read from the upload' }) received!: number;
  @ApiProperty({ description: 'Records written (inserted or updated by key)' }) accepted!: number;
  @ApiProperty({ description: 'Records rejected' }) rejected!: number;
  @ApiProperty({ type: [IngestionErrorDto] }) errors!: IngestionErrorDto[];
  @ApiProperty({ description: 'True when more rows were rejected than are listed' }) errorsTruncated!: boolean;
  @ApiProperty({ description: 'Records in the table after the upload' }) recordCount!: number;
}
