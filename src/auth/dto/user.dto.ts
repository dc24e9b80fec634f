import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ROLES, StaffRole } from '../../common/actor/actor';
import { PageMetaDto, PageQueryDto } from '../../common/pagination/cursor';
import { UserEntity } from '../user.entity';

export const MIN_PASSWORD_LENGTH = 10;

export class CreateUserDto {
  @ApiProperty({ example: 'li.na@example.com' })
  @IsEmail() @MaxLength(320)
  email: string;

  @ApiProperty({ maxLength: 200 })
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, format: 'password' })
  @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` }) @MaxLength(512)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: StaffRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'An active supervisor or manager' })
  @IsOptional() @IsUUID()
  supervisorId?: string;
}

/** Given but not null: the field may be left out, never set to null. */
const given = (_: object, value: unknown) => value !== undefined;

/** An admin's change of a user; fields left out stay as they are. */
export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf(given) @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'Takes effect on the user\'s next request' })
  @ValidateIf(given) @IsIn(ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'An active supervisor or manager; null removes it' })
  @ValidateIf((_: object, value: unknown) => value !== undefined && value !== null) @IsUUID()
  supervisorId?: string | null;

  @ApiPropertyOptional({ description: 'false works like POST /users/:id/deactivate' })
  @ValidateIf(given) @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH, format: 'password', description: 'Resets the password (and any login lock of the account)' })
  @ValidateIf(given) @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` }) @MaxLength(512)
  password?: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional() @IsIn(ROLES)
  role?: StaffRole;
}

/** A user on the wire: never the password hash. */
export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: StaffRole;
  @ApiProperty({ format: 'uuid', nullable: true }) supervisorId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() version: number;

  static from(u: UserEntity): UserResponse {
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      supervisorId: u.supervisorId,
      active: u.active,
      createdAt: u.createdAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
      version: u.version,
    };
  }
}

export class UserPage extends PageMetaDto {
  @ApiProperty({ type: [UserResponse] })
  items: UserResponse[];
}
