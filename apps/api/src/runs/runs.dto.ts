import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { RUN_STATUSES, RUN_TRIGGERS, TASK_STATUSES, type RunStatus, type RunTrigger, type TaskStatus } from '@outport/core';
import { IsOmittable, ListQuery, PageMeta } from '../common/dto.js';

export class RunCountsDto {
  @ApiProperty({ description: 'Records read from the database' }) read!: number;
  @ApiProperty({ description: 'Records handed to the target' }) sent!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ description: 'Members of skipped segments' }) skipped!: number;
  @ApiProperty({ description: 'Accepted upserts of members the target did not hold (every accepted record, for targets that keep no members between runs)' })
  added!: number;
  @ApiProperty({ description: 'Accepted upserts of members the target held, sent again because their mapped values changed (or by a full resync)' })
  updated!: number;
  @ApiProperty({ description: 'Accepted removals of members who left the segment' }) removed!: number;
}

export class RunPlanDto {
  @ApiProperty({ description: 'Members a run would add' }) adds!: number;
  @ApiProperty({ description: 'Members the target holds whose mapped values changed: a run would send them again' }) updates!: number;
  @ApiProperty({ description: 'Members who left the segment: a run would remove them' }) removes!: number;
  @ApiProperty({ description: 'Members a run would refuse before sending (bad values)' }) rejected!: number;
}

export class RunChunkDto {
  @ApiProperty({ description: 'Zero-based place of the chunk in its segment, in key order' }) position!: number;
  @ApiProperty({ enum: TASK_STATUSES }) status!: TaskStatus;
  @ApiProperty() attempt!: number;
  @ApiProperty({ type: RunCountsDto }) counts!: RunCountsDto;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The worker that holds or held it' }) worker!: string | null;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

export class RunTaskDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['prepare', 'segment', 'table', 'finalize'] }) kind!: 'prepare' | 'segment' | 'table' | 'finalize';
  @ApiProperty({ nullable: true, type: String }) itemId!: string | null;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: TASK_STATUSES }) status!: TaskStatus;
  @ApiProperty({ type: RunCountsDto }) counts!: RunCountsDto;
  @ApiProperty({ type: RunPlanDto, nullable: true, description: 'Dry runs: what a real run would do' }) plan!: RunPlanDto | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The connector's report on how the target now holds the item, e.g. \"LinkedIn segment 123: READY, 2,310 of 3,100 matched\"" })
  note!: string | null;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ type: [RunChunkDto], description: 'Large segments: the key ranges that workers send in parallel (empty otherwise)' }) chunks!: RunChunkDto[];
}

export class RunScheduleDto {
  @ApiProperty({ description: 'The scheduled occurrence this run is for' }) scheduledFor!: string;
  @ApiProperty({ description: 'How long after its occurrence the run started' }) startedLateMs!: number;
  @ApiProperty({ description: 'Later occurrences that came due while no Outport process was running, folded into this run' }) missedOccurrences!: number;
  @ApiProperty({ nullable: true, type: String, description: 'In words, when the run started late (more than a minute)' }) note!: string | null;
}

export class RunInterruptionDto {
  @ApiProperty({ description: 'When it was noted' }) at!: string;
  @ApiProperty({ enum: ['database', 'queue', 'worker'], description: 'What was unavailable: the database, the job queue (Redis, or the process that held the in-process queue), or the worker sending the run' })
  cause!: 'database' | 'queue' | 'worker';
  @ApiProperty({ description: 'What happened and what the run did about it, e.g. "The database was unavailable for 12 s; the run resumed from its last checkpoint."' })
  message!: string;
}

export class RunDto {
  @ApiProperty() id!: string;
  @ApiProperty() exportId!: string;
  @ApiProperty() exportName!: string;
  @ApiProperty({ enum: RUN_TRIGGERS }) trigger!: RunTrigger;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() fullResync!: boolean;
  @ApiProperty() attempt!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Status waiting: what the run waits for before it starts' }) waitingFor!: string | null;
  @ApiProperty({ description: 'A user asked to cancel it and it has not stopped yet (it stops within one batch)' }) cancelRequested!: boolean;
  @ApiProperty({ type: RunCountsDto }) counts!: RunCountsDto;
  @ApiProperty({ type: RunScheduleDto, nullable: true, description: 'Scheduled runs (custom schedule or system refresh): the occurrence and whether it started late' })
  schedule!: RunScheduleDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ type: [RunInterruptionDto], description: 'Infrastructure faults the run met (the database or Redis unavailable, a worker gone) and how it carried on, oldest first' })
  interruptions!: RunInterruptionDto[];
  @ApiProperty({ type: [RunTaskDto], description: 'Prepare, one per segment or table, finalize' }) tasks!: RunTaskDto[];
}

export class RunListDto extends PageMeta {
  @ApiProperty({ type: [RunDto] }) items!: RunDto[];
}

export class RunListQuery extends ListQuery {
  @ApiPropertyOptional({ description: 'Only the runs of this export' }) @IsOptional() @IsString() @MaxLength(100) exportId?: string;
}

export class StartRunRequest {
  @ApiPropertyOptional({ description: 'Compute the plan (adds, updates, removes, rejections, skipped segments) and send nothing' })
  @IsOmittable()
  @IsBoolean()
  dryRun?: boolean;
  @ApiPropertyOptional({ description: 'Send every member again (members the target holds count as updated) instead of only the difference' })
  @IsOmittable()
  @IsBoolean()
  fullResync?: boolean;
}

export class RunAllSkippedDto {
  @ApiProperty() exportId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() reason!: string;
}

export class RunAllDto {
  @ApiProperty({ type: [RunDto] }) started!: RunDto[];
  @ApiProperty({ type: [RunAllSkippedDto] }) skipped!: RunAllSkippedDto[];
}
