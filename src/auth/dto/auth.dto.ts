import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MIN_PASSWORD_LENGTH } from './user.dto';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.com' })
  @IsString() @MinLength(3) @MaxLength(320)
  email: string;

  @ApiProperty({ format: 'password' })
  @IsString() @MinLength(1) @MaxLength(512)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString() @MinLength(1) @MaxLength(512)
  currentPassword: string;

  @ApiProperty({ format: 'password', minLength: MIN_PASSWORD_LENGTH })
  @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `newPassword must be at least ${MIN_PASSWORD_LENGTH} characters` }) @MaxLength(512)
  newPassword: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;
}

export class MeResponse {
  @ApiProperty({ enum: ['user', 'api_key'] })
  type: string;

  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['front_desk', 'agent', 'supervisor', 'manager', 'admin', 'integration'] })
  role: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ required: false })
  email?: string;
}
