import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { RUN_STATUSES, SEGMENT_TYPES, type ExportSchedule, type RunStatus, type SegmentType } from '@outport/core';
import { IsOmittable, ListQuery, PageMeta } from '../common/dto.js';

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

  @ApiPropertyOptional({ description: "The connector's audience kind (segment exports)" }) @IsOmittable() @IsString() audienceKind?: string;

  @ApiPropertyOptional({ type: [String], description: 'Segment ids (segment exports)' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  segmentIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Table ids or names (data-out exports)' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  tableIds?: string[];

  @ApiPropertyOptional({ ...OBJECT, description: 'Connector field key → column of the segment table' }) @IsOmittable() @IsObject() mapping?: Record<string, string>;
  @ApiPropertyOptional({ ...OBJECT, description: "Connector's export options (e.g. audienceId)" }) @IsOmittable() @IsObject() options?: Record<string, unknown>;
  @ApiPropertyOptional(SCHEDULE) @IsOmittable() @IsObject() schedule?: ExportSchedule;

  @ApiPropertyOptional({ description: 'Save even though a segment already goes to the same target object through another export' })
  @IsOmittable()
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
  @IsOmittable()
  @IsBoolean()
  allowDuplicateTargets?: boolean;
}

export class UpdateExportRequest extends ExportInput {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(1) @MaxLength(200) name?: string;
}

export class ExportConnectionDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() connectorId!: string;
  @ApiProperty({ nullable: true, type: String }) connectorName!: string | null;
  @ApiProperty({ description: 'Whether the caller may use this connection (admins always; contributors when it is shared with them)' }) canUse!: boolean;
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
  @ApiProperty({ nullable: true, type: String, description: "When it runs next by itself: its own schedule's next occurrence, or the next system refresh; null when off" })
  nextRunAt!: string | null;
  @ApiProperty({ enum: [...RUN_STATUSES, 'never'] }) status!: RunStatus | 'never';
  @ApiProperty({ nullable: true, type: String, description: 'When the last successful run finished' }) lastRefreshedAt!: string | null;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) updatedBy!: string | null;
  @ApiProperty({ enum: ['edit', 'view'], description: "The caller's permission" }) permission!: 'edit' | 'view';
}

export class ScheduleWarningDto {
  @ApiProperty({ enum: ['stagger'] }) kind!: 'stagger';
  @ApiProperty() message!: string;
  @ApiProperty({ type: [String], description: 'Exports on the same connection within 30 minutes of this one' }) conflictsWith!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'The nearest time of day (HH:mm, in the schedule\'s zone) at least 30 minutes from them' }) proposedTime!: string | null;
  @ApiProperty({ ...OBJECT, nullable: true, description: 'The schedule moved to the proposed time, ready to save' }) proposedSchedule!: ExportSchedule | null;
}

export class SavedExportDto extends ExportDto {
  @ApiProperty({ type: [ScheduleWarningDto], description: 'Advice about the saved schedule (it was saved as sent)' }) warnings!: ScheduleWarningDto[];
}

export class ExportListDto extends PageMeta {
  @ApiProperty({ type: [ExportDto] }) items!: ExportDto[];
}

export const EXPORT_STATUS_FILTERS = [...RUN_STATUSES, 'never', 'inactive'] as const;
export type ExportStatusFilter = (typeof EXPORT_STATUS_FILTERS)[number];

export class ExportListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: EXPORT_STATUS_FILTERS, description: "Only exports whose latest run has this status ('never': not run yet; 'inactive': detached or connector missing)" })
  @IsOptional()
  @IsIn(EXPORT_STATUS_FILTERS)
  status?: ExportStatusFilter;
}

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
  @ApiProperty({ enum: ['detach', 'remove', 'run', 'schedule'] }) @IsIn(['detach', 'remove', 'run', 'schedule']) action!: 'detach' | 'remove' | 'run' | 'schedule';
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @Type(() => String) ids!: string[];
  @ApiPropertyOptional({ enum: ['keep', 'override'], description: 'action schedule: keep each export\'s schedule and only switch it on or off (`enabled`), or override all with `schedule`' })
  @IsOmittable()
  @IsIn(['keep', 'override'])
  mode?: 'keep' | 'override';
  @ApiPropertyOptional({ description: 'action schedule, mode keep: switch the schedules on or off' }) @IsOmittable() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ ...SCHEDULE, description: 'action schedule, mode override: the new schedule for every export' }) @IsOmittable() @IsObject() schedule?: ExportSchedule;
}

export class StaggerWindowDto {
  @ApiProperty({ example: '02:00', description: 'HH:mm: the first export\'s new time' }) @IsString() @MaxLength(5) start!: string;
  @ApiPropertyOptional({ example: '04:00', description: 'HH:mm: the last export\'s new time (default: 30 minutes per export after start)' }) @IsOmittable() @IsString() @MaxLength(5) end?: string;
  @ApiPropertyOptional({ example: 'Europe/Paris', description: 'Zone of start and end (default: the earliest export\'s zone)' }) @IsOmittable() @IsString() @MaxLength(64) timeZone?: string;
}

export class StaggerRequest {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) ids!: string[];
  @ApiPropertyOptional({ type: StaggerWindowDto, description: 'Default: from the earliest of their current times, 30 minutes apart' })
  @IsOmittable()
  @ValidateNested()
  @Type(() => StaggerWindowDto)
  window?: StaggerWindowDto;
  @ApiPropertyOptional({ description: 'Save the proposed times (default false: only propose)' }) @IsOmittable() @IsBoolean() apply?: boolean;
}

export class StaggerProposalDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Current time of day (HH:mm, the export\'s zone)' }) from!: string;
  @ApiProperty({ description: 'Proposed time of day' }) to!: string;
  @ApiProperty(SCHEDULE) schedule!: ExportSchedule;
}

export class StaggerResultDto {
  @ApiProperty({ type: [StaggerProposalDto] }) proposals!: StaggerProposalDto[];
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, message: { type: 'string' } } }, description: 'Exports left out, with the reason' })
  skipped!: { id: string; message: string }[];
  @ApiProperty({ description: 'Whether the proposals were saved' }) applied!: boolean;
}

export class ExportScheduleWarningsDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [ScheduleWarningDto] }) warnings!: ScheduleWarningDto[];
}

export class BulkResultDto {
  @ApiProperty({ type: [String] }) done!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, message: { type: 'string' } } } })
  failed!: { id: string; message: string }[];
  @ApiPropertyOptional({ type: [ExportScheduleWarningsDto], description: 'Action schedule: advice about the saved schedules (they were saved as sent), for the exports that have some' })
  warnings?: ExportScheduleWarningsDto[];
}
