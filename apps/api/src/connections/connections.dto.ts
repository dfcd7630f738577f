import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsOmittable, PageMeta } from '../common/dto.js';

export class ConnectionSharingDto {
  @ApiProperty({ enum: ['admins', 'contributors', 'users'], description: 'Who may use the connection in exports' })
  @IsIn(['admins', 'contributors', 'users'])
  mode!: 'admins' | 'contributors' | 'users';

  @ApiPropertyOptional({ type: [String], description: 'With mode "users": the user ids it is shared with' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  userIds?: string[];
}

const VALUES = { type: 'object', additionalProperties: true } as const;

export class CreateConnectionRequest {
  @ApiProperty({ example: 'Mailchimp (marketing)' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 'mailchimp' }) @IsString() connectorId!: string;
  @ApiProperty({ ...VALUES, description: "Settings declared by the connector's manifest" }) @IsObject() settings!: Record<string, unknown>;
  @ApiProperty({ ...VALUES, description: 'Secrets (API keys, passwords). Stored encrypted, never returned.' })
  @IsObject()
  secrets!: Record<string, unknown>;
  @ApiPropertyOptional({ type: ConnectionSharingDto }) @IsOmittable() @IsObject() @ValidateNested() @Type(() => ConnectionSharingDto) sharing?: ConnectionSharingDto;
}

export class UpdateConnectionRequest {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ ...VALUES, description: 'Settings to change (others keep their values)' }) @IsOmittable() @IsObject() settings?: Record<string, unknown>;
  @ApiPropertyOptional({ ...VALUES, description: 'Secrets to replace (others stay as they are)' }) @IsOmittable() @IsObject() secrets?: Record<string, unknown>;
  @ApiPropertyOptional({ type: ConnectionSharingDto }) @IsOmittable() @IsObject() @ValidateNested() @Type(() => ConnectionSharingDto) sharing?: ConnectionSharingDto;
}

/**
 * A connection as the caller may see it. Everyone sees the name and the type; only admins see the
 * settings, which secrets are set (never their values) and the sharing.
 */
export class ConnectionDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() connectorId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null when the connector is no longer installed' }) connectorName!: string | null;
  @ApiProperty({ description: 'False when the connector package is not installed: the connection cannot be used' }) available!: boolean;
  @ApiProperty({ description: 'Whether the caller may use it in exports' }) canUse!: boolean;
  @ApiPropertyOptional(VALUES) settings?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [String], description: 'Names of the secrets that are set' }) secretsSet?: string[];
  @ApiPropertyOptional({ type: ConnectionSharingDto }) sharing?: ConnectionSharingDto;
  @ApiPropertyOptional() createdAt?: string;
  @ApiPropertyOptional() updatedAt?: string;
}

export class ConnectionListDto extends PageMeta {
  @ApiProperty({ type: [ConnectionDto] }) items!: ConnectionDto[];
}

/**
 * The target proved another identity than the one the connection trusts (an SFTP server's host key
 * changed). Tests and runs fail until an admin accepts `offered` by saving it as the setting.
 */
export class IdentityChangeDto {
  @ApiProperty({ description: 'The connection setting that holds the trusted identity', example: 'hostKeyFingerprint' }) setting!: string;
  @ApiProperty({ description: "The setting's label", example: 'Host key fingerprint' }) label!: string;
  @ApiProperty({ description: 'The value the connection trusts' }) trusted!: string;
  @ApiProperty({ description: 'What the target presented instead; PATCH the connection with settings {[setting]: offered} to accept it' }) offered!: string;
}

export class ConnectionTestDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() message!: string;
  @ApiProperty() durationMs!: number;
  @ApiPropertyOptional({ ...VALUES, description: 'Settings this test recorded with the connection: values it learned, e.g. an SFTP server host key fingerprint on first use' })
  recorded?: Record<string, unknown>;
  @ApiPropertyOptional({ type: IdentityChangeDto }) identityChange?: IdentityChangeDto;
}
