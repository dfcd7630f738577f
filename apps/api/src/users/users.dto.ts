import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@outport/core';
import { IsOmittable, PageMeta } from '../common/dto.js';

export class MemberDto {
  @ApiProperty({ description: "The user's id (the same in every environment)" }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES, description: 'Their role in this environment' }) role!: Role;
  @ApiProperty({ description: 'When they were added to this environment' }) addedAt!: string;
}

export class MemberListDto extends PageMeta {
  @ApiProperty({ type: [MemberDto] }) items!: MemberDto[];
}

export class AddMemberRequest {
  @ApiProperty({ example: 'ana@example.com', description: 'An existing user is added; an unknown address creates the user (invites them)' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ example: 'Ana Ruiz', description: 'Required to invite someone new; ignored for an existing user' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
}

export class AddedMemberDto extends MemberDto {
  @ApiProperty({ description: 'True when the user was created by this call (invited)' }) invited!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Invited users only: their first password, generated here and shown once (it is stored hashed). Give it to them to log in with.',
  })
  initialPassword!: string | null;
}

export class UpdateMemberRequest {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
}
