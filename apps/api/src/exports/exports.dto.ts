import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { RUN_STATUSES, SEGMENT_TYPES, type ExportSchedule, type RunStatus, type SegmentType } from '@outport/core';
import { ListQuery, PageMeta } from '../common/dto.js';

const OBJECT = { type: 'object', additionalProperties: true } as const;
const SCHEDULE = {
  ...OBJECT,
  description:
    'Default { kind: "system-refresh" }, or { kind: "custom", enabled, schedule: { recurrence, startDate, startTime, timeZone } } ' +
    '(recurrence: { frequency: "hourly" } | { frequency: "daily", times: ["06:00"] } | { frequency: "weekly", days: ["mon"], time } | { frequency: "monthly", daysOfMonth: [1], time })',
} as const;

export class ExportInput {
  @ApiPropertyOptional({ description: 'Connection to send through (null detaches)', nullable: true, type: String })
  @IsOptional()
  @IsString()
  connectionId?: string | null;

  @ApiPropertyOptional({ description: "The connector's audience kind (segment exports)" }) @IsOptional() @IsString() audienceKind?: string;

  @ApiPropertyOptional({ type: [String], description: 'Segment ids (segment exports)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  segmentIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Table ids or names (data-out exports)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  tableIds?: string[];

  @ApiPropertyOptional({ ...OBJECT, description: 'Connector field key → column of the segment table' }) @IsOptional() @IsObject() mapping?: Record<string, string>;
  @ApiPropertyOptional({ ...OBJECT, description: "Connector's export options (e.g. audienceId)" }) @IsOptional() @IsObject() options?: Record<string, unknown>;
  @ApiPropertyOptional(SCHEDULE) @IsOptional() @IsObject() schedule?: ExportSchedule;

  @ApiPropertyOptional({ description: 'Save even though a segment already goes to the same target object through another export' })
  @IsOptional()
  @IsBoolean()
  allowDuplicateTargets?: boolean;
}

export class CreateExportRequest extends ExportInput {
  @ApiProperty({ example: 'Newsletter audience' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: ['segment', 'data-out'] }) @IsIn(['segment', 'data-out']) type!: 'segment' | 'data-out';
}

export class DuplicateExportRequest {
  @ApiPropertyOptional({
    description:
      'Make the copy even though it sends the same segments to the same target object as the original (a segment export with a connection always does; without this the copy is refused with the problem creating such an export gets)',
  })
  @IsOptional()
  @IsBoolean()
  allowDuplicateTargets?: boolean;
}

export class UpdateExportRequest extends ExportInput {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
}

export class ExportConnectionDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() connectorId!: string;
  @ApiProperty({ nullable: true, type: String }) connectorName!: string | null;
}

export class ExportItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ enum: SEGMENT_TYPES }) segmentType?: SegmentType;
  @ApiProperty({ description: 'Members (segments) or rows (tables)' }) count!: number;
}

export class ExportDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['segment', 'data-out'] }) type!: 'segment' | 'data-out';
  @ApiProperty({ type: ExportConnectionDto, nullable: true }) connection!: ExportConnectionDto | null;
  @ApiProperty({ description: 'False when detached or its connector is missing: it never runs' }) active!: boolean;
  @ApiProperty({ nullable: true, type: String }) audienceKind!: string | null;
  @ApiProperty({ type: [ExportItemDto] }) items!: ExportItemDto[];
  @ApiProperty(OBJECT) mapping!: Record<string, string>;
  @ApiProperty(OBJECT) options!: Record<string, unknown>;
  @ApiProperty(SCHEDULE) schedule!: ExportSchedule;
  @ApiProperty({ description: 'The schedule in words' }) scheduleText!: string;
  @ApiProperty({ description: 'Whether Run all and schedules run it' }) scheduleOn!: boolean;
  @ApiProperty({ enum: [...RUN_STATUSES, 'never'] }) status!: RunStatus | 'never';
  @ApiProperty({ nullable: true, type: String, description: 'When the last successful run finished' }) lastRefreshedAt!: string | null;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) updatedBy!: string | null;
  @ApiProperty({ enum: ['edit', 'view'], description: "The caller's permission" }) permission!: 'edit' | 'view';
}

export class ExportListDto extends PageMeta {
  @ApiProperty({ type: [ExportDto] }) items!: ExportDto[];
}

export class ExportListQuery extends ListQuery {}

export class CandidateDto {
  @ApiProperty() segmentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SEGMENT_TYPES }) segmentType!: SegmentType;
  @ApiProperty() memberCount!: number;
  @ApiProperty() eligible!: boolean;
  @ApiProperty({ type: [String], description: 'Why it is not eligible' }) reasons!: string[];
  @ApiProperty({ enum: ['ok', 'warn', 'skip'], description: 'ok, warn (close to a limit) or skip (outside the limits: it would be skipped)' })
  limit!: 'ok' | 'warn' | 'skip';
  @ApiPropertyOptional() limitMessage?: string;
  @ApiProperty({ type: [String], description: 'Other exports that already send this segment to the same target object' })
  duplicateOf!: string[];
}

export class CandidatesRequest extends ExportInput {}

export class CandidateListDto {
  @ApiProperty({ type: [CandidateDto] }) items!: CandidateDto[];
}

export class BulkRequest {
  @ApiProperty({ enum: ['detach', 'remove', 'run'] }) @IsIn(['detach', 'remove', 'run']) action!: 'detach' | 'remove' | 'run';
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @Type(() => String) ids!: string[];
}

export class BulkResultDto {
  @ApiProperty({ type: [String] }) done!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, message: { type: 'string' } } } })
  failed!: { id: string; message: string }[];
}
