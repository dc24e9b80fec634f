import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
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

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  supervisorId?: string;
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
