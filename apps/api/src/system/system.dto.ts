import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { RUN_STATUSES, RUN_TRIGGERS, WEEKDAYS, type RunStatus, type RunTrigger, type Weekday } from '@outport/core';
import { PageMeta } from '../common/dto.js';

export class RefreshScheduleRequest {
  @ApiProperty({ description: 'Whether the refresh runs by itself' }) @IsBoolean() enabled!: boolean;
  @ApiProperty({ enum: ['daily', 'weekly'] }) @IsIn(['daily', 'weekly']) frequency!: 'daily' | 'weekly';
  @ApiProperty({ enum: WEEKDAYS, isArray: true, description: 'Weekly: the days it runs on' })
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(WEEKDAYS, { each: true })
  days!: Weekday[];
  @ApiProperty({ type: [String], example: ['02:00'], description: 'Up to four times a day, HH:mm in the time zone' })
  @IsArray()
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @MaxLength(5, { each: true })
  times!: string[];
  @ApiProperty({ example: 'Europe/Paris', description: 'IANA time zone' }) @IsString() @MaxLength(64) timeZone!: string;
}

export class RefreshScheduleDto extends RefreshScheduleRequest {
  @ApiProperty({ description: 'The schedule in words' }) description!: string;
  @ApiProperty({ nullable: true, type: String, description: 'When the next scheduled refresh starts; null when off' }) nextRunAt!: string | null;
}

export class RefreshProcessDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['segment', 'export'] }) kind!: 'segment' | 'export';
  @ApiProperty({ description: 'The segment or export id' }) targetId!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty({ type: [String], description: 'Processes that must succeed first (the segments an export reads)' }) dependsOn!: string[];
  @ApiProperty({ nullable: true, type: String, description: "Export processes: the run they started" }) runId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it failed or was skipped, what it waits for, or what it did' }) detail!: string | null;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs!: number | null;
}

export class SystemRefreshDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: RUN_TRIGGERS }) trigger!: RunTrigger;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Scheduled refreshes: the occurrence' }) scheduledFor!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Scheduled refreshes: how long after the occurrence it started' }) startedLateMs!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs!: number | null;
  @ApiProperty({ type: [RefreshProcessDto], description: 'The graph: segment refreshes, then the exports that read them' }) processes!: RefreshProcessDto[];
}

export class SystemRefreshListDto extends PageMeta {
  @ApiProperty({ type: [SystemRefreshDto] }) items!: SystemRefreshDto[];
}

export class ProcessStateDto {
  @ApiProperty({ enum: ['segment', 'export'] }) kind!: 'segment' | 'export';
  @ApiProperty() targetId!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: [...RUN_STATUSES, 'never'], description: 'The latest state: a segment refresh, or the export\'s latest run' }) status!: RunStatus | 'never';
  @ApiProperty({ nullable: true, type: String }) detail!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When it last finished' }) lastFinishedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastDurationMs!: number | null;
  @ApiProperty({ type: [String], description: 'Exports: the segments they read' }) dependsOn!: string[];
}

export class SystemStatusDto {
  @ApiProperty({ type: RefreshScheduleDto }) schedule!: RefreshScheduleDto;
  @ApiPropertyOptional({ type: SystemRefreshDto, nullable: true, description: 'The latest refresh, with its graph' }) latest!: SystemRefreshDto | null;
  @ApiProperty({ type: [ProcessStateDto], description: 'Every segment and every export that runs with the system refresh, in its latest state' }) processes!: ProcessStateDto[];
}
