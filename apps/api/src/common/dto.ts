import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import type { Page } from '@outport/core';

/** Deepest page a list serves: `offset` above it is refused (narrow the list with `q` or `sort` instead). */
export const MAX_OFFSET = 1_000_000;
/** Longest page of a list. */
export const MAX_LIMIT = 200;

/**
 * A body field that may be left out but, when sent, must be valid: unlike `@IsOptional()`, which
 * lets `null` through to the service, `null` is refused unless the field says it is nullable
 * (then use `@IsOptional()` and document `nullable: true`).
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Query parameters every list takes: paging, sorting by a listed column, text search. */
export class ListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;

  @ApiPropertyOptional({ description: 'Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  sort?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ description: 'Case-insensitive text search' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export function page<T>(items: T[], total: number, query: ListQuery): Page<T> {
  return { items, total, limit: query.limit ?? 50, offset: query.offset ?? 0 };
}

/** Paging fields, mixed into every list response schema. */
export class PageMeta {
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
