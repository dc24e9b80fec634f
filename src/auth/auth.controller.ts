import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { zhEnExamples } from '../common/http/api-examples';
import { ApiProblem } from '../common/http/api-problem.decorator';
import { Throttle } from '@nestjs/throttler';
import { Actor, CurrentActor } from '../common/actor/actor';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, LoginResponse, MeResponse } from './dto/auth.dto';

/** Login is limited to 10 a minute per IP and email, on top of the failure lock per email. */
export const LOGIN_LIMIT_PER_MINUTE = 10;

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges email and password for a short-lived bearer token. Wrong email and wrong password get the same 401. */
  @Post('login')
  @ApiOperation({ summary: 'Log in', description: 'Exchanges email and password for a short-lived bearer token. Wrong email and wrong password get the same 401; repeated failures lock the account for a while.' })
  @ApiBody({
    type: LoginDto,
    examples: zhEnExamples({ email: 'zhang.wei@example.com', password: '前台-Passw0rd!' }, { email: 'front.desk@example.com', password: 'Front-Desk-Passw0rd!' }),
  })
  @ApiProblem(401, 'Email or password is wrong, or the account is deactivated or locked (`unauthenticated`).')
  @HttpCode(200)
  @Throttle({ default: { limit: LOGIN_LIMIT_PER_MINUTE, ttl: 60_000 } })
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password);
  }

  /**
   * Changes the caller's own password. A wrong currentPassword is 400 naming it and counts as a
   * failed login of the account (so a stolen token cannot be used to guess the password).
   */
  @Post('password')
  @ApiOperation({ summary: 'Change own password', description: "Changes the caller's own password. A wrong currentPassword is 400 naming it and counts as a failed login of the account." })
  @ApiNoContentResponse({ description: 'Password changed' })
  @HttpCode(204)
  @Throttle({ default: { limit: LOGIN_LIMIT_PER_MINUTE, ttl: 60_000 } })
  async changePassword(@Body() dto: ChangePasswordDto, @CurrentActor() actor: Actor): Promise<void> {
    await this.auth.changePassword(actor, dto.currentPassword, dto.newPassword);
  }

  /** The caller as the API sees it. */
  @Get('me')
  @ApiOperation({ summary: 'Who am I', description: 'The caller as the API sees it: user or API key, id, role, name.' })
  me(@CurrentActor() actor: Actor): MeResponse {
    return { type: actor.type, id: actor.id ?? '', role: actor.role, name: actor.name ?? '' };
  }
}
