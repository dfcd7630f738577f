import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ALERT_CHANNEL_KINDS, ALERT_EVENTS, type AlertChannelKind, type AlertEvent } from '@outport/core';
import { IsOmittable, PageMeta } from '../common/dto.js';
import { ALERT_DELIVERY_STATUSES, type AlertDeliveryStatus } from '../database/entities/index.js';

const SECURITY = ['starttls', 'tls', 'none'] as const;
/** A host name or an IP address (IPv6 without brackets): letters, digits, dots, hyphens and colons. */
const HOST = /^[A-Za-z0-9.:-]+$/;
const EVENTS_DOC = {
  enum: ALERT_EVENTS,
  isArray: true,
  description: `Events the channel sends. Default: every failure (${ALERT_EVENTS.filter((e) => e !== 'run.succeeded_with_warnings').join(', ')}); runs that succeeded with warnings only when asked for`,
} as const;

class EmailSettingsFields {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'SMTP user name (the password goes in secrets.smtpPassword); null for none' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  username?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Addresses the channel writes to (besides the admins, with notifyAdmins)', example: ['data-team@example.com'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true })
  @MaxLength(320, { each: true })
  recipients?: string[];

  @ApiPropertyOptional({ description: 'Also write to every admin of the environment who did not opt out (default true)' })
  @IsOmittable()
  @IsBoolean()
  notifyAdmins?: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'A PEM certificate authority to trust besides the public ones (a private mail relay); null for none' })
  @IsOptional()
  @IsString()
  @Matches(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/, { message: 'caCertificate must be a PEM certificate' })
  @MaxLength(20_000)
  caCertificate?: string | null;
}

/** The SMTP server an email channel sends through, and whom it writes to. */
export class EmailSettingsDto extends EmailSettingsFields {
  @ApiProperty({ example: 'smtp.example.com' }) @IsString() @MaxLength(253) @Matches(HOST, { message: 'host must be a host name or an IP address' }) host!: string;
  @ApiProperty({ example: 587, minimum: 1, maximum: 65535 }) @IsInt() @Min(1) @Max(65535) port!: number;

  @ApiPropertyOptional({ enum: SECURITY, description: 'starttls (default): upgrade required; tls: TLS from the start (usually port 465); none: plain text, for trusted networks only' })
  @IsOmittable()
  @IsIn(SECURITY)
  security?: (typeof SECURITY)[number];

  @ApiProperty({ example: 'outport@example.com', description: 'Sender address' }) @IsEmail() @MaxLength(320) from!: string;
}

/** Email settings to change; the others keep their values. */
export class UpdateEmailSettingsDto extends EmailSettingsFields {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(253) @Matches(HOST, { message: 'host must be a host name or an IP address' }) host?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 65535 }) @IsOmittable() @IsInt() @Min(1) @Max(65535) port?: number;
  @ApiPropertyOptional({ enum: SECURITY }) @IsOmittable() @IsIn(SECURITY) security?: (typeof SECURITY)[number];
  @ApiPropertyOptional() @IsOmittable() @IsEmail() @MaxLength(320) from?: string;
}

export class WebhookSettingsDto {
  @ApiProperty({ example: 'https://hooks.example.com/outport', description: 'http or https URL the alerts are POSTed to (no user name or password in it)' })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true }, { message: 'url must be an http or https URL without credentials' })
  url!: string;
}

export class AlertChannelSecretsDto {
  @ApiPropertyOptional({ description: 'Email channels: the SMTP password. Stored encrypted, never returned.' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  smtpPassword?: string;

  @ApiPropertyOptional({ description: 'Webhook channels: the signing secret (at least 16 characters). Left out at creation, one is generated and returned once.' })
  @IsOmittable()
  @IsString()
  @MinLength(16)
  @MaxLength(500)
  signingSecret?: string;
}

class AlertChannelInput {
  @ApiPropertyOptional({ description: 'Whether the channel sends alerts (default true)' }) @IsOmittable() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional(EVENTS_DOC)
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALERT_EVENTS.length)
  @IsIn(ALERT_EVENTS, { each: true })
  events?: AlertEvent[];

  @ApiPropertyOptional({ type: WebhookSettingsDto, description: 'Webhook channels' })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => WebhookSettingsDto)
  webhook?: WebhookSettingsDto;

  @ApiPropertyOptional({ type: AlertChannelSecretsDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => AlertChannelSecretsDto)
  secrets?: AlertChannelSecretsDto;
}

export class CreateAlertChannelRequest extends AlertChannelInput {
  @ApiProperty({ example: 'Data team mail' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: ALERT_CHANNEL_KINDS }) @IsIn(ALERT_CHANNEL_KINDS) kind!: AlertChannelKind;

  @ApiPropertyOptional({ type: EmailSettingsDto, description: 'Email channels' })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => EmailSettingsDto)
  email?: EmailSettingsDto;
}

export class UpdateAlertChannelRequest extends AlertChannelInput {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(1) @MaxLength(200) name?: string;

  @ApiPropertyOptional({ type: UpdateEmailSettingsDto, description: 'Email channels: settings to change' })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateEmailSettingsDto)
  email?: UpdateEmailSettingsDto;

  @ApiPropertyOptional({ description: 'Webhook channels: replace the signing secret with a new generated one, returned once in this response' })
  @IsOmittable()
  @IsBoolean()
  regenerateSigningSecret?: boolean;
}

export class EmailSettingsViewDto {
  @ApiProperty() host!: string;
  @ApiProperty() port!: number;
  @ApiProperty({ enum: SECURITY }) security!: (typeof SECURITY)[number];
  @ApiProperty({ nullable: true, type: String }) username!: string | null;
  @ApiProperty() from!: string;
  @ApiProperty({ type: [String] }) recipients!: string[];
  @ApiProperty() notifyAdmins!: boolean;
  @ApiProperty({ nullable: true, type: String }) caCertificate!: string | null;
}

export class WebhookSettingsViewDto {
  @ApiProperty() url!: string;
}

export class AlertDeliverySummaryDto {
  @ApiProperty({ enum: ALERT_DELIVERY_STATUSES }) status!: AlertDeliveryStatus;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

/** A channel as admins see it: settings, which secrets are set (never their values), its latest delivery. */
export class AlertChannelDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ALERT_CHANNEL_KINDS }) kind!: AlertChannelKind;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ enum: ALERT_EVENTS, isArray: true }) events!: AlertEvent[];
  @ApiPropertyOptional({ type: EmailSettingsViewDto }) email?: EmailSettingsViewDto;
  @ApiPropertyOptional({ type: WebhookSettingsViewDto }) webhook?: WebhookSettingsViewDto;
  @ApiProperty({ type: [String], description: 'Names of the secrets that are set' }) secretsSet!: string[];
  @ApiProperty({ type: AlertDeliverySummaryDto, nullable: true, description: 'The latest finished delivery' }) lastDelivery!: AlertDeliverySummaryDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class SavedAlertChannelDto extends AlertChannelDto {
  @ApiPropertyOptional({ description: 'Webhook channels: the signing secret Outport generated, in this response only' }) signingSecret?: string;
}

export class AlertChannelListDto extends PageMeta {
  @ApiProperty({ type: [AlertChannelDto] }) items!: AlertChannelDto[];
}

export class AlertChannelTestDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() message!: string;
  @ApiProperty() durationMs!: number;
}

export class AlertDeliveryDto {
  @ApiProperty() id!: string;
  @ApiProperty() alertId!: string;
  @ApiProperty({ enum: ALERT_EVENTS }) event!: AlertEvent;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ALERT_DELIVERY_STATUSES }) status!: AlertDeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed, or why nothing was sent' }) lastError!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Pending deliveries: when the next attempt is due' }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

export class AlertDeliveryListDto extends PageMeta {
  @ApiProperty({ type: [AlertDeliveryDto] }) items!: AlertDeliveryDto[];
}

export class AlertPreferencesDto {
  @ApiProperty({ enum: ALERT_EVENTS, isArray: true, description: 'Events you get no alert emails about in this environment' }) optedOut!: AlertEvent[];
}

export class UpdateAlertPreferencesRequest {
  @ApiProperty({ enum: ALERT_EVENTS, isArray: true, description: 'Events you want no alert emails about in this environment (an empty list gets them all)' })
  @IsArray()
  @ArrayMaxSize(ALERT_EVENTS.length)
  @IsIn(ALERT_EVENTS, { each: true })
  optedOut!: AlertEvent[];
}
