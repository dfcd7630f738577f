import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsISO8601, IsString, MaxLength, MinLength } from 'class-validator';
import { ENVIRONMENT_KINDS, ROLES, type EnvironmentKind, type Role } from '@outport/core';
import { IsOmittable, PageMeta } from '../common/dto.js';

export class LoginRequest {
  @ApiProperty({ example: 'admin@outport.demo' }) @IsEmail() @MaxLength(320) email!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) password!: string;
}

export class EnvironmentDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Used in URLs: /api/v1/environments/{slug}/…' }) slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ENVIRONMENT_KINDS }) kind!: EnvironmentKind;
  @ApiProperty({ enum: ROLES, description: "The caller's role in this environment" }) role!: Role;
}

export class EnvironmentListDto extends PageMeta {
  @ApiProperty({ type: [EnvironmentDto] }) items!: EnvironmentDto[];
}

export class MeDto {
  @ApiProperty({ enum: ['user', 'api-key'] }) kind!: 'user' | 'api-key';
  @ApiProperty({ nullable: true, type: String }) id!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ type: [EnvironmentDto] }) environments!: EnvironmentDto[];
}

export class CreateApiKeyRequest {
  @ApiProperty({ example: 'Nightly sync' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ description: 'When the key stops working (ISO 8601, in the future). Without it the key works until revoked.', example: '2027-06-30T00:00:00Z' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ description: 'First characters of the key, to tell keys apart' }) prefix!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Last successful call, to the minute' }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) state!: 'active' | 'expired' | 'revoked';
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key itself. Shown once: it is stored hashed and cannot be read again.' }) key!: string;
}

export class ApiKeyListDto extends PageMeta {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
}
